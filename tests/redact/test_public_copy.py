"""The public copy masks the submitter's own data wherever and however it is written."""

from __future__ import annotations

import re
from typing import Any

import pytest

from atazan.proposals.privacy import plain_public, public_copy, render_public
from atazan_redact import make_identifier
from atazan_redact.detect import token

NAME = "Айгерім Сәдуақасова"
# The submitter's IIN: month 13, so no detector would take it for one; it is masked all the same.
OWN_IIN = next(v for n in range(1000) if (v := make_identifier(f"9013023{n:04d}")) is not None)
OWN_BIN = make_identifier("05044000123") or make_identifier("05044000124") or ""
EMAIL = "aigerim@example.kz"
PHONE = "+7 701 123 45 67"
KNOWN: dict[str, Any] = {
    "name": NAME,
    "iin": OWN_IIN,
    "email": EMAIL,
    "phone": PHONE,
    "address": "г. Алматы, ул. Абая, д. 10, кв. 5",
}


def fullwidth(value: str) -> str:
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in value)


@pytest.mark.parametrize(
    "written",
    [
        OWN_IIN,
        f"{OWN_IIN[:6]}\u00a0{OWN_IIN[6:]}",
        f"{OWN_IIN[:6]}\t{OWN_IIN[6:]}",
        f"{OWN_IIN[:4]}/{OWN_IIN[4:8]}/{OWN_IIN[8:]}",
        fullwidth(OWN_IIN),
        "".join(chr(0x0660 + int(c)) for c in OWN_IIN),
        "\u200b".join(OWN_IIN),
        f"\u202e{OWN_IIN}\u202c",
    ],
)
def test_the_submitters_own_iin_is_masked_however_it_is_written(written: str) -> None:
    masked = public_copy(f"Менің ЖСН-ім {written}, рахмет.", **KNOWN)
    assert masked == f"Менің ЖСН-ім {token('iin')}, рахмет."


def test_the_submitters_own_bin_is_masked() -> None:
    masked = public_copy(f"БСН: {OWN_BIN[:6]} {OWN_BIN[6:]}", bin_=OWN_BIN)
    assert masked == f"БСН: {token('iin')}"


@pytest.mark.parametrize(
    "written",
    [
        EMAIL,
        "AIGERIM@EXAMPLE.KZ",
        "aigerim[at]example[dot]kz",
        "aigerim (at) example (dot) kz",
        "aigerim at example dot kz",
        "aigerim собака example точка kz",
        "aigerim＠example.kz",
        "ai\u200bgerim@exa\u200cmple.kz",
        "aigerim at example kz",  # no detector reads this; the known address is matched
    ],
)
def test_the_submitters_own_email_is_masked_however_it_is_written(written: str) -> None:
    masked = public_copy(f"Хат жазыңыз: {written}.", **KNOWN)
    assert masked == f"Хат жазыңыз: {token('email')}."


@pytest.mark.parametrize(
    "written",
    [
        "+7 701 123 45 67",
        "8 (701) 123-45-67",
        "87011234567",
        "701 123 45 67",  # without the prefix: no detector takes ten digits starting 70 alone
        "701\u200b123\u200b45\u200b67",
        fullwidth("8 701 123 45 67"),
    ],
)
def test_the_submitters_own_phone_is_masked_however_it_is_written(written: str) -> None:
    assert public_copy(f"Нөмірім {written}", **KNOWN) == f"Нөмірім {token('phone')}"


@pytest.mark.parametrize(
    "written",
    [
        NAME,
        "Сәдуақасова Айгерім",
        "СӘДУАҚАСОВА АЙГЕРІМ",
        "Айгерім\u00a0Сәдуақасова",
        "Айгерім\u200b Сәду\u200bақасова",
        "\u2066Айгерім Сәдуақасова\u2069",
    ],
)
def test_the_submitters_own_name_is_masked_however_it_is_written(written: str) -> None:
    masked = public_copy(f"Мен, {written}, ұсынамын.", **KNOWN)
    assert masked == f"Мен, {token('name')}, ұсынамын."


def test_the_name_stays_when_the_submitter_agreed_to_publish_it() -> None:
    assert public_copy(f"Мен, {NAME}, ұсынамын.", **KNOWN, keep_name=True) == (
        f"Мен, {NAME}, ұсынамын."
    )


def test_the_submitters_own_address_is_masked() -> None:
    masked = public_copy("Мекенжайым: г.\u00a0Алматы, ул. Абая, д. 10, кв. 5.", **KNOWN)
    assert masked == f"Мекенжайым: {token('address')}."


def test_own_iin_and_email_reach_neither_the_public_page_nor_the_export() -> None:
    text = (
        f"Ұсыныс 33-бапқа. ЖСН {fullwidth(OWN_IIN[:6])}\u00a0{OWN_IIN[6:]}, "
        "пошта ai\u200bgerim[at]example[dot]kz, тел. 8\u200b701 123 45 67."
    )
    public = public_copy(text, **KNOWN)
    for shown in (plain_public(public), str(render_public(public))):
        digits = re.sub(r"\D", "", shown)
        assert digits == "33"
        assert "aigerim" not in shown and "example" not in shown

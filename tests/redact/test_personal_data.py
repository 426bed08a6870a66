"""Personal data is found and masked in Kazakh, Russian and English text."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from atazan_redact import find, make_identifier, redact
from atazan_redact.detect import token

# Words around the data: letters and punctuation of the three languages, no digits or '@'.
filler = st.text(
    alphabet="abcdefghij ABC абвгдежз ӘәҒғҚқҢңӨөҰұҮүҺһІі .,;:!?()«»-\n",
    max_size=60,
)
eleven = st.text(alphabet="0123456789", min_size=11, max_size=11)
valid_ids = eleven.map(make_identifier).filter(lambda v: v is not None)


@st.composite
def plausible_ids(draw: st.DrawFn) -> str:
    """A valid IIN (birth date, century digit) or BIN (registration month, entity type)."""
    year, month = draw(st.integers(0, 99)), draw(st.integers(1, 12))
    if draw(st.booleans()):
        middle = f"{draw(st.integers(1, 31)):02d}{draw(st.integers(1, 6))}"
    else:
        middle = f"{draw(st.sampled_from('456'))}{draw(st.integers(0, 3))}{draw(st.integers(0, 9))}"
    first = f"{year:02d}{month:02d}{middle}{draw(st.integers(0, 9999)):04d}"
    value = make_identifier(first)
    assume(value is not None)
    assert value is not None
    return value


def kinds(text: str) -> list[str]:
    return [f.kind for f in find(text)]


@given(before=filler, after=filler, number=plausible_ids())
def test_a_valid_iin_is_always_masked(before: str, after: str, number: str) -> None:
    text = f"{before} {number} {after}"
    masked = redact(text)
    assert number not in masked
    assert token("iin") in masked


@given(before=filler, number=valid_ids, position=st.integers(0, 11), delta=st.integers(1, 9))
def test_a_twelve_digit_number_with_a_wrong_check_digit_is_not_an_iin(
    before: str, number: str, position: int, delta: int
) -> None:
    broken = number[:11] + str((int(number[11]) + delta) % 10)
    assert "iin" not in kinds(f"{before} {broken}")


PHONE_FORMATS = [
    "+7 {a} {b} {c} {d}",
    "+7 ({a}) {b}-{c}-{d}",
    "+7{a}{b}{c}{d}",
    "8 {a} {b} {c} {d}",
    "8 ({a}) {b} {c} {d}",
    "8({a}){b}{c}{d}",
    "8-{a}-{b}-{c}-{d}",
    "8{a}{b}{c}{d}",
    "7{a}{b}{c}{d}",
    "+7 {a} {b}{c}{d}",
    "8.{a}.{b}.{c}.{d}",
]


@given(
    fmt=st.sampled_from(PHONE_FORMATS),
    operator=st.sampled_from(
        ["701", "702", "705", "707", "708", "747", "771", "775", "777", "778", "727", "717"]
    ),
    b=st.integers(100, 999),
    c=st.integers(10, 99),
    d=st.integers(10, 99),
    before=filler,
    after=filler,
)
def test_kazakh_phone_numbers_are_masked_in_every_notation(
    fmt: str, operator: str, b: int, c: int, d: int, before: str, after: str
) -> None:
    phone = fmt.format(a=operator, b=b, c=c, d=d)
    masked = redact(f"{before} {phone} {after}")
    digits = re.sub(r"\D", "", phone)[-7:]
    assert digits not in re.sub(r"\D", "", masked)
    assert token("phone") in masked


@given(
    user=st.from_regex(r"[a-z][a-z0-9._-]{0,15}", fullmatch=True),
    domain=st.sampled_from(["mail.kz", "gmail.com", "gov.kz", "example.org", "почта.қаз"]),
    before=filler,
)
def test_email_addresses_are_masked(user: str, domain: str, before: str) -> None:
    address = f"{user}@{domain}"
    masked = redact(f"{before} {address}, ")
    assert address not in masked
    assert token("email") in masked


@given(text=filler)
def test_text_without_digits_or_at_signs_is_left_alone(text: str) -> None:
    assert redact(text) == text


@given(before=filler, number=plausible_ids(), after=filler)
def test_masking_is_idempotent(before: str, number: str, after: str) -> None:
    once = redact(f"{before} {number} тел. 8 701 555 12 34 {after}")
    assert redact(once) == once


@pytest.mark.parametrize(
    "text",
    [
        "Предлагаю изменить статью 33 и пункт 2 статьи 31.",
        "26-бап, 3-тармақ; 33-бапты өзгерту керек; I бөлім, 1-тарау.",
        "See Article 33(2) and Art. 41, Section I.",
        "В 1995 году поступило около 30 000 предложений, внесено 1 100 поправок.",
        "Референдум 15.03.2026: 7 954 667 голосов «за», 87,15%.",
        "2025-2026 годы, 130 членов комиссии, 12 заседаний.",
    ],
)
def test_citations_dates_and_figures_are_not_personal_data(text: str) -> None:
    assert find(text) == []


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Удостоверение личности № 043219876 выдано МВД.", "043219876"),
        ("Жеке куәлік № 041122334", "041122334"),
        ("паспорт N12345678", "12345678"),
        ("My ID card number is 039876543.", "039876543"),
        ("уд. л. 012345678", "012345678"),
        ("passport no. N 87654321", "87654321"),
    ],
)
def test_identity_document_numbers_are_masked(text: str, secret: str) -> None:
    masked = redact(text)
    assert secret not in masked
    assert token("document") in masked


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Адрес: г. Алматы, ул. Абая, д. 10, кв. 5.", "Абая, д. 10, кв. 5"),
        ("живу на пр. Республики 24-15", "Республики 24-15"),
        ("мкр. Самал-2, дом 33", "Самал-2, дом 33"),
        ("Мекенжайым: Абай көшесі, 10-үй, 5-пәтер", "Абай көшесі, 10-үй"),
        ("Тұрғылықты жерім Сарыарқа даңғылы 15", "Сарыарқа даңғылы 15"),
        ("I live at 12 Abay Street, apt 5.", "12 Abay Street"),
        ("Postcode Z05T3E4, Astana", "Z05T3E4"),
    ],
)
def test_postal_addresses_are_masked_where_detectable(text: str, secret: str) -> None:
    masked = redact(text)
    assert secret not in masked
    assert token("address") in masked


def test_short_local_numbers_are_masked_after_a_phone_word() -> None:
    assert redact("тел.: 55-66-77") == "тел.: " + token("phone")
    assert redact("ұялы телефон 8 777 123 4567") == "ұялы телефон " + token("phone")


def test_phone_numbers_in_a_row_are_each_masked() -> None:
    masked = redact("87011234567 87771234567")
    assert masked == f"{token('phone')} {token('phone')}"


def test_a_custom_mask_gets_the_finding() -> None:
    number = make_identifier("90010230012")
    assert number
    assert redact(f"ИИН {number}", mask=lambda f: f"<{f.kind}:{len(f.value)}>") == "ИИН <iin:12>"


def test_only_the_asked_kinds_are_masked_but_others_are_not_misread() -> None:
    number = make_identifier("90010230012")
    assert number
    text = f"ИИН {number}, тел. 87011234567"
    masked = redact(text, kinds=["phone"])
    assert number in masked
    assert "87011234567" not in masked

"""Real consultation texts (../shared/data): numbers that are not personal data stay unmasked."""

from __future__ import annotations

from pathlib import Path

import pytest

from atazan_redact import find
from atazan_redact.samples import real_texts

#: Kinds read from digits: in these Spanish texts no Kazakh IIN, phone, ID card or street exists.
NUMBER_KINDS = ("iin", "phone", "document", "address")


def test_no_number_in_the_real_texts_is_masked_by_mistake(shared_data: Path) -> None:
    texts = real_texts(shared_data)
    if not texts:
        pytest.skip("no real texts in ../shared/data")
    with_digits = [t for t in texts if any(c.isdigit() for c in t)]
    assert len(with_digits) > 1000  # article numbers, dates, amounts, street numbers, years
    masked = [(f.kind, f.value) for text in with_digits for f in find(text, NUMBER_KINDS)]
    assert masked == []


def test_the_e_mail_shaped_strings_in_the_real_texts_are_the_only_findings(
    shared_data: Path,
) -> None:
    # One real contact address, two URLs with "@" in them and "vecin@s" (Spanish "vecinos/as").
    found = [f for text in real_texts(shared_data) for f in find(text)]
    assert {f.kind for f in found} <= {"email"}
    assert len(found) <= 4

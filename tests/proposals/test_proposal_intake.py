"""Checking input from every channel: identity, fields, consents."""

from __future__ import annotations

import pytest
from proposal_helpers import VALID_BIN, VALID_IIN, iin, raw_submission

from atazan.proposals.citations import find_citations
from atazan.proposals.intake import InvalidSubmission, clean_submission, parse_bool
from atazan_redact import make_identifier


def errors_of(**overrides: object) -> dict[str, str]:
    with pytest.raises(InvalidSubmission) as caught:
        clean_submission(raw_submission(**overrides))
    return caught.value.errors


def test_a_complete_citizen_submission_is_accepted() -> None:
    submission = clean_submission(raw_submission(iin=f"{VALID_IIN[:6]} {VALID_IIN[6:]}"))
    assert submission.iin == VALID_IIN
    assert submission.cited_provisions == ["50"]
    assert submission.consent_publish_text is True


def test_an_iin_with_a_wrong_check_digit_is_refused_with_the_reason() -> None:
    wrong = VALID_IIN[:11] + str((int(VALID_IIN[11]) + 1) % 10)
    assert "check digit" in errors_of(iin=wrong)["iin"]
    assert "12 digits" in errors_of(iin="12345")["iin"]


def test_an_iin_is_never_refused_for_its_birth_date() -> None:
    impossible_date = make_identifier("99023150001") or make_identifier("99023150002")
    assert clean_submission(raw_submission(iin=impossible_date)).iin == impossible_date


def test_anonymous_appeals_are_not_accepted() -> None:
    assert "anonymous" in errors_of(submitter_name="")["submitter_name"]
    assert "IIN" in errors_of(iin="")["iin"]


def test_an_organisation_is_identified_by_a_valid_bin() -> None:
    assert "BIN" in errors_of(submitter_type="party", iin="", bin="")["bin"]
    submission = clean_submission(raw_submission(submitter_type="party", iin="", bin=VALID_BIN))
    assert submission.bin == VALID_BIN


def test_each_bad_field_is_reported() -> None:
    errors = errors_of(
        region="mars",
        language="de",
        contact_email="not-mail",
        submitter_type="alien",
        consent_publish_text="maybe",
        received_at="yesterday",
    )
    assert set(errors) >= {
        "region",
        "language",
        "contact_email",
        "submitter_type",
        "consent_publish_text",
        "received_at",
    }


def test_a_title_only_proposal_uses_the_title_as_its_text_and_the_text_gives_a_title() -> None:
    assert clean_submission(raw_submission(text="")).text == raw_submission()["title"]
    derived = clean_submission(raw_submission(title="", text="Бірінші сөйлем. Екінші сөйлем."))
    assert derived.title == "Бірінші сөйлем."
    assert "text" in errors_of(title="", text="")


def test_consents_read_yes_and_no_in_three_languages() -> None:
    assert parse_bool("иә") and parse_bool("да") and parse_bool("yes")
    assert parse_bool("жоқ") is False and parse_bool("нет") is False and parse_bool("") is False
    assert parse_bool("perhaps") is None


def test_cited_provisions_are_found_in_the_text_in_three_languages() -> None:
    text = "Изменить пункт 2 статьи 31 и ст. 33. 26-бап, 3-тармақ. See Art. 33(2) and Article 41."
    assert find_citations(text) == ["31(2)", "33", "26(3)", "33(2)", "41"]


def test_a_different_iin_is_still_valid() -> None:
    assert clean_submission(raw_submission(iin=iin("85123140001"))).iin

"""Figures, dates and page numbers that cannot be right; corrections made from a stale version."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from atazan.core.errors import ConflictError, InvalidInputError
from atazan.referendum import actions
from atazan.referendum.models import (
    Precinct,
    ProtocolVersion,
    Question,
    TurnoutReport,
    VoterRollEntry,
)
from atazan_results import Figures
from atazan_results.synthetic import SyntheticElection

from factories import SYSTEM

pytestmark = pytest.mark.django_db

SLUG = "trial-2026"
HUGE = 10**20
GOOD = Figures(
    registered=1500,
    received=1510,
    issued=1000,
    yes=800,
    no=170,
    invalid=20,
    not_counted=10,
    spoiled=4,
    unused=506,
)


def url(name: str, **kwargs: str) -> str:
    return reverse(f"referendum:{name}", kwargs={"slug": SLUG, **kwargs})


def _client(user: Any = None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def _figures(**changes: int) -> dict[str, int]:
    return {**GOOD.as_dict(), **changes}


@pytest.fixture
def precinct(question: Question) -> Precinct:
    unit = question.referendum.units.get(code="abai")
    return actions.add_precinct(SYSTEM, unit, district_code="abai-01", code="ABA-0999")


# Figures around 10^20 ---------------------------------------------------------------------


def test_the_entry_form_refuses_a_figure_of_10_to_the_20_with_a_message(
    precinct: Precinct, official: Any
) -> None:
    response = _client(official).post(
        url("enter"), {"precinct": precinct.code, **_figures(registered=HUGE)}
    )
    assert response.status_code == 200
    assert "less than or equal to 100000000" in response.content.decode()
    assert not ProtocolVersion.objects.exists()


def test_the_correction_form_refuses_a_figure_of_10_to_the_20_with_a_message(
    precinct: Precinct, question: Question, official: Any
) -> None:
    actions.enter_protocol(official, precinct, question, GOOD)
    response = _client(official).post(
        url("correct", code=precinct.code),
        {**_figures(unused=HUGE), "reason": "typo", "version": 1},
    )
    assert response.status_code == 200
    assert "less than or equal to 100000000" in response.content.decode()
    assert ProtocolVersion.objects.count() == 1


def test_the_turnout_form_refuses_a_count_of_10_to_the_20_with_a_message(
    precinct: Precinct, official: Any
) -> None:
    response = _client(official).post(
        url("report_turnout", code=precinct.code), {"time": "10:00", "voted": HUGE}, follow=True
    )
    assert response.status_code == 200
    assert "Voted so far: Ensure this value is less than or equal to" in response.content.decode()
    assert not TurnoutReport.objects.exists()


def test_the_actions_refuse_figures_beyond_any_electorate(
    precinct: Precinct, question: Question, official: Any
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        actions.enter_protocol(official, precinct, question, replace(GOOD, registered=HUGE))
    assert refused.value.field == "registered" and refused.value.http_status == 422
    with pytest.raises(InvalidInputError):
        actions.report_turnout(official, precinct, dt.time(10), HUGE)
    assert not ProtocolVersion.objects.exists() and not TurnoutReport.objects.exists()


# Corrections carry the version they were made from -------------------------------------------


def test_a_correction_made_from_a_version_no_longer_in_force_is_refused(
    precinct: Precinct, question: Question, official: Any
) -> None:
    protocol = actions.enter_protocol(official, precinct, question, GOOD)
    actions.correct_protocol(
        official, protocol, replace(GOOD, yes=801, no=169), "recount", expected_version=1
    )
    with pytest.raises(ConflictError) as refused:
        actions.correct_protocol(
            official, protocol, replace(GOOD, yes=799, no=171), "typo", expected_version=1
        )
    assert refused.value.http_status == 409 and refused.value.field == "version"
    assert "version 2 is now in force" in refused.value.message
    assert list(ProtocolVersion.objects.values_list("number", "yes")) == [(1, 800), (2, 801)]


def test_two_officials_correcting_the_same_protocol_the_second_is_told_and_shown_version_2(
    precinct: Precinct, question: Question, official: Any
) -> None:
    actions.enter_protocol(official, precinct, question, GOOD)
    first, second = _client(official), _client(official)
    form = second.get(url("correct", code=precinct.code)).content.decode()
    assert 'name="version" value="1"' in form
    done = first.post(
        url("correct", code=precinct.code),
        {**_figures(yes=801, no=169), "reason": "recount", "version": 1},
    )
    assert done.status_code == 302
    stale = second.post(
        url("correct", code=precinct.code),
        {**_figures(yes=799, no=171), "reason": "typo", "version": 1},
    )
    page = stale.content.decode()
    assert stale.status_code == 200
    assert "corrected by someone else" in page and 'name="version" value="2"' in page
    assert ProtocolVersion.objects.count() == 2


def test_a_correction_form_without_its_version_is_refused(
    precinct: Precinct, question: Question, official: Any
) -> None:
    actions.enter_protocol(official, precinct, question, GOOD)
    response = _client(official).post(
        url("correct", code=precinct.code), {**_figures(yes=801, no=169), "reason": "typo"}
    )
    assert response.status_code == 200
    assert "does not say which version" in response.content.decode()
    assert ProtocolVersion.objects.count() == 1


# Dates and page numbers ------------------------------------------------------------------------


def test_the_voter_roll_refuses_a_birth_date_in_year_1(precinct: Precinct, official: Any) -> None:
    response = _client(official).post(
        url("roll"),
        {
            "precinct": precinct.code,
            "iin": "900102300121",
            "full_name": "Test Person",
            "birth_date": "0001-01-01",
        },
    )
    assert response.status_code == 200
    assert "between 1900-01-01 and today" in response.content.decode()
    assert not VoterRollEntry.objects.exists()


@pytest.mark.parametrize(("page", "status"), [("²", 400), ("x", 400), ("9" * 40, 404)])
def test_a_unit_page_number_that_is_not_a_number_is_400_and_a_huge_one_404(
    counted: SyntheticElection, page: str, status: int
) -> None:
    unit = counted.protocols[0].unit
    response = _client().get(url("unit", unit=unit), {"page": page})
    assert response.status_code == status


# CSV files open safely in a spreadsheet ------------------------------------------------------


def test_the_protocols_csv_neutralises_formulas_but_keeps_figures_numbers(
    question: Question, official: Any
) -> None:
    unit = question.referendum.units.get(code="abai")
    hostile = actions.add_precinct(
        SYSTEM, unit, district_code="abai-01", code='=HYPERLINK("http://x","y")'
    )
    actions.enter_protocol(official, hostile, question, GOOD)
    text = _client().get(url("protocols_csv")).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][2] == '\'=HYPERLINK("http://x","y")'
    assert rows[1][4:] == [str(v) for v in GOOD.as_dict().values()]

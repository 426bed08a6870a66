"""Voting age on voting day and the court-ordered exclusions."""

from __future__ import annotations

import datetime as dt

from atazan_results.eligibility import Exclusion, age_on, ineligibility, is_eligible

VOTING_DAY = dt.date(2026, 3, 15)


def test_a_voter_turning_18_on_voting_day_may_vote() -> None:
    assert is_eligible(dt.date(2008, 3, 15), VOTING_DAY)


def test_a_voter_turning_18_the_day_after_may_not() -> None:
    assert ineligibility(dt.date(2008, 3, 16), VOTING_DAY) == ["under_age"]


def test_born_on_29_february_comes_of_age_on_1_march() -> None:
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18


def test_court_exclusions_make_an_adult_ineligible() -> None:
    adult = dt.date(1980, 1, 1)
    assert ineligibility(adult, VOTING_DAY, Exclusion.INCAPABLE) == ["declared_incapable"]
    assert ineligibility(adult, VOTING_DAY, "confined") == ["confined_by_sentence"]
    assert is_eligible(adult, VOTING_DAY, "")

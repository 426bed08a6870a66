"""Who may vote: citizens aged 18 on voting day, unless a court has ruled otherwise.

The law excludes people a court has declared legally incapable and people held
in confinement by a court sentence. Nothing else about a person matters here;
in particular an IIN is never checked against the birth date (since 2013 they
need not agree).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

VOTING_AGE = 18


class Exclusion(StrEnum):
    NONE = ""
    INCAPABLE = "incapable"
    CONFINED = "confined"


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years on ``day``; someone born on 29 February comes of age on 1 March."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def ineligibility(
    birth_date: dt.date, voting_day: dt.date, exclusion: Exclusion | str = ""
) -> list[str]:
    """Reasons a person may not vote on ``voting_day`` (empty when they may)."""
    reasons = []
    if age_on(birth_date, voting_day) < VOTING_AGE:
        reasons.append("under_age")
    if Exclusion(exclusion) is Exclusion.INCAPABLE:
        reasons.append("declared_incapable")
    if Exclusion(exclusion) is Exclusion.CONFINED:
        reasons.append("confined_by_sentence")
    return reasons


def is_eligible(birth_date: dt.date, voting_day: dt.date, exclusion: Exclusion | str = "") -> bool:
    return not ineligibility(birth_date, voting_day, exclusion)

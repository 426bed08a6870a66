"""Control relations: a protocol that fails one is refused with the relation named."""

from __future__ import annotations

from dataclasses import replace

import pytest
from results_data import precinct

from atazan_results import RELATIONS, Figures, ProtocolRejected, check, validated

GOOD = precinct(
    "astana", "p1", 1500, 1000, 800, invalid=20, not_counted=5, spoiled=3, unused=497
).figures


def test_a_consistent_protocol_breaks_no_relation() -> None:
    assert check(GOOD) == []
    assert validated(GOOD) is GOOD


def test_voted_must_equal_yes_no_invalid_and_not_counted() -> None:
    broken = check(replace(GOOD, yes=GOOD.yes + 1))
    assert [b.code for b in broken] == ["voted_accounted"]
    assert broken[0].formula == "issued = yes + no + invalid + not_counted"
    assert (broken[0].left, broken[0].right) == (1000, 1001)


def test_ballots_received_must_equal_issued_spoiled_and_unused() -> None:
    broken = check(replace(GOOD, unused=GOOD.unused - 2))
    assert [b.code for b in broken] == ["ballots_accounted"]
    assert "received" in broken[0].fields and "unused" in broken[0].fields


def test_voted_cannot_exceed_registered() -> None:
    broken = check(replace(GOOD, registered=999))
    assert [b.code for b in broken] == ["voted_within_registered"]


def test_a_negative_figure_is_named() -> None:
    broken = check(replace(GOOD, spoiled=-3, unused=GOOD.unused + 6))
    assert [b.code for b in broken] == ["non_negative_spoiled"]


def test_every_broken_relation_is_reported_not_just_the_first() -> None:
    bad = replace(GOOD, registered=10, yes=0)
    with pytest.raises(ProtocolRejected) as caught:
        validated(bad, where="precinct p1")
    codes = [b.code for b in caught.value.broken]
    assert codes == ["voted_accounted", "voted_within_registered"]
    assert str(caught.value).startswith("precinct p1: issued = yes + no")


def test_relation_codes_are_unique_and_cover_every_figure() -> None:
    codes = [r.code for r in RELATIONS]
    assert len(codes) == len(set(codes))
    covered = {name for r in RELATIONS for name in r.fields}
    assert covered == set(Figures().as_dict())

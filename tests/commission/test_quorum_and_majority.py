"""Quorum and majority at their edges: exactly two thirds, ties, abstentions, absentees."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atazan.commission.decisions import (
    SIMPLE_OF_PRESENT,
    TWO_THIRDS_OF_ALL,
    Count,
    has_quorum,
    is_adopted,
    members_needed_for_quorum,
    votes_needed,
)

TWO_THIRDS = Fraction(2, 3)


def test_a_body_of_130_needs_87_present_for_a_two_thirds_quorum() -> None:
    assert members_needed_for_quorum(130, TWO_THIRDS) == 87
    assert has_quorum(87, 130, TWO_THIRDS)
    assert not has_quorum(86, 130, TWO_THIRDS)


def test_exactly_two_thirds_present_is_a_quorum() -> None:
    assert has_quorum(20, 30, TWO_THIRDS)
    assert not has_quorum(19, 30, TWO_THIRDS)


def test_a_body_without_members_never_has_a_quorum() -> None:
    assert not has_quorum(0, 0, TWO_THIRDS)


def test_a_tie_among_those_present_is_not_a_simple_majority() -> None:
    assert not is_adopted(
        SIMPLE_OF_PRESENT, Count(members=130, present=100, for_=50, against=50, abstain=0)
    )
    assert is_adopted(
        SIMPLE_OF_PRESENT, Count(members=130, present=100, for_=51, against=49, abstain=0)
    )


def test_abstentions_and_silent_members_present_weigh_against_a_simple_majority() -> None:
    # 100 present, 50 for, 10 against, 5 abstain, 35 present but silent: 50 is not more than half.
    assert not is_adopted(
        SIMPLE_OF_PRESENT, Count(members=130, present=100, for_=50, against=10, abstain=5)
    )
    assert (
        votes_needed(
            SIMPLE_OF_PRESENT, Count(members=130, present=100, for_=0, against=0, abstain=0)
        )
        == 51
    )


def test_exactly_two_thirds_of_all_members_adopts() -> None:
    assert is_adopted(
        TWO_THIRDS_OF_ALL, Count(members=129, present=120, for_=86, against=34, abstain=0)
    )
    assert not is_adopted(
        TWO_THIRDS_OF_ALL, Count(members=129, present=120, for_=85, against=35, abstain=0)
    )


def test_absentees_count_against_a_two_thirds_of_all_rule() -> None:
    # 87 of 130 is 66.9%: adopted even if only 87 came; 86 of 130 is not, however few object.
    assert is_adopted(
        TWO_THIRDS_OF_ALL, Count(members=130, present=87, for_=87, against=0, abstain=0)
    )
    assert not is_adopted(
        TWO_THIRDS_OF_ALL, Count(members=130, present=130, for_=86, against=0, abstain=0)
    )
    assert (
        votes_needed(TWO_THIRDS_OF_ALL, Count(members=130, present=0, for_=0, against=0, abstain=0))
        == 87
    )


def test_impossible_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        Count(members=10, present=11, for_=0, against=0, abstain=0)
    with pytest.raises(ValueError):
        Count(members=10, present=5, for_=6, against=5, abstain=0)
    with pytest.raises(ValueError):
        is_adopted("unanimity", Count(members=3, present=3, for_=3, against=0, abstain=0))


@given(st.integers(1, 400), st.data())
def test_votes_needed_is_exactly_the_threshold_of_each_rule(
    members: int, data: st.DataObject
) -> None:
    present = data.draw(st.integers(0, members))
    for rule in (SIMPLE_OF_PRESENT, TWO_THIRDS_OF_ALL):
        needed = votes_needed(rule, Count(members, present, 0, 0, 0))
        if needed <= present:
            assert is_adopted(rule, Count(members, present, needed, present - needed, 0))
        if 0 < needed <= present + 1:
            below = min(needed - 1, present)
            assert not is_adopted(rule, Count(members, present, below, present - below, 0))


@given(st.integers(1, 400), st.integers(1, 12), st.integers(1, 12))
def test_the_quorum_threshold_matches_exact_fractions(members: int, num: int, den: int) -> None:
    quorum = Fraction(min(num, den), den)
    needed = members_needed_for_quorum(members, quorum)
    assert has_quorum(needed, members, quorum)
    assert Fraction(needed, members) >= quorum
    if needed > 1:
        assert not has_quorum(needed - 1, members, quorum)

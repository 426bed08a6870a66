"""Aggregation from precinct to nation: sums of parts, in any order."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from results_data import precinct

from atazan_results import Area, DuplicatePrecinct, Figures, Protocol, aggregate


@st.composite
def protocols(draw: st.DrawFn) -> list[Protocol]:
    count = draw(st.integers(min_value=0, max_value=40))
    out = []
    for i in range(count):
        registered = draw(st.integers(min_value=0, max_value=3000))
        voted = draw(st.integers(min_value=0, max_value=registered))
        yes = draw(st.integers(min_value=0, max_value=voted))
        invalid = draw(st.integers(min_value=0, max_value=voted - yes))
        unit = draw(st.sampled_from(["astana", "almaty", "abai", "abroad"]))
        district = draw(st.sampled_from(["d1", "d2", "d3"]))
        out.append(
            precinct(
                unit,
                f"p{i}",
                registered,
                voted,
                yes,
                invalid=invalid,
                spoiled=draw(st.integers(0, 20)),
                unused=draw(st.integers(0, 500)),
                district=f"{unit}-{district}",
            )
        )
    return out


def _sum(figures: list[Figures]) -> Figures:
    total = Figures()
    for f in figures:
        total = total + f
    return total


def _check_sums(area: Area) -> None:
    if area.children:
        assert area.figures == _sum([c.figures for c in area.children])
        for child in area.children:
            _check_sums(child)


@settings(max_examples=60, deadline=None)
@given(protocols())
def test_every_level_is_the_sum_of_the_level_below(items: list[Protocol]) -> None:
    national = aggregate(items)
    assert national.figures == _sum([p.figures for p in items])
    assert national.precinct_count == len(items)
    _check_sums(national)


@settings(max_examples=60, deadline=None)
@given(protocols(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_protocols(
    items: list[Protocol], rnd: random.Random
) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert aggregate(shuffled) == aggregate(items)


@settings(max_examples=40, deadline=None)
@given(protocols())
def test_the_national_total_equals_the_sum_of_units_and_of_districts(items: list[Protocol]) -> None:
    national = aggregate(items)
    districts = [d.figures for u in national.children for d in u.children]
    assert _sum(districts) == national.figures
    assert sorted(p.code for p in national.precincts()) == sorted(p.precinct for p in items)


def test_levels_are_nested_precinct_district_unit_national() -> None:
    national = aggregate(
        [
            precinct("astana", "p1", 100, 60, 40, district="a-1"),
            precinct("astana", "p2", 100, 70, 40, district="a-2"),
            precinct("abai", "p3", 100, 80, 40, district="b-1"),
        ]
    )
    assert national.level == "national"
    astana = national.child("astana")
    assert astana is not None and astana.level == "unit"
    assert [d.code for d in astana.children] == ["a-1", "a-2"]
    assert astana.children[0].children[0].level == "precinct"
    assert astana.figures.issued == 130


def test_a_precinct_counted_twice_is_refused() -> None:
    with pytest.raises(DuplicatePrecinct, match="p1"):
        aggregate([precinct("astana", "p1", 100, 60, 40), precinct("abai", "p1", 100, 60, 40)])

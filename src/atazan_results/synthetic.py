"""Synthetic but realistic precinct protocols, for the demo, tests and benchmarks.

Each unit gets its own level of turnout and support, precincts vary around
it, turnout is reported through the day, and a few irregularities can be
planted so that observers have something to find. The same seed always gives
the same election.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from atazan_results.anomalies import TurnoutReport
from atazan_results.law import ABROAD
from atazan_results.protocol import Figures, Protocol
from atazan_results.units import UNITS_2026, UnitInfo

#: Times at which precincts report how many people have voted so far.
REPORT_TIMES: tuple[str, ...] = ("10:00", "12:00", "14:00", "16:00", "18:00")
#: Typical share of the final turnout reached at each report time.
DAY_CURVE: tuple[float, ...] = (0.17, 0.39, 0.60, 0.78, 0.92)


@dataclass
class SyntheticElection:
    protocols: list[Protocol]
    reports: list[TurnoutReport]
    #: (anomaly kind planted, precinct code)
    planted: list[tuple[str, str]] = field(default_factory=list)
    #: district code -> (unit code, display name)
    districts: dict[str, tuple[str, str]] = field(default_factory=dict)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _figures(rnd: random.Random, registered: int, turnout: float, yes_share: float) -> Figures:
    voted = round(registered * _clamp(turnout, 0.05, 1.0))
    invalid = round(voted * _clamp(rnd.gauss(0.016, 0.006), 0.0, 0.1))
    not_counted = round(voted * _clamp(rnd.gauss(0.014, 0.006), 0.0, 0.1))
    counted = voted - invalid - not_counted
    yes = round(counted * _clamp(yes_share / 0.97, 0.0, 0.995))
    no = counted - yes
    received = registered + rnd.randint(0, 20)
    spoiled = min(rnd.randint(0, 6), received - voted)
    return Figures(
        registered=registered,
        received=received,
        issued=voted,
        yes=yes,
        no=no,
        invalid=invalid,
        not_counted=not_counted,
        spoiled=spoiled,
        unused=received - voted - spoiled,
    )


def _day(rnd: random.Random, code: str, unit: str, voted: int) -> list[TurnoutReport]:
    reports = []
    so_far = 0
    for time, share in zip(REPORT_TIMES, DAY_CURVE, strict=True):
        value = round(voted * _clamp(share + rnd.gauss(0, 0.025), 0.0, 1.0))
        so_far = max(so_far, min(value, voted))
        reports.append(TurnoutReport(code, time, so_far, unit))
    return reports


def _counts(units: Sequence[UnitInfo], precincts: int, abroad: int) -> dict[str, int]:
    home = [u for u in units if u.code != ABROAD]
    population = sum(u.population_thousands for u in home)
    counts = {u.code: max(4, round(precincts * u.population_thousands / population)) for u in home}
    if any(u.code == ABROAD for u in units):
        counts[ABROAD] = abroad
    return counts


def generate(
    *,
    precincts: int = 400,
    abroad: int = 12,
    seed: int = 2026,
    turnout: float = 0.73,
    yes: float = 0.87,
    plant_anomalies: bool = True,
    units: Sequence[UnitInfo] = UNITS_2026,
) -> SyntheticElection:
    """About ``precincts`` home precincts spread over the units by population, plus ``abroad``."""
    rnd = random.Random(seed)
    election = SyntheticElection([], [])
    counts = _counts(units, precincts, abroad)
    for unit in units:
        count = counts.get(unit.code, 0)
        unit_turnout = _clamp(rnd.gauss(turnout, 0.06), 0.55, 0.9)
        unit_yes = _clamp(rnd.gauss(yes, 0.04), 0.7, 0.96)
        if unit.code == ABROAD:
            unit_turnout, unit_yes = 0.45, yes - 0.08
        districts = 1 if unit.code == ABROAD else max(2, min(8, count // 12))
        for d in range(districts):
            code = f"{unit.code}-{d + 1:02d}"
            election.districts[code] = (unit.code, str(d + 1))
        for i in range(count):
            code = f"{unit.short_en}-{i + 1:04d}"
            district = f"{unit.code}-{i % districts + 1:02d}"
            small = unit.code == ABROAD
            registered = (
                rnd.randint(150, 900)
                if small
                else round(_clamp(rnd.lognormvariate(6.96, 0.5), 80, 3200))
            )
            figures = _figures(
                rnd,
                registered,
                rnd.gauss(unit_turnout, 0.04),
                _clamp(rnd.gauss(unit_yes, 0.03), 0.0, 1.0),
            )
            kind = "abroad" if small else "station"
            election.protocols.append(Protocol(unit.code, district, code, figures, kind))
            election.reports += _day(rnd, code, unit.code, figures.issued)
    if plant_anomalies:
        _plant(rnd, election)
    return election


def _replace_protocol(election: SyntheticElection, index: int, figures: Figures) -> Protocol:
    old = election.protocols[index]
    new = Protocol(old.unit, old.district, old.precinct, figures, old.kind)
    election.protocols[index] = new
    return new


def _plant(rnd: random.Random, election: SyntheticElection) -> None:
    """A few irregularities of the kinds observers look for, in different units."""
    # Only in units large enough to have a distribution to stand out from.
    sizes: dict[str, int] = {}
    for p in election.protocols:
        sizes[p.unit] = sizes.get(p.unit, 0) + 1
    stations = [
        i for i, p in enumerate(election.protocols) if p.kind == "station" and sizes[p.unit] >= 12
    ]
    if len(stations) < 5:
        return
    picks = rnd.sample(stations, 5)
    # Ballot stuffing: almost everyone "voted", almost all yes.
    for index in picks[:2]:
        p = election.protocols[index]
        registered = p.figures.registered
        voted = round(registered * 0.985)
        figures = Figures(
            registered, registered + 5, voted, voted - 6, 4, 2, 0, 0, registered + 5 - voted
        )
        _replace_protocol(election, index, figures)
        _set_reports(election, p.precinct, [round(voted * s) for s in (0.15, 0.35, 0.55, 0.7, 0.8)])
        election.planted.append(("turnout_outlier", p.precinct))
    # Figures written, not counted: round counts and a turnout of exactly 80%.
    index = picks[2]
    p = election.protocols[index]
    figures = Figures(1500, 1500, 1200, 1080, 100, 20, 0, 0, 300)
    _replace_protocol(election, index, figures)
    _set_reports(election, p.precinct, [210, 470, 720, 940, 1100])
    election.planted.append(("round_counts", p.precinct))
    # A late surge: a third of the roll arrives between 16:00 and 18:00.
    index = picks[3]
    p = election.protocols[index]
    voted = p.figures.issued
    registered = p.figures.registered
    late = [round(voted * s) for s in (0.12, 0.25, 0.35, 0.42)]
    late.append(min(voted, late[-1] + round(registered * 0.33)))
    _set_reports(election, p.precinct, late)
    election.planted.append(("turnout_spike", p.precinct))
    # A running count that goes down.
    index = picks[4]
    p = election.protocols[index]
    voted = p.figures.issued
    _set_reports(election, p.precinct, [round(voted * s) for s in (0.2, 0.45, 0.4, 0.8, 0.9)])
    election.planted.append(("turnout_decrease", p.precinct))


def _set_reports(election: SyntheticElection, precinct: str, values: Sequence[int]) -> None:
    unit = next(r.unit for r in election.reports if r.precinct == precinct)
    kept = [r for r in election.reports if r.precinct != precinct]
    kept += [
        TurnoutReport(precinct, time, value, unit)
        for time, value in zip(REPORT_TIMES, values, strict=True)
    ]
    election.reports = kept

"""Flags for observers: precincts worth a second look.

A flag is not an accusation. It marks a precinct whose figures stand out from
the other precincts of its voting unit, or look written rather than counted:

* turnout or yes share far from the unit's median, measured by the robust
  z-score 0.6745 (x - median) / MAD, which a few outliers cannot mask (the
  usual cut-off of 3.5 follows Iglewicz and Hoaglin);
* round figures: issued, yes and no all multiples of ten, turnout and yes
  share both exact multiples of 5%, or a turnout of exactly 100%;
* turnout over the day that jumps in one interval far more than the unit's
  other precincts did in the same hours, or that goes down.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

from atazan_results.protocol import Protocol

ROBUST_Z_CUTOFF = 3.5
#: Running counts are noisier than final shares, so a spike must stand out further.
SPIKE_Z_CUTOFF = 5.0
MIN_GROUP = 8
#: A spike must also be large in absolute terms: percentage points of registered voters.
MIN_SPIKE_POINTS = 5.0
#: Kinds of precinct compared with each other; online precincts are a different channel.
COMPARED_KINDS = ("station", "abroad")


@dataclass(frozen=True)
class Anomaly:
    """One flag. ``kind`` is a stable code; ``params`` fill a translated sentence."""

    kind: str
    unit: str
    precinct: str
    score: float | None = None
    params: Mapping[str, str | int | float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "unit": self.unit,
            "precinct": self.precinct,
            "score": None if self.score is None else round(self.score, 2),
            **dict(self.params),
        }


@dataclass(frozen=True)
class TurnoutReport:
    """A precinct's running count of voters at a time of day ("HH:MM")."""

    precinct: str
    time: str
    voted: int
    unit: str = ""


def robust_z(values: Sequence[float]) -> list[float | None]:
    """Robust z-scores; None for every value when the spread is zero."""
    if not values:
        return []
    median = statistics.median(values)
    deviations = [abs(v - median) for v in values]
    mad = statistics.median(deviations)
    if mad > 0:
        return [0.6745 * (v - median) / mad for v in values]
    # More than half the values are identical: fall back to the mean deviation.
    mean_dev = statistics.fmean(deviations)
    if mean_dev > 0:
        return [(v - median) / (1.253314 * mean_dev) for v in values]
    return [None for _ in values]


def _by_unit(protocols: Iterable[Protocol]) -> dict[str, list[Protocol]]:
    groups: dict[str, list[Protocol]] = defaultdict(list)
    for p in protocols:
        if p.kind in COMPARED_KINDS and p.figures.registered > 0:
            groups[p.unit].append(p)
    return groups


def _share_outliers(
    group: list[Protocol], kind: str, shares: list[float], cutoff: float
) -> list[Anomaly]:
    if len(group) < MIN_GROUP:
        return []
    median = statistics.median(shares)
    flags = []
    for protocol, value, z in zip(group, shares, robust_z(shares), strict=True):
        if z is not None and abs(z) > cutoff:
            flags.append(
                Anomaly(
                    kind,
                    protocol.unit,
                    protocol.precinct,
                    z,
                    {"value": round(100 * value, 2), "median": round(100 * median, 2)},
                )
            )
    return flags


def outliers(protocols: Iterable[Protocol], cutoff: float = ROBUST_Z_CUTOFF) -> list[Anomaly]:
    """Precincts whose turnout or yes share is far outside their unit's distribution."""
    flags: list[Anomaly] = []
    for _unit, group in sorted(_by_unit(protocols).items()):
        turnout = [p.figures.issued / p.figures.registered for p in group]
        flags += _share_outliers(group, "turnout_outlier", turnout, cutoff)
        voted = [g for g in group if g.figures.issued > 0]
        yes = [p.figures.yes / p.figures.issued for p in voted]
        flags += _share_outliers(voted, "yes_outlier", yes, cutoff)
    return flags


def _multiple_of(part: int, whole: int, step: Fraction) -> bool:
    if whole <= 0:
        return False
    return (Fraction(part, whole) / step).denominator == 1


def round_numbers(protocols: Iterable[Protocol], minimum: int = 100) -> list[Anomaly]:
    """Protocols that look written rather than counted.

    Each test is rare in honest counts: all three of issued, yes and no
    non-zero multiples of ten happens about once in a thousand protocols, and turnout
    and yes share both exact multiples of 5% rarer still.
    """
    flags = []
    step = Fraction(1, 20)
    for p in protocols:
        f = p.figures
        if p.kind not in COMPARED_KINDS or f.registered <= 0:
            continue
        if f.issued == f.registered and f.registered >= 50:
            flags.append(
                Anomaly("full_turnout", p.unit, p.precinct, None, {"registered": f.registered})
            )
        if f.issued < minimum:
            continue
        counts = (f.issued, f.yes, f.no)
        if all(c > 0 and c % 10 == 0 for c in counts):
            flags.append(
                Anomaly(
                    "round_counts",
                    p.unit,
                    p.precinct,
                    None,
                    {"issued": f.issued, "yes": f.yes, "no": f.no},
                )
            )
        if _multiple_of(f.issued, f.registered, step) and _multiple_of(f.yes, f.issued, step):
            flags.append(
                Anomaly(
                    "round_shares",
                    p.unit,
                    p.precinct,
                    None,
                    {
                        "turnout": round(100 * f.issued / f.registered, 2),
                        "yes": round(100 * f.yes / f.issued, 2),
                    },
                )
            )
    return flags


@lru_cache(maxsize=512)
def _minutes(time: str) -> int:
    hours, _, minutes = time.partition(":")
    return int(hours) * 60 + int(minutes or 0)


def turnout_spikes(
    protocols: Iterable[Protocol],
    reports: Iterable[TurnoutReport],
    *,
    open_: str = "07:00",
    close: str = "20:00",
    cutoff: float = SPIKE_Z_CUTOFF,
    min_points: float = MIN_SPIKE_POINTS,
) -> list[Anomaly]:
    """Intervals in which a precinct's turnout rose far faster than its unit's.

    Each series starts from zero at ``open_`` and the protocol's final count
    closes it at ``close``.
    A series that goes down is flagged on its own: running counts never fall.
    """
    by_precinct: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in reports:
        by_precinct[r.precinct].append((_minutes(r.time), r.voted))
    flags: list[Anomaly] = []
    # (unit, interval start, interval end) -> [(protocol, rate in points per hour, jump in points)]
    intervals: dict[tuple[str, int, int], list[tuple[Protocol, float, float]]] = defaultdict(list)
    for p in protocols:
        series = by_precinct.get(p.precinct)
        if not series or p.kind not in COMPARED_KINDS or p.figures.registered <= 0:
            continue
        points = sorted(series)
        if points[-1][0] < _minutes(close):
            points.append((_minutes(close), p.figures.issued))
        start = (_minutes(open_), 0)
        for when, voted in points:
            if voted < start[1]:
                flags.append(
                    Anomaly(
                        "turnout_decrease",
                        p.unit,
                        p.precinct,
                        None,
                        {"time": _clock(when), "before": start[1], "after": voted},
                    )
                )
            elif when > start[0]:
                jump = 100 * (voted - start[1]) / p.figures.registered
                rate = jump * 60 / (when - start[0])
                intervals[(p.unit, start[0], when)].append((p, rate, jump))
            start = (when, voted)
    for (_unit, begin, end), rows in sorted(intervals.items()):
        if len(rows) < MIN_GROUP:
            continue
        scores = robust_z([rate for _p, rate, _j in rows])
        for (p, _rate, jump), z in zip(rows, scores, strict=True):
            if z is not None and z > cutoff and jump >= min_points:
                flags.append(
                    Anomaly(
                        "turnout_spike",
                        p.unit,
                        p.precinct,
                        z,
                        {"start": _clock(begin), "end": _clock(end), "points": round(jump, 2)},
                    )
                )
    return flags


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def find_all(protocols: Sequence[Protocol], reports: Iterable[TurnoutReport] = ()) -> list[Anomaly]:
    """Every flag, sorted by unit, precinct and kind for a stable list."""
    flags = outliers(protocols) + round_numbers(protocols) + turnout_spikes(protocols, reports)
    return sorted(flags, key=lambda a: (a.unit, a.precinct, a.kind))


def turnout_curve(
    protocols: Sequence[Protocol], reports: Iterable[TurnoutReport], times: Sequence[str]
) -> list[tuple[str, int, int]]:
    """(time, voted so far, registered) summed over precincts, for a chart.

    A precinct that has not reported at a time counts with its last earlier
    report, so a late report never makes the curve dip.
    """
    known = {p.precinct for p in protocols}
    registered = sum(p.figures.registered for p in protocols)
    by_precinct: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in reports:
        if r.precinct in known:
            by_precinct[r.precinct].append((_minutes(r.time), r.voted))
    order = sorted(range(len(times)), key=lambda k: _minutes(times[k]))
    totals = [0] * len(times)
    for points in by_precinct.values():
        points.sort()
        best = 0
        j = 0
        for k in order:
            at = _minutes(times[k])
            while j < len(points) and points[j][0] <= at:
                best = max(best, points[j][1])
                j += 1
            totals[k] += best
    return [(time, totals[k], registered) for k, time in enumerate(times)]

"""Reads for the referendum pages, converting stored rows to the pure counting model.

The whole count is recomputed from the protocols in force, then cached under
the referendum's results revision: any protocol or turnout write bumps the
revision, so a page never shows a stale total.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import Http404

from atazan.referendum.models import (
    OnlineRound,
    Precinct,
    Protocol,
    ProtocolVersion,
    Question,
    Referendum,
    TurnoutReport,
    VoterRollEntry,
    VotingUnit,
)
from atazan_results import (
    Anomaly,
    Area,
    Figures,
    Outcome,
    aggregate,
    decide,
    find_all,
    turnout_curve,
)
from atazan_results import Protocol as PureProtocol
from atazan_results import TurnoutReport as PureTurnoutReport

FIGURE_COLUMNS = (
    "current__registered",
    "current__received",
    "current__issued",
    "current__yes",
    "current__no",
    "current__invalid",
    "current__not_counted",
    "current__spoiled",
    "current__unused",
)


def get_referendum(slug: str) -> Referendum:
    referendum = Referendum.objects.filter(slug=slug).first()
    if referendum is None:
        raise Http404("no such referendum")
    return referendum


def referendums() -> list[Referendum]:
    return list(Referendum.objects.all())


def questions_of(referendum: Referendum) -> list[Question]:
    return list(referendum.questions.all())


def get_question(referendum: Referendum, position: int | str | None = None) -> Question:
    questions = list(referendum.questions.all())
    if not questions:
        raise Http404("this referendum has no question")
    if position is not None:
        for question in questions:
            if str(question.position) == str(position):
                return question
    return questions[0]


def units(referendum: Referendum) -> dict[str, VotingUnit]:
    return {u.code: u for u in referendum.units.all()}


def current_protocols(question: Question) -> list[PureProtocol]:
    """The protocol in force at every precinct that has one, as pure data."""
    rows = (
        Protocol.objects.filter(question=question, current__isnull=False)
        .values_list(
            "precinct__district__unit__code",
            "precinct__district__code",
            "precinct__code",
            "precinct__kind",
            *FIGURE_COLUMNS,
        )
        .order_by("precinct__code")
    )
    return [
        PureProtocol(unit, district, code, Figures(*figures), kind)
        for unit, district, code, kind, *figures in rows
    ]


def turnout_reports(referendum: Referendum) -> list[PureTurnoutReport]:
    rows = TurnoutReport.objects.filter(precinct__referendum=referendum).values_list(
        "precinct__code", "time", "voted", "precinct__district__unit__code"
    )
    return [
        PureTurnoutReport(code, f"{time:%H:%M}", voted, unit) for code, time, voted, unit in rows
    ]


def report_times(referendum: Referendum) -> list[str]:
    times = (
        TurnoutReport.objects.filter(precinct__referendum=referendum)
        .values_list("time", flat=True)
        .distinct()
        .order_by("time")
    )
    found = [f"{t:%H:%M}" for t in times]
    close = f"{referendum.polls_close:%H:%M}"
    return [*found, close] if found and close not in found else found


@dataclass
class Results:
    """Everything the public pages show, computed once per results revision."""

    national: Area
    outcome: Outcome
    anomalies: list[Anomaly]
    curve: list[tuple[str, int, int]]
    unit_curves: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)
    protocols: int = 0


def _final_points(
    curve: list[tuple[str, int, int]], close: str, voted: int, registered: int
) -> list[tuple[str, int, int]]:
    """The curve ends with the protocols' final count at closing time."""
    if not curve:
        return []
    points = [p for p in curve if p[0] != close]
    return [*points, (close, voted, registered)]


def results(question: Question) -> Results:
    referendum = question.referendum
    revision = (
        Referendum.objects.filter(pk=referendum.pk)
        .values_list("results_revision", flat=True)
        .first()
    )
    key = f"referendum:results:{question.pk}:{revision}"
    cached: Results | None = cache.get(key)
    if cached is not None:
        return cached
    protocols = current_protocols(question)
    reports = turnout_reports(referendum)
    national = aggregate(protocols)
    outcome = decide(national, referendum.rule())
    times = report_times(referendum)
    close = f"{referendum.polls_close:%H:%M}"
    counted = [p for p in protocols if p.kind != "online"]
    reporting = {r.precinct for r in reports}
    with_reports = [p for p in counted if p.precinct in reporting]
    final_voted = sum(p.figures.issued for p in with_reports)
    curve = _final_points(
        turnout_curve(with_reports, reports, times),
        close,
        final_voted,
        sum(p.figures.registered for p in with_reports),
    )
    by_unit: dict[str, list[PureProtocol]] = defaultdict(list)
    for p in with_reports:
        by_unit[p.unit].append(p)
    reports_by_unit: dict[str, list[PureTurnoutReport]] = defaultdict(list)
    for r in reports:
        reports_by_unit[r.unit].append(r)
    unit_curves = {
        unit: _final_points(
            turnout_curve(items, reports_by_unit[unit], times),
            close,
            sum(p.figures.issued for p in items),
            sum(p.figures.registered for p in items),
        )
        for unit, items in by_unit.items()
    }
    computed = Results(
        national=national,
        outcome=outcome,
        anomalies=find_all(protocols, reports),
        curve=curve,
        unit_curves=unit_curves,
        protocols=len(protocols),
    )
    cache.set(key, computed, 3600)
    return computed


def precinct_count(referendum: Referendum) -> int:
    return Precinct.objects.filter(referendum=referendum).exclude(kind="online").count()


def precinct_exists(referendum: Referendum, code: str) -> bool:
    return referendum.precincts.filter(code=code).exists()


def find_precinct(referendum: Referendum, code: str) -> Precinct | None:
    """The referendum's precinct with this code, or None (unlike :func:`get_precinct`, no 404)."""
    return referendum.precincts.filter(code=code).first()


def get_precinct(referendum: Referendum, code: str) -> Precinct:
    precinct = (
        Precinct.objects.filter(referendum=referendum, code=code)
        .select_related("district__unit")
        .first()
    )
    if precinct is None:
        raise Http404("no such precinct")
    return precinct


def protocol_of(precinct: Precinct, question: Question) -> Protocol | None:
    return (
        Protocol.objects.filter(precinct=precinct, question=question)
        .select_related("current")
        .first()
    )


@dataclass(frozen=True)
class VersionRow:
    """A protocol version with the figures it changed from the one before it."""

    version: ProtocolVersion
    changed: frozenset[str]


def versions_of(protocol: Protocol) -> list[VersionRow]:
    """Newest first; each row names the figures its correction changed."""
    versions = list(protocol.versions.select_related("entered_by").order_by("number"))
    rows = []
    previous: dict[str, int] | None = None
    for version in versions:
        figures = version.figures.as_dict()
        changed = frozenset(
            name
            for name, value in figures.items()
            if previous is not None and previous[name] != value
        )
        rows.append(VersionRow(version, changed))
        previous = figures
    return rows[::-1]


def version_count(protocol: Protocol) -> int:
    """How many versions of the protocol were entered (the first and its corrections)."""
    return protocol.versions.count()


def corrected_protocols(question: Question, limit: int = 50) -> list[Protocol]:
    """Protocols that have been corrected at least once, newest correction first."""
    return list(
        Protocol.objects.filter(question=question, current__number__gt=1)
        .select_related("precinct", "current")
        .order_by("-current__entered_at")[:limit]
    )


def precincts_without_protocol(question: Question) -> list[Precinct]:
    entered = Protocol.objects.filter(question=question, current__isnull=False).values("precinct")
    return list(
        Precinct.objects.filter(referendum=question.referendum)
        .exclude(pk__in=entered)
        .exclude(kind="online")
        .select_related("district__unit")
        .order_by("code")[:500]
    )


def turnout_of(precinct: Precinct) -> list[tuple[dt.time, int]]:
    return list(precinct.turnout_reports.order_by("time").values_list("time", "voted"))


@dataclass(frozen=True)
class RollSummary:
    precinct: Precinct
    listed: int
    eligible: int


def roll_summary(referendum: Referendum, limit: int = 200) -> list[RollSummary]:
    """Per precinct: people on the roll and those of them who may vote."""
    rows = (
        Precinct.objects.filter(referendum=referendum)
        .annotate(
            listed=Count("roll"),
            eligible=Count("roll", filter=Q(roll__exclusion="")),
        )
        .filter(listed__gt=0)
        .select_related("district__unit")
        .order_by("code")[:limit]
    )
    return [RollSummary(p, p.listed, p.eligible) for p in rows]


def roll_entries(precinct: Precinct) -> list[VoterRollEntry]:
    return list(precinct.roll.order_by("full_name"))


def latest_online_round(question: Question) -> OnlineRound | None:
    return OnlineRound.objects.filter(question=question).order_by("-created_at").first()

"""The reform's figures for the public charts page, each with the table behind it.

Counts cover every registered proposal (a count says nothing about a person);
the texts themselves are shown only where their authors agreed. Each figure
links to the list of proposals it counts where the explorer can show them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils.translation import get_language

from atazan.analysis.models import CampaignResult
from atazan.analysis.selectors import latest_finished_run
from atazan.portal.charts import Item, Tile
from atazan.proposals.labels import choice_label
from atazan.proposals.models import Proposal, Status
from atazan_results.units import UNITS_2026

#: Proposal regions named differently from the voting units.
_UNIT_OF_REGION = {"almaty_city": "almaty"}


def _explore(**filters: str) -> str:
    return f"{reverse('proposals:public_list')}?{urlencode(filters)}"


def weekly(today: dt.date) -> list[Item]:
    """Proposals registered per week, every week from the first to the last shown."""
    rows = (
        Proposal.objects.annotate(week=TruncWeek("registered_at"))
        .values_list("week")
        .annotate(n=Count("id"))
        .order_by("week")
    )
    counts = {(week.date() if isinstance(week, dt.datetime) else week): n for week, n in rows}
    if not counts:
        return []
    week, last = min(counts), max(counts)
    items = []
    while week <= last:
        items.append(Item(week.isoformat(), counts.get(week, 0)))
        week += dt.timedelta(days=7)
    return items


def by_choice(field: str) -> list[Item]:
    rows = Proposal.objects.values_list(field).annotate(n=Count("id")).order_by("-n", field)
    return [
        Item(choice_label(field, value), n, _explore(**{field: value}))
        for value, n in rows
        if value
    ]


def by_outcome() -> list[Item]:
    rows = (
        Proposal.objects.filter(status=Status.ANSWERED)
        .values_list("outcome")
        .annotate(n=Count("id"))
        .order_by("-n", "outcome")
    )
    return [
        Item(choice_label("outcome", value), n, _explore(outcome=value))
        for value, n in rows
        if value
    ]


def region_tiles() -> list[Tile]:
    counts = dict(Proposal.objects.values_list("region").annotate(n=Count("id")).order_by())
    language = (get_language() or "kk")[:2]
    region_of_unit = {unit: region for region, unit in _UNIT_OF_REGION.items()}
    tiles = []
    for unit in UNITS_2026:
        region = region_of_unit.get(unit.code, unit.code)
        name = {"kk": unit.name_kk, "ru": unit.name_ru}.get(language, unit.name_en)
        tiles.append(
            Tile(
                col=unit.col,
                row=unit.row,
                label=unit.short_en if language == "en" else unit.short,
                name=name,
                value=counts.get(region, 0),
                url=_explore(region=region),
                dashed=unit.kind == "abroad",
            )
        )
    return tiles


@dataclass(frozen=True)
class Compliance:
    on_time: int
    late: int
    open_in_time: int
    open_overdue: int

    def items(self, labels: dict[str, str]) -> list[Item]:
        return [
            Item(labels["on_time"], self.on_time, _explore(status=Status.ANSWERED)),
            Item(labels["late"], self.late),
            Item(labels["open_in_time"], self.open_in_time),
            Item(labels["open_overdue"], self.open_overdue),
        ]


def deadline_compliance(today: dt.date) -> Compliance:
    """Answers given by their deadline, answers given late, and open cases either side of it."""
    answered = Q(status=Status.ANSWERED)
    figures = Proposal.objects.aggregate(
        on_time=Count("id", filter=answered & Q(answered_at__date__lte=F("deadline"))),
        late=Count("id", filter=answered & Q(answered_at__date__gt=F("deadline"))),
        open_in_time=Count("id", filter=~answered & Q(deadline__gte=today)),
        open_overdue=Count("id", filter=~answered & Q(deadline__lt=today)),
    )
    return Compliance(**figures)


def campaign_sizes(limit: int = 15) -> list[Item]:
    """The largest organised campaigns of the latest analysis, by number of letters."""
    run = latest_finished_run()
    if run is None:
        return []
    rows = (
        CampaignResult.objects.filter(run=run)
        .order_by("-supporters", "key")
        .values_list("key", "supporters")[:limit]
    )
    return [
        Item(str(index), supporters, _explore(campaign=key))
        for index, (key, supporters) in enumerate(rows, start=1)
    ]

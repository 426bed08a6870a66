from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from atazan.core.requests import page_number
from atazan.portal import charts, selectors, workspace
from atazan.portal import explorer as explorer_selectors
from atazan.portal import figures as figure_selectors


def home(request: HttpRequest) -> HttpResponse:
    language = (get_language() or "kk")[:2]
    works = selectors.works_with_titles(request.user, language)
    timeline = selectors.reform_timeline(timezone.localdate())
    return render(
        request,
        "portal/home.html",
        {
            "works": works,
            "timeline": timeline,
            "tasks": workspace.tasks_for(request.user),
            "roles": workspace.role_names(request.user),
        },
    )


def _with(query: QueryDict, name: str, value: str) -> str:
    """The current query with ``name`` set to ``value`` (or removed when empty), from page 1."""
    changed = query.copy()
    changed.pop("page", None)
    if value:
        changed[name] = value
    else:
        changed.pop(name, None)
    encoded = changed.urlencode()
    return f"?{encoded}" if encoded else "?"


def explorer(request: HttpRequest) -> HttpResponse:
    """Published proposals: full-text search and facets; personal data never shown."""
    filters = explorer_selectors.ExplorerFilters.from_querydict(request.GET)
    page = page_number(request)
    found = explorer_selectors.explore(filters, page, get_language() or "kk")
    facets = [
        {
            "name": facet.name,
            "title": facet.title,
            "values": [
                {
                    "label": v.label,
                    "count": v.count,
                    "selected": v.selected,
                    "url": _with(request.GET, facet.name, "" if v.selected else v.value),
                }
                for v in facet.values
            ],
        }
        for facet in found.facets
    ]
    chosen = [
        {"label": v.label, "url": _with(request.GET, facet.name, "")}
        for facet in found.facets
        for v in facet.values
        if v.selected
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/explorer.html",
        {
            "rows": found.rows,
            "page": page,
            "has_next": found.has_next,
            "facets": facets,
            "chosen": chosen,
            "query": filters.query,
            "querystring": query.urlencode(),
            "clear_url": _with(QueryDict(), "", ""),
        },
    )


def _section(
    key: str,
    title: str,
    desc: str,
    items: list[charts.Item],
    column: str,
    draw: Callable[..., SafeString] = charts.bars,
) -> tuple[str, str, SafeString, list[charts.Item], str]:
    """One chart of the figures page: its anchor, title, drawing, rows and first column."""
    return key, title, draw(key, items, title=title, desc=desc), items, column


def figures(request: HttpRequest) -> HttpResponse:
    """The reform in charts, each drawn on the server with its figures in a table."""
    today = timezone.localdate()
    weeks = figure_selectors.weekly(today)
    channels = figure_selectors.by_choice("channel")
    submitters = figure_selectors.by_choice("submitter_type")
    outcomes = figure_selectors.by_outcome()
    tiles = figure_selectors.region_tiles()
    compliance = figure_selectors.deadline_compliance(today).items(
        {
            "on_time": _("answered by the deadline"),
            "late": _("answered after the deadline"),
            "open_in_time": _("open, deadline not yet reached"),
            "open_overdue": _("open, deadline passed"),
        }
    )
    campaigns = [
        charts.Item(_("Campaign %(number)s") % {"number": item.label}, item.value, item.url)
        for item in figure_selectors.campaign_sizes()
    ]
    region_tiles = [
        charts.Tile(t.col, t.row, t.label, t.name, t.value, t.url, t.dashed) for t in tiles
    ]
    sections = [
        _section(
            "weeks",
            _("Proposals registered each week"),
            _("One column per week; the table below lists every week."),
            weeks,
            _("Week starting"),
            charts.columns,
        ),
        _section(
            "channels",
            _("Proposals by channel"),
            _("How proposals arrived."),
            channels,
            _("Channel"),
        ),
        _section(
            "submitters",
            _("Proposals by who sent them"),
            _("Citizens, organisations, experts and others."),
            submitters,
            _("Submitted by"),
        ),
        (
            "regions",
            _("Proposals by region"),
            charts.tile_map(
                "regions",
                region_tiles,
                title=_("Proposals by region"),
                desc=_(
                    "One square per region and city, placed roughly where it lies; darker means more proposals."
                ),
            ),
            [charts.Item(t.name, t.value, t.url) for t in tiles],
            _("Region"),
        ),
        _section(
            "outcomes",
            _("Answers by outcome"),
            _("What the answered proposals were told."),
            outcomes,
            _("Outcome"),
        ),
        _section(
            "deadlines",
            _("Answers and deadlines"),
            _("Whether proposals were answered within the legal time."),
            compliance,
            _("Case"),
        ),
        _section(
            "campaigns",
            _("The largest organised campaigns"),
            _("Letters sent as one campaign, largest first."),
            campaigns,
            _("Campaign"),
        ),
    ]
    return render(
        request,
        "portal/figures.html",
        {"sections": [s for s in sections if s[3]], "heat_map": reverse("analysis:coverage")},
    )

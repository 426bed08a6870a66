from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from atazan.constitution import selectors as constitution_selectors
from atazan.core.requests import page_number
from atazan.portal import explorer as explorer_selectors
from atazan.portal import selectors


def home(request: HttpRequest) -> HttpResponse:
    works = constitution_selectors.works_with_versions(request.user)
    timeline = selectors.reform_timeline(timezone.localdate())
    return render(request, "portal/home.html", {"works": works, "timeline": timeline})


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

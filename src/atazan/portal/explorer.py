"""The public proposal explorer: search and facets over published proposals only.

Facets count within the current selection, so each count says how many of
the proposals listed would remain after choosing that value. Themes,
campaigns and provisions come from the latest finished analysis run; a
proposal joins a facet value only through what that run found about it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from atazan.analysis.models import AnalysisRun, ProposalAnalysis, ProvisionLink
from atazan.analysis.selectors import latest_finished_run
from atazan.constitution.labels import provision_label
from atazan.constitution.models import Provision
from atazan.proposals import selectors as proposal_selectors
from atazan.proposals.labels import choice_label
from atazan.proposals.models import Proposal

#: Facets read from the proposal row itself, in the order the page shows them.
ROW_FACETS = ("region", "submitter_type", "channel", "status", "outcome", "language", "topic")
#: Facets read from the latest analysis run.
RUN_FACETS = ("provision", "theme", "campaign")
FACET_TITLES = {
    "region": _("Region"),
    "submitter_type": _("Submitted by"),
    "channel": _("Channel"),
    "status": _("Status"),
    "outcome": _("Outcome"),
    "language": _("Language"),
    "topic": _("Topic"),
    "provision": _("Article"),
    "theme": _("Theme"),
    "campaign": _("Campaign"),
}
#: How many values of a long facet (themes, campaigns, articles) are offered.
LONG_FACET_VALUES = 12
#: Links read to count the article facet; beyond this the counts describe a sample.
MAX_LINKS_COUNTED = 200_000


@dataclass(frozen=True)
class ExplorerFilters:
    query: str = ""
    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_querydict(cls, data: Any) -> ExplorerFilters:
        values = {
            name: str(data.get(name, "")).strip()[:200]
            for name in (*ROW_FACETS, *RUN_FACETS)
            if str(data.get(name, "")).strip()
        }
        return cls(query=str(data.get("q", "")).strip()[:200], values=values)


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    values: list[FacetValue]


def _selected(run: AnalysisRun | None, filters: ExplorerFilters) -> QuerySet[Proposal]:
    row_filters = {k: v for k, v in filters.values.items() if k in ROW_FACETS}
    qs = proposal_selectors.public_proposals()
    if row_filters:
        qs = qs.filter(**row_filters)
    if filters.query:
        qs = proposal_selectors.search(qs, filters.query, public=True)
    if run is None:
        return qs
    theme = filters.values.get("theme")
    campaign = filters.values.get("campaign")
    if theme or campaign:
        analyses = ProposalAnalysis.objects.filter(run=run)
        if theme:
            analyses = analyses.filter(theme__key=theme)
        if campaign:
            analyses = analyses.filter(campaign__key=campaign)
        qs = qs.filter(id__in=analyses.values("proposal_id"))
    provision = filters.values.get("provision")
    if provision:
        links = ProvisionLink.objects.filter(run=run)
        eid = _eid_of(run, provision)
        # An article's proposals include those linked to its paragraphs and points.
        matching = Q(provision_uid=provision)
        if eid:
            matching |= Q(eid__startswith=f"{eid}__")
        qs = qs.filter(id__in=links.filter(matching).values("proposal_id"))
    return qs


def _eid_of(run: AnalysisRun, uid: str) -> str:
    """Where the provision ``uid`` stands in the run's text (any language: eids are shared)."""
    if run.constitution_version_id is None:
        return ""
    eid = (
        Provision.objects.filter(expression__version_id=run.constitution_version_id, uid=uid)
        .values_list("eid", flat=True)
        .first()
    )
    return eid or ""


def article_eid(eid: str) -> str:
    """The article (or section) an eid belongs to: ``art_33__para_2`` -> ``art_33``."""
    return eid.split("__para_")[0].split("__point_")[0]


def _row_facet(qs: QuerySet[Proposal], name: str, current: str) -> Facet:
    counts = (
        qs.order_by()
        .values_list(name)
        .annotate(n=Count("id"))
        .order_by("-n", name)
        .values_list(name, "n")
    )
    values = [
        FacetValue(str(value), choice_label(name, value) or str(value), n, str(value) == current)
        for value, n in counts
        if value
    ]
    return Facet(name, str(FACET_TITLES[name]), values)


def _uids_of(run: AnalysisRun, eids: list[str]) -> dict[str, str]:
    if run.constitution_version_id is None or not eids:
        return {}
    return dict(
        Provision.objects.filter(expression__version_id=run.constitution_version_id, eid__in=eids)
        .exclude(uid="")
        .values_list("eid", "uid")
        .distinct()
    )


def _article_labels(run: AnalysisRun, uids: list[str], language: str) -> dict[str, str]:
    """Readable labels ("33-бап", "Статья 33") for provision uids, in the reader's language."""
    if run.constitution_version_id is None or not uids:
        return {}
    rows = Provision.objects.filter(
        expression__version_id=run.constitution_version_id, uid__in=uids
    ).values_list("uid", "kind", "num", "heading", "expression__language")
    labels: dict[str, str] = {}
    for uid, kind, num, heading, text_language in rows:
        if uid in labels and text_language != language:
            continue
        label = provision_label(kind, num, text_language)
        labels[uid] = f"{label}. {heading}" if heading else label
    return labels


def _run_facets(
    run: AnalysisRun, qs: QuerySet[Proposal], filters: ExplorerFilters, language: str
) -> list[Facet]:
    ids = qs.order_by().values("id")
    per_article: dict[str, set[int]] = {}
    for eid, proposal_id in ProvisionLink.objects.filter(run=run, proposal_id__in=ids).values_list(
        "eid", "proposal_id"
    )[:MAX_LINKS_COUNTED]:
        per_article.setdefault(article_eid(eid), set()).add(proposal_id)
    uids = _uids_of(run, list(per_article))
    ranked = sorted(per_article.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    provisions = [(uids[eid], len(members)) for eid, members in ranked if eid in uids]
    provisions = provisions[:LONG_FACET_VALUES]
    labels = _article_labels(run, [uid for uid, _n in provisions], language)
    analyses = ProposalAnalysis.objects.filter(run=run, proposal_id__in=ids)
    themes = list(
        analyses.exclude(theme=None)
        .values_list("theme__key", "theme__label")
        .annotate(n=Count("id"))
        .order_by("-n", "theme__key")[:LONG_FACET_VALUES]
    )
    campaigns = list(
        analyses.exclude(campaign=None)
        .values_list(
            "campaign__key",
            "campaign__representative__public_title",
            "campaign__representative__consent_publish_text",
        )
        .annotate(n=Count("id"))
        .order_by("-n", "campaign__key")[:LONG_FACET_VALUES]
    )
    chosen = filters.values
    return [
        Facet(
            "provision",
            str(FACET_TITLES["provision"]),
            [
                FacetValue(
                    uid,
                    labels.get(uid, str(_("a provision of the text"))),
                    n,
                    uid == chosen.get("provision"),
                )
                for uid, n in provisions
            ],
        ),
        Facet(
            "theme",
            str(FACET_TITLES["theme"]),
            [FacetValue(k, label, n, k == chosen.get("theme")) for k, label, n in themes],
        ),
        Facet(
            "campaign",
            str(FACET_TITLES["campaign"]),
            [
                FacetValue(
                    k, _campaign_label(index, title, published), n, k == chosen.get("campaign")
                )
                for index, (k, title, published, n) in enumerate(campaigns, start=1)
            ],
        ),
    ]


def _campaign_label(index: int, title: str, published: bool, limit: int = 60) -> str:
    """A campaign is named by its letter's published (masked) title, or by its place."""
    title = " ".join((title or "").split()) if published else ""
    if not title:
        return str(_("Campaign %(number)d")) % {"number": index}
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


@dataclass
class Exploration:
    rows: list[dict[str, Any]]
    has_next: bool
    facets: list[Facet]
    run: AnalysisRun | None


def explore(filters: ExplorerFilters, page: int, language: str) -> Exploration:
    """One page of published proposals matching ``filters``, with facet counts."""
    run = latest_finished_run()
    qs = _selected(run, filters)
    rows, has_next = proposal_selectors.page_of_public(qs, page)
    facets = [_row_facet(qs, name, filters.values.get(name, "")) for name in ROW_FACETS]
    if run is not None:
        facets += _run_facets(run, qs, filters, language)
    return Exploration(
        rows=[proposal_selectors.public_record(p) for p in rows],
        has_next=has_next,
        facets=[f for f in facets if f.values],
        run=run,
    )

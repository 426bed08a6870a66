"""Public figures of the latest finished analysis run: themes, campaigns, coverage.

Only counts and labels: which proposals form a theme or a campaign is for
analysts (their pages need the analysis.view_runs permission); a campaign's
representative is named by number only when its text is published.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from atazan.analysis import selectors
from atazan.analysis.models import AnalysisRun, CampaignResult, ThemeResult
from atazan.api.errors import ErrorOut
from atazan.api.pagination import PageParams, PageQuery, envelope, page_of
from atazan.api.schemas import AnalysisRunOut, CampaignOut, CoverageOut, Page, ThemeOut
from atazan.core.errors import NotFoundError

router = Router(tags=["analysis"])
REFUSED: dict[int, Any] = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ThemeFilters(Schema):
    language: str = Field("", max_length=8, description="Only themes in this language.")


class CoverageParams(Schema):
    measure: Literal["supporters", "proposals"] = Field(
        "supporters", description="supporters: people; proposals: distinct ideas."
    )


def _run(run: AnalysisRun) -> dict[str, Any]:
    version = run.constitution_version
    return {
        "id": run.pk,
        "finished_at": run.finished_at,
        "proposals": run.proposals_count,
        "campaigns": selectors.campaign_count(run),
        "constitution_version": f"{version.work.slug}/{version.label}" if version else None,
    }


def _theme(theme: ThemeResult) -> dict[str, Any]:
    return {
        "key": theme.key,
        "label": theme.label,
        "language": theme.language,
        "keywords": [str(word) for word in theme.keywords],
        "proposals": theme.size,
        "supporters": theme.supporters,
        "formed_by_analysts": theme.pinned,
    }


def _campaign(campaign: CampaignResult) -> dict[str, Any]:
    representative = campaign.representative
    return {
        "key": campaign.key,
        "supporters": campaign.supporters,
        "confirmed": campaign.marked,
        "representative": representative.number if representative.consent_publish_text else None,
    }


@router.get(
    "/analysis/run",
    response={200: AnalysisRunOut, **REFUSED},
    summary="The latest finished analysis run",
)
def latest_run(request: HttpRequest) -> Any:
    run = selectors.latest_finished_run()
    if run is None:
        raise NotFoundError(_("No analysis has been finished yet."))
    return _run(run)


@router.get("/analysis/themes", response={200: Page[ThemeOut], **REFUSED}, summary="Themes")
def themes(request: HttpRequest, filters: Query[ThemeFilters], pages: PageQuery) -> Any:
    """The themes of the latest finished run, most supporters first; empty before any run."""
    run = selectors.latest_finished_run()
    if run is None:
        return envelope([], pages, False)
    return page_of(selectors.themes_of(run, filters.language), pages, _theme)


@router.get(
    "/analysis/campaigns", response={200: Page[CampaignOut], **REFUSED}, summary="Campaigns"
)
def campaigns(request: HttpRequest, pages: PageQuery) -> Any:
    """Groups of near-identical proposals (one idea, many supporters), largest first."""
    run = selectors.latest_finished_run()
    if run is None:
        return envelope([], pages, False)
    window = selectors.campaigns_of(run, limit=pages.start + pages.size + 1)
    return page_of(list(window), pages, _campaign)


@router.get("/analysis/coverage", response={200: CoverageOut, **REFUSED}, summary="Coverage")
def coverage(request: HttpRequest, params: Query[CoverageParams]) -> Any:
    """Per section and article: proposals and supporters, with a shade level 0-5 (the heat map)."""
    run = selectors.latest_finished_run()
    sections = selectors.heat_map(run, params.measure, get_language() or "") if run else []
    return {
        "run": _run(run) if run else None,
        "measure": params.measure,
        "sections": [
            {
                "eid": s.eid,
                "label": s.label,
                "proposals": s.proposals,
                "supporters": s.supporters,
                "level": s.level,
                "articles": [vars(cell) for cell in s.articles],
            }
            for s in sections
        ],
    }


__all__ = ["router", "PageParams"]

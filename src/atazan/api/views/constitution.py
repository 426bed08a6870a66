"""Published constitution texts: works, versions, and one version's structure in a language."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router

from atazan.api.errors import ErrorOut
from atazan.api.pagination import PageQuery, page_of
from atazan.api.schemas import Page, ProvisionOut, VersionSummary, VersionText, WorkOut
from atazan.constitution import selectors
from atazan.constitution.models import Version
from atazan.core.errors import NotFoundError

router = Router(tags=["constitution"])
#: Public reads see what a visitor who has not signed in sees, whoever asks.
PUBLIC = AnonymousUser()
REFUSED: dict[int, Any] = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _summary(version: Version) -> dict[str, Any]:
    return {
        "work": version.work.slug,
        "label": version.label,
        "date": version.date,
        "status": version.status,
        "languages": selectors.languages_of(version),
    }


def _provision(node: selectors.ProvisionNode) -> dict[str, Any]:
    return {
        "kind": node.kind,
        "eid": node.eid,
        "uid": node.uid,
        "label": node.label,
        "heading": node.heading,
        "text": node.lines,
        "children": [_provision(child) for child in node.children],
    }


@router.get(
    "/constitution/works", response={200: Page[WorkOut], **REFUSED}, summary="Constitutions"
)
def works(request: HttpRequest, pages: PageQuery) -> Any:
    """Every constitution with at least one published version, and those versions."""

    def shape(entry: Any) -> dict[str, Any]:
        work, versions = entry
        return {
            "slug": work.slug,
            "country": work.country,
            "versions": [_summary(v) for v in versions],
        }

    return page_of(selectors.works_with_versions(PUBLIC), pages, shape)


@router.get(
    "/constitution/works/{work}/versions",
    response={200: Page[VersionSummary], **REFUSED},
    summary="Published versions of a constitution",
)
def versions(request: HttpRequest, work: str, pages: PageQuery) -> Any:
    found = selectors.visible_versions(PUBLIC, selectors.work_or_404(work))
    return page_of(found, pages, _summary)


@router.get(
    "/constitution/works/{work}/versions/{version}",
    response={200: VersionText, **REFUSED},
    summary="One version's text and structure",
)
def version_text(request: HttpRequest, work: str, version: str, lang: str = "") -> Any:
    """Sections, articles and paragraphs of a published version, in ``lang``.

    Without ``lang`` the language of the request (Accept-Language) is used when
    the version has it, else the first it has (Kazakh, Russian, English).
    """
    found = selectors.get_version(PUBLIC, work, version)
    languages = selectors.languages_of(found)
    wanted = (lang or get_language() or "kk").split("-")[0]
    if lang and lang not in languages:
        raise NotFoundError(
            _("This version has no text in %(language)s.") % {"language": lang}, field="lang"
        )
    chosen = wanted if wanted in languages else (languages[0] if languages else "")
    expression = selectors.get_expression(found, chosen) if chosen else None
    if expression is None:
        raise NotFoundError(_("This version has no text yet."))
    document = selectors.document_for(expression)
    return {
        **_summary(found),
        "version": found.label,
        "language": expression.language,
        "title": expression.title,
        "provisions": [_provision(node) for node in selectors.display_tree(document)],
    }


__all__ = ["router", "ProvisionOut"]

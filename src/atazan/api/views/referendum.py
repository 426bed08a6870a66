"""Referendum results as the results pages publish them: totals, units, the legal outcome."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from atazan.api.errors import ErrorOut
from atazan.api.pagination import PageQuery, page_of
from atazan.api.schemas import Page, ReferendumOut, ResultsOut
from atazan.core.actors import allows
from atazan.core.errors import NotFoundError
from atazan.referendum import selectors
from atazan.referendum.models import Referendum

router = Router(tags=["referendum"])
PUBLIC = AnonymousUser()
REFUSED: dict[int, Any] = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class QuestionParams(Schema):
    question: int = Field(1, ge=1, le=100, description="The question's position on the ballot.")


def _visible(referendum: Referendum) -> bool:
    return allows(PUBLIC, "referendum.view_results", referendum)


def _referendum(referendum: Referendum) -> dict[str, Any]:
    return {
        "slug": referendum.slug,
        "title": referendum.title,
        "voting_day": referendum.voting_day,
        "status": referendum.status,
        "questions": [
            {"position": q.position, "text": q.text} for q in selectors.questions_of(referendum)
        ],
    }


@router.get("/referendums", response={200: Page[ReferendumOut], **REFUSED}, summary="Referendums")
def referendums(request: HttpRequest, pages: PageQuery) -> Any:
    visible = [r for r in selectors.referendums() if _visible(r)]
    return page_of(visible, pages, _referendum)


@router.get(
    "/referendums/{slug}/results",
    response={200: ResultsOut, **REFUSED},
    summary="Results of one question",
)
def results(request: HttpRequest, slug: str, params: Query[QuestionParams]) -> Any:
    """The count so far: national figures, each voting unit, the outcome under the law's rule."""
    referendum = selectors.get_referendum(slug)
    if not _visible(referendum):
        raise NotFoundError(_("No referendum has this identifier."))
    positions = [q.position for q in selectors.questions_of(referendum)]
    if params.question not in positions:
        raise NotFoundError(_("This referendum has no such question."), field="question")
    question = selectors.get_question(referendum, params.question)
    found = selectors.results(question)
    outcome = found.outcome
    return {
        "referendum": referendum.slug,
        "question": question.position,
        "rule": outcome.rule.as_dict(),
        "valid": outcome.valid,
        "adopted": outcome.adopted,
        "figures": outcome.figures.as_dict(),
        "turnout_percent": str(outcome.turnout),
        "yes_percent": str(outcome.yes),
        "no_percent": str(outcome.no),
        "invalid_percent": str(outcome.invalid),
        "not_counted_percent": str(outcome.not_counted),
        "national_majority_yes": outcome.national_majority_yes,
        "units_with_majority": outcome.units_with_majority,
        "units_counted": outcome.units_counted,
        "units_needed": outcome.units_needed,
        "reasons": list(outcome.reasons),
        "units": [
            {
                "code": unit.code,
                "figures": unit.figures.as_dict(),
                "precincts": unit.precincts,
                "turnout_percent": str(unit.turnout),
                "yes_percent": str(unit.yes),
                "no_percent": str(unit.no),
                "majority_yes": unit.majority_yes,
                "counts_for_rule": unit.counts_for_rule,
            }
            for unit in outcome.units
        ],
        "anomalies": [
            {
                "kind": a.kind,
                "unit": a.unit,
                "precinct": a.precinct,
                "score": None if a.score is None else round(a.score, 2),
                "params": dict(a.params),
            }
            for a in found.anomalies
        ],
    }

"""Published proposals: exactly what /proposals/ shows, masked as its export is."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from atazan.api.errors import ErrorOut
from atazan.api.pagination import PageQuery, envelope
from atazan.api.schemas import Page, PublicProposalOut
from atazan.core.errors import NotFoundError
from atazan.proposals import selectors
from atazan.proposals.models import Proposal
from atazan.proposals.privacy import plain_public

router = Router(tags=["proposals"])
REFUSED: dict[int, Any] = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ProposalFilters(Schema):
    region: str = Field("", max_length=64, description="Region code, e.g. almaty_city.")
    topic: str = Field("", max_length=64)
    status: str = Field("", max_length=32)
    outcome: str = Field("", max_length=32)
    language: str = Field("", max_length=8)


def public_proposal(proposal: Proposal) -> dict[str, Any]:
    """The public record of the site's pages, with codes beside the labels and masks in words."""
    record = selectors.public_record(proposal)
    return {
        **record,
        "submitter_type": proposal.submitter_type,
        "submitter_type_label": record["submitter_type"],
        "region": proposal.region,
        "region_label": record["region"],
        "topic": proposal.topic,
        "topic_label": record["topic"],
        "status": proposal.status,
        "status_label": record["status"],
        "outcome": proposal.outcome,
        "outcome_label": record["outcome"],
        "title": plain_public(record["title"]),
        "text": plain_public(record["text"]),
        "answer": plain_public(record["answer"]),
        "cited_provisions": list(proposal.cited_provisions or []),
    }


@router.get("/proposals", response={200: Page[PublicProposalOut], **REFUSED}, summary="Proposals")
def proposal_list(request: HttpRequest, filters: Query[ProposalFilters], pages: PageQuery) -> Any:
    """Proposals whose authors agreed to publication, newest first."""
    rows = selectors.public_proposals(filters.dict())
    found, has_next = selectors.page_of_public(rows, pages.page, pages.size)
    return envelope([public_proposal(p) for p in found], pages, has_next)


@router.get(
    "/proposals/{number}",
    response={200: PublicProposalOut, **REFUSED},
    summary="One published proposal",
)
def proposal_detail(request: HttpRequest, number: str) -> Any:
    proposal = selectors.public_proposal(number)
    if proposal is None:
        raise NotFoundError(_("No published proposal has this number."), field="number")
    return public_proposal(proposal)

"""The commission's public record: bodies, meetings with their votes, amendments, drafts.

The same as the commission's pages show to a visitor who has not signed in:
the roll call of every vote, amendments in every status, drafts only once
published (``commission.view_draft``), and of the proposals behind an
amendment only the published title.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from pydantic import Field

from atazan.api.errors import ErrorOut
from atazan.api.pagination import PageQuery, page_of
from atazan.api.schemas import (
    AmendmentDetail,
    AmendmentOut,
    BodyDetail,
    BodyOut,
    DraftDetail,
    DraftOut,
    MeetingDetail,
    MeetingOut,
    Page,
)
from atazan.commission import page_selectors, selectors
from atazan.commission.models import Amendment, Body, Draft, Meeting
from atazan.core.actors import allows
from atazan.core.errors import NotFoundError

router = Router(tags=["commission"])
PUBLIC = AnonymousUser()
REFUSED: dict[int, Any] = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class AmendmentFilters(Schema):
    status: str = Field("", max_length=16, description="proposed, adopted, rejected, withdrawn.")


def _public_draft(draft: Draft) -> bool:
    return allows(PUBLIC, "commission.view_draft", draft)


def _body(body: Body) -> dict[str, Any]:
    return {
        "slug": body.slug,
        "kind": body.kind,
        "name": str(page_selectors.localized(body, "name")),
        "quorum": f"{body.quorum_num}/{body.quorum_den}",
        "majority_rule": body.majority_rule,
    }


def _meeting(meeting: Meeting) -> dict[str, Any]:
    return {
        "body": meeting.body.slug,
        "number": meeting.number,
        "title": str(page_selectors.localized(meeting, "title")),
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "status": meeting.status,
        "live_url": meeting.live_url,
        "recording_url": meeting.recording_url,
    }


def _vote(vote: Any, votes_needed: int | None, roll_call: list[Any]) -> dict[str, Any]:
    return {
        "id": vote.pk,
        "amendment": vote.amendment_id,
        "status": vote.status,
        "majority_rule": vote.majority_rule,
        "members": vote.members_total,
        "present": vote.members_present,
        "votes_for": vote.votes_for,
        "votes_against": vote.votes_against,
        "votes_abstain": vote.votes_abstain,
        "not_voted": vote.not_voted,
        "votes_needed": votes_needed,
        "outcome": vote.outcome,
        "roll_call": [
            {"member": row.membership.full_name, "choice": row.choice} for row in roll_call
        ],
    }


def _amendment(amendment: Amendment, proposals: int | None = None) -> dict[str, Any]:
    return {
        "id": amendment.pk,
        "number": amendment.number,
        "body": amendment.body.slug,
        "base": f"{amendment.base.work.slug}/{amendment.base.label}",
        "kind": amendment.kind,
        "status": amendment.status,
        "target_uid": amendment.target_uid,
        "rationale": str(page_selectors.localized(amendment, "rationale")),
        "proposed_at": amendment.proposed_at,
        "decided_at": amendment.decided_at,
        "proposals": getattr(amendment, "proposal_count", 0) if proposals is None else proposals,
    }


def _draft(draft: Draft) -> dict[str, Any]:
    return {
        "id": draft.pk,
        "body": draft.body.slug,
        "work": draft.version.work.slug,
        "base": draft.base.label,
        "version": draft.version.label,
        "published_at": draft.published_at,
        "comments_open": draft.comments_open,
    }


@router.get("/commission/bodies", response={200: Page[BodyOut], **REFUSED}, summary="Bodies")
def bodies(request: HttpRequest, pages: PageQuery) -> Any:
    return page_of(selectors.bodies(), pages, _body)


@router.get(
    "/commission/bodies/{body}",
    response={200: BodyDetail, **REFUSED},
    summary="A body and its members",
)
def body_detail(request: HttpRequest, body: str) -> Any:
    found = selectors.body_or_404(body)
    today = timezone.localdate()
    members = [
        {
            "full_name": seat.full_name,
            "role": seat.role,
            "represents": seat.represents,
            "serving": seat.serves_on(today),
        }
        for seat in selectors.members_of(found)
    ]
    return {**_body(found), "members": members}


@router.get("/commission/meetings", response={200: Page[MeetingOut], **REFUSED}, summary="Meetings")
def meetings(request: HttpRequest, pages: PageQuery) -> Any:
    """Every meeting of every body, oldest first (the calendar)."""
    return page_of(page_selectors.calendar_meetings(), pages, _meeting)


@router.get(
    "/commission/bodies/{body}/meetings/{number}",
    response={200: MeetingDetail, **REFUSED},
    summary="A meeting: agenda, quorum, votes with roll call, minutes",
)
def meeting_detail(
    request: HttpRequest, body: str, number: int = Path(..., ge=0, le=2**31 - 1)
) -> Any:
    meeting = selectors.meeting_or_404(body, number)
    page = page_selectors.meeting_page(meeting)
    return {
        **_meeting(meeting),
        "agenda": [
            {
                "position": row.item.position,
                "title": str(page_selectors.localized(row.item, "title")),
                "amendment": row.item.amendment_id,
                "provision_uid": row.item.provision_uid,
                "proposals": row.proposal_count,
            }
            for row in page.agenda
        ],
        "quorum": vars(page.quorum),
        "votes": [_vote(row.vote, row.votes_needed, row.roll_call) for row in page.votes],
        "minutes": page.minutes.text,
        "minutes_language": page.minutes.language,
        "minutes_approved_at": meeting.minutes_approved_at,
    }


@router.get(
    "/commission/amendments", response={200: Page[AmendmentOut], **REFUSED}, summary="Amendments"
)
def amendments(request: HttpRequest, filters: Query[AmendmentFilters], pages: PageQuery) -> Any:
    return page_of(selectors.amendments_of(status=filters.status), pages, _amendment)


@router.get(
    "/commission/amendments/{amendment_id}",
    response={200: AmendmentDetail, **REFUSED},
    summary="An amendment: votes, the proposals behind it, the drafts it is in",
)
def amendment_detail(request: HttpRequest, amendment_id: int = Path(..., ge=0, le=2**62)) -> Any:
    amendment = selectors.amendment_or_404(amendment_id)
    page = page_selectors.amendment_page(amendment, can_see=_public_draft)
    return {
        **_amendment(amendment, page.proposal_count),
        "votes": [_vote(row.vote, row.votes_needed, []) for row in page.votes],
        "cited_proposals": [
            {
                "number": p.number,
                "title": p.title,
                "language": p.language,
                "region": p.region,
                "submitter_type": p.submitter_type,
                "registered": p.registered,
            }
            for p in page.proposals
        ],
        "drafts": [draft.pk for draft in page.drafts],
    }


@router.get("/commission/drafts", response={200: Page[DraftOut], **REFUSED}, summary="Drafts")
def drafts(request: HttpRequest, pages: PageQuery) -> Any:
    """Published drafts, newest first."""
    return page_of(page_selectors.public_drafts(), pages, _draft)


@router.get(
    "/commission/drafts/{draft_id}",
    response={200: DraftDetail, **REFUSED},
    summary="A published draft and the amendments applied in it",
)
def draft_detail(request: HttpRequest, draft_id: int = Path(..., ge=0, le=2**62)) -> Any:
    draft = selectors.draft_or_404(draft_id)
    if not _public_draft(draft):
        raise NotFoundError(_("No published draft has this number."))
    return {
        **_draft(draft),
        "amendments": [row.amendment.pk for row in page_selectors.draft_amendments(draft)],
    }

"""Reads of the commission's work, above all the trace from a provision to the people behind it.

The trace runs both ways:

* provision -> amendments that made it -> the votes and meetings that adopted
  them -> the themes and proposals they answer, with supporter counts in
  which an organised campaign counts as one idea;
* proposal -> the amendments that answer it (directly or through its theme)
  -> the drafts and provisions they changed, or the public answer it got.

Only public fields of proposals leave this module (number, public title,
region, submitter type); personal data stays in the proposals app.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from atazan.analysis.models import AnalysisRun, ProposalAnalysis, RunStatus, ThemeResult
from atazan.commission import decisions, drafting
from atazan.commission.models import (
    AgendaItem,
    Amendment,
    AmendmentSource,
    AmendmentStatus,
    Ballot,
    Body,
    Draft,
    DraftComment,
    Meeting,
    MeetingStatus,
    MemberRole,
    Membership,
    ProvisionSource,
    Vote,
    VoteStatus,
)
from atazan.constitution.models import Version
from atazan.proposals.models import Proposal

ROLE_ORDER = [MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR, MemberRole.SECRETARY, MemberRole.MEMBER]
PROPOSALS_PER_PAGE = 50


# Bodies, members, meetings -----------------------------------------------------------


def bodies() -> QuerySet[Body]:
    return Body.objects.annotate(members=Count("memberships")).order_by("kind", "slug")


def body_or_404(slug: str) -> Body:
    return get_object_or_404(Body, slug=slug)


def members_of(body: Body) -> list[Membership]:
    seats = list(body.memberships.select_related("user"))
    seats.sort(key=lambda m: (ROLE_ORDER.index(MemberRole(m.role)), m.full_name))
    return seats


def seat_of(body: Body, user: Any) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return body.memberships.filter(user=user).first()


def meetings(body: Body | None = None) -> QuerySet[Meeting]:
    rows = Meeting.objects.select_related("body").order_by("starts_at", "pk")
    return rows.filter(body=body) if body is not None else rows


def meeting_or_404(body_slug: str, number: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("body"), body__slug=body_slug, number=number
    )


def live_meetings() -> QuerySet[Meeting]:
    return meetings().filter(status=MeetingStatus.IN_PROGRESS)


@dataclass
class QuorumState:
    present: int
    members: int
    needed: int
    met: bool


def serving_members(body: Body, day: dt.date) -> list[Membership]:
    """The members whose term covers ``day``: they count for the quorum and may vote."""
    return [m for m in body.memberships.all() if m.serves_on(day)]


def quorum_state(meeting: Meeting) -> QuorumState:
    """Who is present from the recorded attendance, against the body's quorum on that day."""
    body = meeting.body
    day = timezone.localtime(meeting.starts_at).date()
    serving = [m.pk for m in serving_members(body, day)]
    present = meeting.attendance.filter(present=True, membership_id__in=serving).count()
    quorum = Fraction(body.quorum_num, body.quorum_den)
    return QuorumState(
        present=present,
        members=len(serving),
        needed=decisions.members_needed_for_quorum(len(serving), quorum),
        met=decisions.has_quorum(present, len(serving), quorum),
    )


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.agenda.select_related("amendment")
        .prefetch_related("themes")
        .annotate(proposal_count=Count("proposals", distinct=True))
    )


def attendance_of(meeting: Meeting) -> dict[int, bool]:
    return dict(meeting.attendance.values_list("membership_id", "present"))


def votes_of(meeting: Meeting) -> list[Vote]:
    return list(meeting.votes.select_related("amendment").order_by("opened_at", "pk"))


def open_vote_of(meeting: Meeting) -> Vote | None:
    return meeting.votes.filter(status=VoteStatus.OPEN).select_related("amendment").first()


def vote_or_404(pk: int) -> Vote:
    return get_object_or_404(Vote.objects.select_related("meeting__body", "amendment"), pk=pk)


@dataclass
class MemberVote:
    membership: Membership
    choice: str  # "for", "against", "abstain", "absent" or "not_voted"


def roll_call(vote: Vote) -> list[MemberVote]:
    """Every member of the body on the vote's day, with how they voted (public record)."""
    meeting = vote.meeting
    day = timezone.localtime(meeting.starts_at).date()
    seats = [m for m in members_of(meeting.body) if m.serves_on(day)]
    cast = dict(vote.ballots.values_list("membership_id", "choice"))
    present = {pk for pk, mark in attendance_of(meeting).items() if mark}
    rows = []
    for seat in seats:
        if seat.pk in cast:
            rows.append(MemberVote(seat, cast[seat.pk]))
        elif seat.pk in present:
            rows.append(MemberVote(seat, "not_voted"))
        else:
            rows.append(MemberVote(seat, "absent"))
    return rows


def ballot_of(vote: Vote, membership: Membership | None) -> Ballot | None:
    if membership is None:
        return None
    return vote.ballots.filter(membership=membership).first()


def minutes_ready(meeting: Meeting) -> bool:
    return bool(meeting.minutes_kk or meeting.minutes_ru or meeting.minutes_en)


# Amendments and drafts ---------------------------------------------------------------


def amendments_of(base: Version | None = None, status: str = "") -> QuerySet[Amendment]:
    rows = Amendment.objects.select_related("base__work", "body").annotate(
        proposal_count=Count("sources", distinct=True)
    )
    if base is not None:
        rows = rows.filter(base=base)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("sequence", "pk")


def amendment_or_404(pk: int) -> Amendment:
    return get_object_or_404(Amendment.objects.select_related("base__work", "body"), pk=pk)


def decisive_vote(amendment: Amendment) -> Vote | None:
    return (
        amendment.votes.filter(status=VoteStatus.CLOSED)
        .select_related("meeting__body")
        .order_by("-closed_at")
        .first()
    )


def proposed_amendments(body: Body) -> QuerySet[Amendment]:
    return amendments_of(status=AmendmentStatus.PROPOSED).filter(body=body)


def drafts(*, public_only: bool) -> QuerySet[Draft]:
    rows = Draft.objects.select_related("version__work", "base", "body")
    return rows.filter(published_at__isnull=False) if public_only else rows


def draft_or_404(pk: int) -> Draft:
    return get_object_or_404(
        Draft.objects.select_related("version__work", "base__work", "body"), pk=pk
    )


def draft_of_version(version: Version) -> Draft | None:
    return Draft.objects.filter(version=version).first()


def comments_on(draft: Draft, provision_uid: str = "") -> QuerySet[DraftComment]:
    rows = draft.comments.select_related("proposal")
    return rows.filter(provision_uid=provision_uid) if provision_uid else rows


# The trace -------------------------------------------------------------------------


def latest_run() -> AnalysisRun | None:
    return AnalysisRun.objects.filter(status=RunStatus.DONE).order_by("-finished_at", "-pk").first()


def _ids_behind(amendment_ids: list[int], theme_ids: list[int]) -> QuerySet[Any]:
    """The distinct ids of the proposals the amendments cite or that are in their themes.

    One ``UNION`` of the two link tables, read through their indexes. The
    earlier ``id IN (...) OR id IN (...)`` cannot become a join, so PostgreSQL
    tested every stored proposal against both lists: seconds with a million.
    """
    direct = (
        AmendmentSource.objects.filter(amendment_id__in=amendment_ids)
        .order_by()
        .values_list("proposal_id", flat=True)
    )
    if not theme_ids:
        return direct.distinct()
    by_theme = (
        ProposalAnalysis.objects.filter(theme_id__in=theme_ids)
        .order_by()
        .values_list("proposal_id", flat=True)
    )
    return direct.union(by_theme)


def _proposals_behind(amendment_ids: list[int], theme_ids: list[int]) -> QuerySet[Proposal]:
    return Proposal.objects.filter(pk__in=_ids_behind(amendment_ids, theme_ids))


@dataclass
class Support:
    """How many proposals stand behind something, and how many distinct ideas they are."""

    proposals: int = 0
    ideas: int = 0
    campaigns: int = 0


def support_of(
    proposals: QuerySet[Any], run: AnalysisRun | None, total: int | None = None
) -> Support:
    """Proposals, and ideas counting each organised campaign once (from the latest analysis run).

    ``proposals`` is a query of proposals or of distinct proposal ids (``_ids_behind``);
    ``total`` is their number when the caller has counted them already.
    """
    if total is None:
        total = proposals.count()
    if run is None or not total:
        return Support(proposals=total, ideas=total)
    in_campaign = ProposalAnalysis.objects.filter(
        run=run, proposal__in=proposals, campaign__isnull=False
    ).aggregate(letters=Count("pk"), campaigns=Count("campaign", distinct=True))
    letters, campaigns = in_campaign["letters"] or 0, in_campaign["campaigns"] or 0
    return Support(proposals=total, ideas=total - letters + campaigns, campaigns=campaigns)


@dataclass
class AmendmentStep:
    amendment: Amendment
    vote: Vote | None
    themes: list[ThemeResult]
    direct_proposals: int


@dataclass
class ProvisionTrace:
    draft: Draft
    uid: str
    located: drafting.Located | None
    base_located: drafting.Located | None
    steps: list[AmendmentStep]
    support: Support
    proposals: list[Proposal]
    page: int
    pages: int
    by_region: list[tuple[str, int]] = field(default_factory=list)
    comments: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.steps)


def provision_trace(draft: Draft, uid: str, page: int = 1) -> ProvisionTrace:
    """Why a provision of ``draft`` reads as it does: amendments, votes, themes, proposals."""
    located = drafting.locate(draft.version, uid)
    base_located = drafting.locate(draft.base, uid)
    if located is None and base_located is None:
        raise Http404("no such provision in this draft or its base")
    amendment_ids = list(
        ProvisionSource.objects.filter(draft=draft, provision_uid=uid).values_list(
            "amendment_id", flat=True
        )
    )
    amendments = list(
        Amendment.objects.filter(pk__in=amendment_ids)
        .prefetch_related("themes")
        .annotate(direct=Count("sources"))
        .order_by("sequence", "pk")
    )
    steps = [AmendmentStep(a, decisive_vote(a), list(a.themes.all()), a.direct) for a in amendments]
    theme_ids = sorted({t.pk for step in steps for t in step.themes})
    ids = _ids_behind(amendment_ids, theme_ids)
    # One read of the proposals behind, newest first: their number, their regions and the
    # page all come from it (each of the three queries it replaces read the same rows).
    newest_first = list(
        Proposal.objects.filter(pk__in=ids)
        .order_by("-registered_at", "-pk")
        .values_list("pk", "region")
    )
    support = support_of(ids, latest_run(), total=len(newest_first))
    pages = max(1, -(-support.proposals // PROPOSALS_PER_PAGE))
    page = min(max(page, 1), pages)
    start = (page - 1) * PROPOSALS_PER_PAGE
    on_page = [pk for pk, _region in newest_first[start : start + PROPOSALS_PER_PAGE]]
    rows = (
        Proposal.objects.filter(pk__in=on_page)
        .only("pk", "number", "public_title", "region", "submitter_type", "registered_at")
        .in_bulk()
    )
    listed = [rows[pk] for pk in on_page if pk in rows]
    by_region = sorted(
        Counter(region for _pk, region in newest_first).items(), key=lambda kv: (-kv[1], kv[0])
    )
    return ProvisionTrace(
        draft=draft,
        uid=uid,
        located=located,
        base_located=base_located,
        steps=steps,
        support=support,
        proposals=listed,
        page=page,
        pages=pages,
        by_region=[(region or "", n) for region, n in by_region],
        comments=DraftComment.objects.filter(draft=draft, provision_uid=uid).count(),
    )


@dataclass
class ProposalOutcome:
    """Where one proposal went: the amendments that answer it, or its public answer."""

    proposal: Proposal
    amendments: list[tuple[Amendment, str, list[tuple[Draft, list[drafting.Located]]]]]
    via_theme: list[int]
    answer: str

    @property
    def shaped_a_draft(self) -> bool:
        return any(drafts for _, _, drafts in self.amendments)


def proposal_outcome(proposal: Proposal) -> ProposalOutcome:
    run = latest_run()
    theme_ids: list[int] = []
    if run is not None:
        theme_ids = list(
            ProposalAnalysis.objects.filter(
                run=run, proposal=proposal, theme__isnull=False
            ).values_list("theme_id", flat=True)
        )
    direct = set(
        AmendmentSource.objects.filter(proposal=proposal).values_list("amendment_id", flat=True)
    )
    rows = list(
        Amendment.objects.filter(Q(pk__in=direct) | Q(themes__in=theme_ids))
        .distinct()
        .select_related("base__work")
        .order_by("sequence", "pk")
    )
    found = []
    for amendment in rows:
        how = "cited" if amendment.pk in direct else "theme"
        shaped = []
        for draft in amendment.drafts.select_related("version__work").order_by("created_at"):
            uids = ProvisionSource.objects.filter(draft=draft, amendment=amendment).values_list(
                "provision_uid", flat=True
            )
            located = [loc for loc in (drafting.locate(draft.version, uid) for uid in uids) if loc]
            shaped.append((draft, located))
        found.append((amendment, how, shaped))
    return ProposalOutcome(
        proposal=proposal,
        amendments=found,
        via_theme=theme_ids,
        answer=proposal.public_answer or "",
    )


def proposal_by_number(number: str) -> Proposal:
    proposal = Proposal.objects.filter(number=number).first()
    if proposal is None:
        raise Http404("no such proposal")
    return proposal


# The draft in the seed's terms -------------------------------------------------------


@dataclass
class DraftSummary:
    """ "Proposals touched N articles, every section, X% of the text" (docs/commission.md)."""

    draft: Draft
    base_articles: int
    touched_articles: int
    base_sections: int
    touched_sections: list[str]
    untouched_sections: list[str]
    base_words: int
    touched_words: int
    amendments_adopted: int
    amendments_with_proposals: int
    support: Support
    by_region: list[tuple[str, int]]
    by_submitter_type: list[tuple[str, int]]
    new_articles: int

    @property
    def share_of_text(self) -> Fraction:
        return Fraction(self.touched_words, self.base_words) if self.base_words else Fraction(0)

    @property
    def every_section(self) -> bool:
        return not self.untouched_sections


def draft_summary(draft: Draft) -> DraftSummary:
    amendments = list(draft.amendments.prefetch_related("themes").annotate(direct=Count("sources")))
    backed = [a for a in amendments if a.direct or a.themes.all()]
    outline = drafting.outline(draft.base)
    touched_articles: set[str] = set()
    new_articles = 0
    for amendment in backed:
        for uid in drafting.targets(amendment.edit):
            article = outline.article_of.get(uid)
            if article is not None:
                touched_articles.add(article)
        new_articles += drafting.new_article_count(amendment.edit)
    touched_sections = {
        outline.section_of[a] for a in touched_articles if outline.section_of.get(a)
    }
    section_names = [outline.section_label[s] for s in outline.sections]
    theme_ids = sorted({t.pk for a in backed for t in a.themes.all()})
    behind = _proposals_behind([a.pk for a in backed], theme_ids)
    by_region = Counter(dict(behind.order_by().values_list("region").annotate(n=Count("pk"))))
    by_type = Counter(dict(behind.order_by().values_list("submitter_type").annotate(n=Count("pk"))))
    return (
        DraftSummary(
            draft=draft,
            base_articles=len(outline.article_words),
            touched_articles=len(touched_articles),
            base_sections=len(outline.sections),
            touched_sections=[
                outline.section_label[s] for s in outline.sections if s in touched_sections
            ],
            untouched_sections=[
                outline.section_label[s] for s in outline.sections if s not in touched_sections
            ],
            base_words=sum(outline.article_words.values()),
            touched_words=sum(outline.article_words[a] for a in touched_articles),
            amendments_adopted=len(amendments),
            amendments_with_proposals=len(backed),
            support=support_of(behind, latest_run()),
            by_region=sorted(by_region.items(), key=lambda kv: (-kv[1], kv[0] or "")),
            by_submitter_type=sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0] or "")),
            new_articles=new_articles,
        )
        if section_names or outline.article_words
        else DraftSummary(
            draft, 0, 0, 0, [], [], 0, 0, len(amendments), len(backed), Support(), [], [], 0
        )
    )


def upcoming_and_past(now: dt.datetime | None = None) -> tuple[list[Meeting], list[Meeting]]:
    now = now or timezone.now()
    rows = list(meetings())
    return [m for m in rows if m.ends_at >= now], [m for m in reversed(rows) if m.ends_at < now]

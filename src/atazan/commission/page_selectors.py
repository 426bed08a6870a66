"""Reads that the commission's pages need beyond ``selectors.py``.

Each page's view calls one function here (or in ``selectors.py``) and renders
what it returns; the views themselves hold no query (tools/custom_lint.py,
``query-in-view``). Only public fields of proposals are read for the pages:
number, public title, region, submitter type and registration date, and
whether the author agreed to publish the text (the title is shown only then).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast

from django.db.models import Count, Model, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from atazan.analysis.models import ThemeResult
from atazan.commission import decisions, drafting, selectors
from atazan.commission.models import (
    AgendaItem,
    Amendment,
    Ballot,
    Body,
    Draft,
    Meeting,
    Membership,
    Vote,
    VoteStatus,
)
from atazan.constitution.labels import provision_label
from atazan.constitution.models import Version, VersionStatus
from atazan.proposals.models import Proposal
from atazan_texts.model import Document
from atazan_texts.model import Provision as TextProvision

LANGUAGES = ("kk", "ru", "en")
#: The public fields of a proposal that the commission's pages may show.
PUBLIC_PROPOSAL_FIELDS = (
    "pk",
    "number",
    "public_title",
    "region",
    "submitter_type",
    "registered_at",
    "language",
    "consent_publish_text",
)
PROPOSALS_ON_AN_AMENDMENT_PAGE = 50


# Texts in the reader's language --------------------------------------------------------


@dataclass(frozen=True)
class Localized:
    """A text and the language it is actually in (for the ``lang`` attribute)."""

    text: str
    language: str

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def reader_language() -> str:
    return (get_language() or "kk")[:2]


def localized(row: Model, field_name: str, language: str | None = None) -> Localized:
    """``field_kk/_ru/_en`` in the reader's language, else the first present, with its language."""
    language = (language or reader_language())[:2]
    for code in [language, *(c for c in LANGUAGES if c != language)]:
        value = getattr(row, f"{field_name}_{code}", "")
        if value:
            return Localized(str(value), code)
    return Localized("", language)


def percent_of(share: Fraction) -> Decimal:
    """A share as a percentage with one decimal, rounded half up from the exact fraction."""
    tenths = share * 1000
    rounded = (2 * tenths.numerator + tenths.denominator) // (2 * tenths.denominator)
    return Decimal(rounded).scaleb(-1)


# Meetings -----------------------------------------------------------------------------


def meeting_day(meeting: Meeting) -> dt.date:
    return timezone.localtime(meeting.starts_at).date()


def serving_seats(meeting: Meeting) -> list[Membership]:
    """The members serving on the meeting's day, chair first (as the attendance form lists them)."""
    day = meeting_day(meeting)
    return [m for m in selectors.members_of(meeting.body) if m.serves_on(day)]


@dataclass
class AgendaRow:
    item: AgendaItem
    provision: drafting.Located | None
    themes: list[ThemeResult]
    proposal_count: int


@dataclass
class VoteRow:
    vote: Vote
    roll_call: list[selectors.MemberVote]
    votes_needed: int | None

    @property
    def is_open(self) -> bool:
        return self.vote.status == VoteStatus.OPEN


@dataclass
class MeetingPage:
    meeting: Meeting
    agenda: list[AgendaRow]
    quorum: selectors.QuorumState
    quorum_share: Fraction
    votes: list[VoteRow]
    open_vote: Vote | None
    minutes: Localized
    minutes_languages: list[str]
    seats: list[Membership]
    attendance: dict[int, bool]
    attendance_recorded: bool


def meeting_page(meeting: Meeting) -> MeetingPage:
    """Everything the public meeting page shows, in a handful of reads."""
    agenda = []
    in_force: list[Version | None] = []
    for item in selectors.agenda_of(meeting):
        provision = None
        if item.amendment is not None and item.provision_uid:
            provision = drafting.locate(item.amendment.base, item.provision_uid)
        elif item.provision_uid:
            # A provision without an amendment is one of the text in force.
            if not in_force:
                in_force.append(default_base())
            if in_force[0] is not None:
                provision = drafting.locate(in_force[0], item.provision_uid)
        agenda.append(
            AgendaRow(
                item=item,
                provision=provision,
                themes=list(item.themes.all()),
                proposal_count=getattr(item, "proposal_count", 0),
            )
        )
    votes = []
    for vote in selectors.votes_of(meeting):
        needed = None
        if vote.status == VoteStatus.CLOSED:
            count = decisions.Count(
                members=vote.members_total,
                present=vote.members_present,
                for_=vote.votes_for,
                against=vote.votes_against,
                abstain=vote.votes_abstain,
            )
            needed = decisions.votes_needed(vote.majority_rule, count)
        votes.append(VoteRow(vote=vote, roll_call=selectors.roll_call(vote), votes_needed=needed))
    attendance = selectors.attendance_of(meeting)
    return MeetingPage(
        meeting=meeting,
        agenda=agenda,
        quorum=selectors.quorum_state(meeting),
        quorum_share=Fraction(meeting.body.quorum_num, meeting.body.quorum_den),
        votes=votes,
        open_vote=next((row.vote for row in votes if row.is_open), None),
        minutes=localized(meeting, "minutes"),
        minutes_languages=[c for c in LANGUAGES if getattr(meeting, f"minutes_{c}", "")],
        seats=serving_seats(meeting),
        attendance=attendance,
        attendance_recorded=bool(attendance),
    )


def vote_of_meeting_or_none(meeting: Meeting, vote_pk: int) -> Vote | None:
    """The vote ``vote_pk`` if it was taken at ``meeting``."""
    return (
        Vote.objects.select_related("meeting__body", "amendment")
        .filter(pk=vote_pk, meeting=meeting)
        .first()
    )


def own_ballot(vote: Vote | None, user: Any) -> tuple[Membership | None, Ballot | None]:
    """The signed-in user's seat in the vote's body and the ballot they cast, if any."""
    if vote is None:
        return None, None
    seat = selectors.seat_of(vote.meeting.body, user)
    return seat, selectors.ballot_of(vote, seat)


def proposed_amendment_or_none(body: Body, pk: int) -> Amendment | None:
    return selectors.proposed_amendments(body).filter(pk=pk).first()


def calendar_meetings() -> list[Meeting]:
    """Every meeting of every body, oldest first, for the calendar and its feed."""
    return list(selectors.meetings())


# Amendments ---------------------------------------------------------------------------


@dataclass
class PublicProposal:
    """What the commission's pages show of a proposal, and nothing more."""

    number: str
    title: str
    language: str
    region: str
    submitter_type: str
    registered: dt.date
    text_published: bool

    @property
    def region_label(self) -> str:
        from atazan.proposals.labels import choice_label

        return choice_label("region", self.region)

    @property
    def submitter_type_label(self) -> str:
        from atazan.proposals.labels import choice_label

        return choice_label("submitter_type", self.submitter_type)


def public_proposal(proposal: Proposal) -> PublicProposal:
    from atazan.proposals.privacy import plain_public

    published = bool(proposal.consent_publish_text)
    return PublicProposal(
        number=proposal.number,
        title=plain_public(proposal.public_title) if published else "",
        language=proposal.language if proposal.language in LANGUAGES else "",
        region=proposal.region,
        submitter_type=proposal.submitter_type,
        registered=timezone.localtime(proposal.registered_at).date(),
        text_published=published,
    )


def public_proposals(pks: list[int]) -> list[PublicProposal]:
    """The public copies of ``pks``, in that order, in one read."""
    rows = Proposal.objects.filter(pk__in=pks).only(*PUBLIC_PROPOSAL_FIELDS).in_bulk()
    return [public_proposal(rows[pk]) for pk in pks if pk in rows]


@dataclass
class AmendmentVote:
    vote: Vote
    votes_needed: int | None


@dataclass
class AmendmentPage:
    amendment: Amendment
    provision: drafting.Located | None
    rationale: Localized
    themes: list[ThemeResult]
    proposal_count: int
    proposals: list[PublicProposal]
    votes: list[AmendmentVote]
    drafts: list[Draft]


def drafts_of_amendment(amendment: Amendment) -> list[Draft]:
    rows = amendment.drafts.select_related("version__work", "base__work", "body")
    return list(rows.order_by("created_at", "pk"))


def amendment_page(amendment: Amendment, *, can_see: Callable[[Draft], bool]) -> AmendmentPage:
    """The amendment with its provision, votes, proposals and the drafts ``can_see`` admits."""
    sources = amendment.sources.order_by("proposal__registered_at", "proposal_id")
    proposal_ids = list(
        sources.values_list("proposal_id", flat=True)[:PROPOSALS_ON_AN_AMENDMENT_PAGE]
    )
    votes = []
    for vote in amendment.votes.select_related("meeting__body").order_by("opened_at", "pk"):
        needed = None
        if vote.status == VoteStatus.CLOSED:
            needed = decisions.votes_needed(
                vote.majority_rule,
                decisions.Count(
                    members=vote.members_total,
                    present=vote.members_present,
                    for_=vote.votes_for,
                    against=vote.votes_against,
                    abstain=vote.votes_abstain,
                ),
            )
        votes.append(AmendmentVote(vote, needed))
    return AmendmentPage(
        amendment=amendment,
        provision=drafting.locate(amendment.base, amendment.target_uid)
        if amendment.target_uid
        else None,
        rationale=localized(amendment, "rationale"),
        themes=list(amendment.themes.order_by("-supporters", "key")),
        proposal_count=amendment.sources.count(),
        proposals=public_proposals(proposal_ids),
        votes=votes,
        drafts=[d for d in drafts_of_amendment(amendment) if can_see(d)],
    )


# Drafts -------------------------------------------------------------------------------


@dataclass
class DraftAmendment:
    amendment: Amendment
    provision: drafting.Located | None
    proposal_count: int


def draft_amendments(draft: Draft) -> list[DraftAmendment]:
    """The amendments applied in ``draft``, in their order, with the provision each targets."""
    rows = draft.amendments.annotate(proposal_count=Count("sources", distinct=True)).order_by(
        "sequence", "pk"
    )
    found = []
    for amendment in rows:
        provision = None
        if amendment.target_uid:
            provision = drafting.locate(draft.version, amendment.target_uid) or drafting.locate(
                draft.base, amendment.target_uid
            )
        found.append(DraftAmendment(amendment, provision, getattr(amendment, "proposal_count", 0)))
    return found


def public_drafts() -> list[Draft]:
    return list(selectors.drafts(public_only=True).order_by("-published_at", "-pk"))


# The trace of a provision --------------------------------------------------------------


@dataclass
class TracePage:
    trace: selectors.ProvisionTrace
    rationales: dict[int, Localized] = field(default_factory=dict)
    proposals: list[PublicProposal] = field(default_factory=list)


def trace_page(draft: Draft, uid: str, page: int) -> TracePage:
    trace = selectors.provision_trace(draft, uid, page)
    return TracePage(
        trace=trace,
        rationales={s.amendment.pk: localized(s.amendment, "rationale") for s in trace.steps},
        proposals=public_proposals([p.pk for p in trace.proposals]),
    )


# Where a proposal went ------------------------------------------------------------------


@dataclass
class ShapedProvision:
    draft: Draft
    provisions: list[drafting.Located]


@dataclass
class OutcomeRow:
    amendment: Amendment
    how: str  # "cited" or "theme"
    shaped: list[ShapedProvision]


@dataclass
class ProposalPage:
    proposal: PublicProposal
    rows: list[OutcomeRow]
    answer: str
    answered: bool


def proposal_page(number: str, *, can_see: Callable[[Draft], bool]) -> ProposalPage:
    """Where proposal ``number`` went, with only its public fields (404 when unknown).

    Drafts that ``can_see`` does not admit (unpublished ones, for the public) are left out.
    """
    from atazan.proposals.models import Status
    from atazan.proposals.privacy import plain_public

    proposal = selectors.proposal_by_number(number)
    outcome = selectors.proposal_outcome(proposal)
    rows = []
    for amendment, how, shaped in outcome.amendments:
        rows.append(
            OutcomeRow(
                amendment=amendment,
                how=how,
                shaped=[
                    ShapedProvision(draft, located) for draft, located in shaped if can_see(draft)
                ],
            )
        )
    answered = proposal.status == Status.ANSWERED and bool(outcome.answer)
    return ProposalPage(
        proposal=public_proposal(proposal),
        rows=rows,
        answer=plain_public(outcome.answer) if answered else "",
        answered=answered,
    )


def meetings_of_body(body: Body) -> QuerySet[Meeting]:
    return selectors.meetings(body)


# The staff's screens -------------------------------------------------------------------
#
# What the forms of the secretariat and the drafting office offer to choose from:
# versions of the text, its provisions labelled in the reader's language, themes of
# the latest analysis run, proposals by registration number.


def base_versions() -> list[Version]:
    """Every stored version that has text, oldest first, for the "base version" choice."""
    return list(
        Version.objects.select_related("work")
        .filter(expressions__isnull=False)
        .distinct()
        .order_by("work__slug", "date", "created_at", "pk")
    )


def default_base(versions: list[Version] | None = None) -> Version | None:
    """The version in force (the newest one, if several), else the newest version with text."""
    versions = base_versions() if versions is None else versions
    in_force = [v for v in versions if v.status == VersionStatus.IN_FORCE]
    chosen = in_force or versions
    if not chosen:
        return None
    return max(chosen, key=lambda v: (v.date or dt.date.min, v.created_at, v.pk))


def base_version_or_none(pk: int | None, versions: list[Version]) -> Version | None:
    """Version ``pk`` among ``versions``, else the default (the one in force)."""
    if pk is not None:
        found = next((v for v in versions if v.pk == pk), None)
        if found is not None:
            return found
    return default_base(versions)


@dataclass(frozen=True)
class ProvisionOption:
    """One provision of a base version, as a form offers it."""

    uid: str
    kind: str
    num: str
    label: str
    snippet: str
    parent_uid: str | None
    group: str


@dataclass
class BaseText:
    """A base version read for the amendment forms: its languages and provisions."""

    version: Version
    languages: list[str]
    language: str
    documents: dict[str, Document]
    provisions: list[ProvisionOption]
    by_uid: dict[str, ProvisionOption]

    def of_kind(self, *kinds: str) -> list[ProvisionOption]:
        return [p for p in self.provisions if p.kind in kinds]

    def current(self, uid: str) -> dict[str, dict[str, Any] | None]:
        """Language -> the provision ``uid`` with everything below it (JSON form), or None."""
        found: dict[str, dict[str, Any] | None] = {}
        for language in self.languages:
            node = next(
                (p for p in self.documents[language].walk() if p.uid == uid),
                None,
            )
            found[language] = _provision_json(node) if node is not None else None
        return found


def _provision_json(node: TextProvision) -> dict[str, Any]:
    return {
        "kind": node.kind,
        "uid": node.uid,
        "num": node.num,
        "heading": node.heading,
        "text": node.text,
        "children": [_provision_json(child) for child in node.children],
    }


SNIPPET_LENGTH = 70


def _snippet(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= SNIPPET_LENGTH else words[: SNIPPET_LENGTH - 1].rstrip() + "…"


def base_text(version: Version, language: str | None = None) -> BaseText:
    """``version``'s languages and its sections, chapters, articles and paragraphs.

    Labels are in the reader's language when the version has it, else in its
    fullest language (a partial translation may lack some provisions).
    """
    documents = drafting.base_documents(version)
    languages = [code for code in LANGUAGES if code in documents] + sorted(
        code for code in documents if code not in LANGUAGES
    )
    language = (language or reader_language())[:2]
    if language not in documents and documents:
        language = max(documents, key=lambda code: sum(1 for _ in documents[code].walk()))
    provisions: list[ProvisionOption] = []
    if documents:
        provisions = _options(documents[language], language)
    return BaseText(
        version=version,
        languages=languages,
        language=language,
        documents=documents,
        provisions=provisions,
        by_uid={p.uid: p for p in provisions},
    )


def _options(document: Document, language: str) -> list[ProvisionOption]:
    options = []
    parent_of: dict[str, str | None] = {}
    for node in document.children:
        parent_of[node.uid] = None
    for node in document.walk():
        for child in node.children:
            parent_of[child.uid] = node.uid
    for loc in document.located():
        node = loc.provision
        if node.kind not in ("section", "chapter", "article", "paragraph"):
            continue
        chain = [p for p in (loc.section, loc.chapter, loc.article) if p is not None]
        chain = [p for p in chain if p is not node] + [node]
        label = drafting.label_of(cast(Any, chain), language)
        if node.kind in ("section", "chapter") and node.heading:
            label = f"{label}. {node.heading}"
        elif node.kind == "article" and node.heading:
            label = f"{label} · {node.heading}"
        holder = loc.chapter or loc.section
        group = ""
        if holder is not None:
            group = provision_label(holder.kind, holder.num, language)
            if holder.heading:
                group = f"{group}. {holder.heading}"
        options.append(
            ProvisionOption(
                uid=node.uid,
                kind=node.kind,
                num=node.num,
                label=label,
                snippet=_snippet(node.text or node.full_text()),
                parent_uid=parent_of.get(node.uid),
                group=group,
            )
        )
    return options


def next_amendment_number(base: Version) -> str:
    """A number following the base's amendments (``A-3`` after ``A-2``, ``A017`` after ``A016``)."""
    numbers = list(Amendment.objects.filter(base=base).values_list("number", flat=True))
    best: tuple[int, str, int] | None = None
    for number in numbers:
        found = re.fullmatch(r"(.*?)(\d+)", number)
        if found is None:
            continue
        value = int(found.group(2))
        if best is None or value > best[0]:
            best = (value, found.group(1), len(found.group(2)))
    if best is None:
        return "A-1"
    value, prefix, width = best
    taken = set(numbers)
    value += 1
    candidate = f"{prefix}{value:0{width}d}"
    while candidate in taken:
        value += 1
        candidate = f"{prefix}{value:0{width}d}"
    return candidate


def latest_themes() -> list[ThemeResult]:
    """The themes of the latest finished analysis run, most supported first."""
    run = selectors.latest_run()
    if run is None:
        return []
    return list(run.themes.order_by("-supporters", "key"))


def themes_by_pk(pks: list[int]) -> list[ThemeResult]:
    """The themes ``pks`` of the latest run, in that order (others are ignored)."""
    run = selectors.latest_run()
    if run is None or not pks:
        return []
    rows = run.themes.in_bulk(pks)
    return [rows[pk] for pk in pks if pk in rows]


def proposals_by_number(numbers: list[str]) -> tuple[list[Proposal], list[str]]:
    """The proposals registered under ``numbers``, in that order, and the numbers not found."""
    rows = {p.number: p for p in Proposal.objects.filter(number__in=numbers).only("pk", "number")}
    return [rows[n] for n in numbers if n in rows], [n for n in numbers if n not in rows]


def amendment_choices(body: Body) -> list[Amendment]:
    """The body's proposed amendments, for an agenda item."""
    return list(selectors.proposed_amendments(body))


def amendments_of_body(body: Body) -> list[Amendment]:
    return list(selectors.amendments_of().filter(body=body))


def drafts_of_body(body: Body) -> list[Draft]:
    return list(
        selectors.drafts(public_only=False).filter(body=body).order_by("-created_at", "-pk")
    )

"""The demo commission: 130 members vote, and the 2026 draft comes out of their votes.

The demo is loaded the way ``atazan load_demo --proposals 300`` loads it, without
the referendum (which the commission does not need): accounts, the 1998 texts,
300 proposals and their analysis, then the commission.
"""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import OutputWrapper

from atazan.commission import demo, selectors
from atazan.commission.drafting import locate
from atazan.commission.models import (
    AgendaItem,
    Amendment,
    AmendmentSource,
    AmendmentStatus,
    Attendance,
    Ballot,
    Body,
    BodyKind,
    Draft,
    DraftComment,
    Meeting,
    MeetingStatus,
    MemberRole,
    Membership,
    ProvisionSource,
    Vote,
    VoteOutcome,
    VoteStatus,
)
from atazan.constitution.models import Expression, Provision, Version
from atazan.constitution.selectors import document_for
from atazan.core.audit import verify_chain
from atazan.core.demo_calendar import demo_calendar
from atazan.core.models import AuditEntry
from atazan.portal.management.commands.load_demo import Command
from atazan.proposals import demo as proposals_demo
from atazan.proposals.models import Channel, Proposal
from atazan_texts.plaintext import parse_plaintext, to_plaintext

#: 130 members cast about 7,000 ballots through ``actions.cast_vote``, one by one.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PROPOSALS = 300
TABLES = [
    Body, Membership, Meeting, AgendaItem, Attendance, Amendment, AmendmentSource, Vote, Ballot,
    Draft, DraftComment, ProvisionSource, Proposal, Version, Expression, AuditEntry,
]  # fmt: skip


def _load() -> str:
    out = io.StringIO()
    command = Command(stdout=OutputWrapper(out))
    command.load_accounts()
    command.load_texts()
    proposals_demo.load_demo(out, count=PROPOSALS)
    command.load_analysis(out)
    demo.load_demo(out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in TABLES}
    counts["User"] = get_user_model().objects.count()
    return counts


def test_the_demo_commission_votes_the_shipped_draft_and_loading_again_changes_nothing(
    db: Any,
) -> None:
    output = _load()
    assert "commission: 130 members" in output
    assert "same text as the shipped sample, published" in output

    commission = Body.objects.get(slug=demo.SLUG)
    assert commission.kind == BodyKind.COMMISSION
    assert (commission.quorum_num, commission.quorum_den) == (2, 3)
    seats = list(commission.memberships.select_related("user"))
    assert len(seats) == 130
    roles = [seat.role for seat in seats]
    assert roles.count(MemberRole.CHAIR) == 1 and roles.count(MemberRole.DEPUTY_CHAIR) == 2
    assert roles.count(MemberRole.SECRETARY) == 1 and roles.count(MemberRole.MEMBER) == 126
    by_user = {seat.user.username: seat for seat in seats}
    assert by_user["secretary"].role == MemberRole.SECRETARY
    assert by_user["member"].role == MemberRole.MEMBER
    assert len({seat.full_name for seat in seats}) == 130
    assert len({seat.represents for seat in seats}) > 30
    others = [s.user for s in seats if s.user.username not in ("secretary", "member")]
    assert not any(user.has_usable_password() for user in others)
    assert Body.objects.filter(kind=BodyKind.WORKING_GROUP).exists()

    # Both outcomes, every vote closed, every ballot cast by a member present.
    base = Version.objects.get(work__slug="kenbel", label="1998")
    amendments = Amendment.objects.filter(body=commission, base=base)
    statuses = set(amendments.values_list("status", flat=True))
    assert statuses == {AmendmentStatus.ADOPTED, AmendmentStatus.REJECTED}
    assert amendments.filter(status=AmendmentStatus.REJECTED).count() >= 3
    assert not Vote.objects.filter(status=VoteStatus.OPEN).exists()
    for vote in Vote.objects.select_related("amendment", "meeting"):
        assert vote.outcome == (
            VoteOutcome.ADOPTED
            if vote.amendment.status == AmendmentStatus.ADOPTED
            else VoteOutcome.REJECTED
        )
        assert 87 <= vote.members_present <= 130 and vote.members_total == 130
        assert vote.votes_for + vote.votes_against + vote.votes_abstain < vote.members_present
        present = set(
            vote.meeting.attendance.filter(present=True).values_list("membership_id", flat=True)
        )
        assert set(vote.ballots.values_list("membership_id", flat=True)) <= present
    assert AmendmentSource.objects.filter(amendment__status=AmendmentStatus.ADOPTED).exists()
    assert amendments.filter(themes__isnull=False).exists()

    # One meeting without a quorum: it took no vote.
    meetings = list(commission.meetings.all())
    without = [m for m in meetings if m.attendance.exists() and not selectors.quorum_state(m).met]
    assert len(without) == 1 and not without[0].votes.exists()
    # Five meetings on the amendments and the review of the comments, all held.
    assert sum(1 for m in meetings if m.status == MeetingStatus.CLOSED) == 6
    assert all(m.agenda.exists() for m in meetings)

    # The draft is the commission's, published, and reads exactly like the shipped files.
    draft = Draft.objects.select_related("version").get(body=commission)
    assert draft.published_at is not None and draft.comments_open
    assert set(draft.amendments.values_list("status", flat=True)) == {AmendmentStatus.ADOPTED}
    for language in ("en", "ru", "kk"):
        path = demo.SAMPLES / f"kenbel-2026-draft.{language}.txt"
        shipped = parse_plaintext(path.read_text(encoding="utf-8"))
        stored = document_for(Expression.objects.get(version=draft.version, language=language))
        # The date is the demo calendar's: the draft is published 60 days before today.
        assert stored.date == demo_calendar().draft_published.isoformat()
        assert to_plaintext(stored) == to_plaintext(dataclasses.replace(shipped, date=stored.date))
    assert demo.differences_from_samples(draft) == {"en": "", "kk": "", "ru": ""}

    # Citizens' comments on changed paragraphs, each one a proposal in intake.
    comments = list(DraftComment.objects.select_related("proposal"))
    assert len(comments) >= 30
    assert {c.proposal.channel for c in comments} == {Channel.DRAFT_COMMENT}
    assert all(c.proposal.number and c.proposal.deadline for c in comments)
    changed = set(
        ProvisionSource.objects.filter(draft=draft).values_list("provision_uid", flat=True)
    )
    for comment in comments[:10]:
        located = locate(draft.version, comment.provision_uid, comment.proposal.language)
        assert located is not None and comment.quote in " ".join(located.text.split())
        paragraph = Provision.objects.filter(
            expression__version=draft.version, uid=comment.provision_uid
        ).first()
        assert paragraph is not None and paragraph.parent is not None
        assert paragraph.parent.uid in changed

    counts = _counts()
    again = _load()
    assert _counts() == counts
    assert "commission: 130 members" in again
    assert verify_chain() is None


def test_the_texts_only_demo_takes_the_draft_from_its_sample_files(db: Any) -> None:
    from django.core.management import call_command

    call_command("load_demo", only="texts", stdout=io.StringIO())
    labels = set(Version.objects.filter(work__slug="kenbel").values_list("label", flat=True))
    assert labels == {"1998", "2026-draft"}
    assert not Body.objects.exists() and not Draft.objects.exists()

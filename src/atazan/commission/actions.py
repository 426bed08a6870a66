"""Every write of the commission's work. Each checks permission and is audited.

A refusal is an ``AtazanError`` naming the field or the rule; every action
runs in one transaction with its audit entry, so nothing is stored half-way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from atazan.analysis.models import ThemeResult
from atazan.commission import decisions, drafting, selectors
from atazan.commission.models import (
    AgendaItem,
    Amendment,
    AmendmentSource,
    AmendmentStatus,
    Attendance,
    Ballot,
    Body,
    BodyKind,
    Choice,
    Draft,
    DraftComment,
    MajorityRule,
    Meeting,
    MeetingStatus,
    MemberRole,
    Membership,
    ProvisionSource,
    Vote,
    VoteOutcome,
    VoteStatus,
)
from atazan.constitution.actions import import_text, publish_version
from atazan.constitution.models import Version, VersionStatus
from atazan.core.actors import Actor, require, user_or_none
from atazan.core.audit import record
from atazan.core.errors import ConflictError, InvalidInputError, NotFoundError, StateError
from atazan.proposals.actions import Registration, register_proposal
from atazan.proposals.intake import Submission
from atazan.proposals.models import Channel, Proposal

LANGUAGES = ("kk", "ru", "en")
#: First path segments of the commission's fixed pages (urls.py); no body may take them.
RESERVED_SLUGS = frozenset({"amendments", "calendar", "calendar.ics", "drafts", "proposals"})


def _texts(
    field: str, texts: Mapping[str, str], *, required: Sequence[str] = LANGUAGES
) -> dict[str, str]:
    """``{"name_kk": ..., ...}`` from ``{"kk": ...}``, refusing a missing required language."""
    unknown = sorted(set(texts) - set(LANGUAGES))
    if unknown:
        raise InvalidInputError(
            _("%(field)s: unknown language %(language)s")
            % {"field": field, "language": unknown[0]},
            field=field,
        )
    for language in required:
        if not str(texts.get(language, "")).strip():
            raise InvalidInputError(
                _("%(field)s: the text in %(language)s is missing")
                % {"field": field, "language": language},
                field=f"{field}_{language}",
            )
    return {f"{field}_{code}": str(texts.get(code, "")).strip() for code in LANGUAGES}


# Bodies and members ----------------------------------------------------------------


def create_body(
    actor: Actor,
    *,
    slug: str,
    kind: str,
    names: Mapping[str, str],
    quorum: Fraction = Fraction(2, 3),
    majority_rule: str = MajorityRule.SIMPLE_OF_PRESENT,
) -> Body:
    require(actor, "commission.manage_bodies")
    if kind not in BodyKind.values:
        raise InvalidInputError(
            _("kind: unknown kind of body %(value)r") % {"value": kind}, field="kind"
        )
    if majority_rule not in MajorityRule.values:
        raise InvalidInputError(
            _("majority_rule: unknown rule %(value)r") % {"value": majority_rule},
            field="majority_rule",
        )
    if not 0 < quorum <= 1:
        raise InvalidInputError(_("quorum: must be a share above 0 and at most 1"), field="quorum")
    if slug in RESERVED_SLUGS:
        # /commission/<slug>/ would be hidden behind the fixed pages of that name.
        raise InvalidInputError(
            _("slug: %(slug)s is the name of a commission page; choose another") % {"slug": slug},
            field="slug",
        )
    with transaction.atomic():
        if Body.objects.filter(slug=slug).exists():
            raise ConflictError(
                _("slug: a body %(slug)s exists already") % {"slug": slug}, field="slug"
            )
        body = Body.objects.create(
            slug=slug,
            kind=kind,
            quorum_num=quorum.numerator,
            quorum_den=quorum.denominator,
            majority_rule=majority_rule,
            **_texts("name", names),
        )
        record(
            actor,
            "commission.create_body",
            body,
            {"slug": slug, "kind": kind, "quorum": str(quorum), "majority_rule": majority_rule},
        )
    return body


def add_member(
    actor: Actor,
    body: Body,
    user: Any,
    *,
    full_name: str,
    role: str = MemberRole.MEMBER,
    represents: str = "",
    term_start: dt.date,
    term_end: dt.date | None = None,
) -> Membership:
    require(actor, "commission.manage_bodies")
    if role not in MemberRole.values:
        raise InvalidInputError(_("role: unknown role %(value)r") % {"value": role}, field="role")
    if not full_name.strip():
        raise InvalidInputError(_("full_name: a member needs a name"), field="full_name")
    if term_end is not None and term_end < term_start:
        raise InvalidInputError(_("term_end: the term ends before it starts"), field="term_end")
    with transaction.atomic():
        if Membership.objects.filter(body=body, user=user).exists():
            raise ConflictError(
                _("user: %(name)s already has a seat in this body") % {"name": full_name},
                field="user",
            )
        if role == MemberRole.CHAIR and body.memberships.filter(role=MemberRole.CHAIR).exists():
            raise ConflictError(_("role: the body has a chair already"), field="role")
        membership = Membership.objects.create(
            body=body,
            user=user,
            full_name=full_name.strip(),
            role=role,
            represents=represents.strip(),
            term_start=term_start,
            term_end=term_end,
        )
        record(
            actor,
            "commission.add_member",
            membership,
            {"body": body.slug, "role": role, "represents": membership.represents},
        )
    return membership


def add_members(actor: Actor, body: Body, seats: Sequence[dict[str, Any]]) -> int:
    """Seat many members at once (a new commission of 130), in one transaction and one audit entry."""
    require(actor, "commission.manage_bodies")
    with transaction.atomic():
        rows = [
            Membership(
                body=body,
                user=seat["user"],
                full_name=seat["full_name"],
                role=seat.get("role", MemberRole.MEMBER),
                represents=seat.get("represents", ""),
                term_start=seat["term_start"],
                term_end=seat.get("term_end"),
            )
            for seat in seats
        ]
        try:
            with transaction.atomic():
                Membership.objects.bulk_create(rows, batch_size=500)
        except IntegrityError as exc:
            raise ConflictError(
                _("user: someone in the list already has a seat in this body")
            ) from exc
        record(actor, "commission.add_members", body, {"seats": len(rows)})
    return len(rows)


# Meetings ------------------------------------------------------------------------


def schedule_meeting(
    actor: Actor,
    body: Body,
    *,
    titles: Mapping[str, str],
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    live_url: str = "",
    recording_url: str = "",
) -> Meeting:
    require(actor, "commission.schedule_meeting", body)
    if ends_at <= starts_at:
        raise InvalidInputError(_("ends_at: the meeting must end after it starts"), field="ends_at")
    if not place.strip():
        raise InvalidInputError(_("place: say where the meeting takes place"), field="place")
    with transaction.atomic():
        number = (body.meetings.select_for_update().aggregate(n=Max("number"))["n"] or 0) + 1
        meeting = Meeting.objects.create(
            body=body,
            number=number,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            live_url=live_url,
            recording_url=recording_url,
            **_texts("title", titles),
        )
        record(
            actor,
            "commission.schedule_meeting",
            meeting,
            {"body": body.slug, "number": number, "starts_at": starts_at.isoformat()},
        )
    return meeting


def set_meeting_links(
    actor: Actor, meeting: Meeting, *, live_url: str, recording_url: str
) -> Meeting:
    require(actor, "commission.run_meeting", meeting)
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(live_url=live_url, recording_url=recording_url)
        record(
            actor,
            "commission.set_meeting_links",
            meeting,
            {"live_url": live_url, "recording_url": recording_url},
        )
    meeting.live_url, meeting.recording_url = live_url, recording_url
    return meeting


def add_agenda_item(
    actor: Actor,
    meeting: Meeting,
    *,
    titles: Mapping[str, str],
    amendment: Amendment | None = None,
    provision_uid: str = "",
    themes: Iterable[ThemeResult] = (),
    proposals: Iterable[Proposal] = (),
) -> AgendaItem:
    require(actor, "commission.schedule_meeting", meeting)
    if meeting.status == MeetingStatus.CLOSED:
        raise StateError(_("The meeting is closed; its agenda cannot change."), field="meeting")
    if amendment is not None and amendment.body_id != meeting.body_id:
        raise InvalidInputError(_("amendment: it belongs to another body"), field="amendment")
    with transaction.atomic():
        position = (meeting.agenda.aggregate(n=Max("position"))["n"] or 0) + 1
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            amendment=amendment,
            provision_uid=provision_uid or (amendment.target_uid if amendment else ""),
            **_texts("title", titles),
        )
        theme_list, proposal_list = list(themes), list(proposals)
        item.themes.add(*theme_list)
        item.proposals.add(*proposal_list)
        record(
            actor,
            "commission.add_agenda_item",
            item,
            {
                "meeting": meeting.pk,
                "position": position,
                "amendment": amendment.number if amendment else "",
                "themes": [t.pk for t in theme_list],
                "proposals": [p.number for p in proposal_list],
            },
        )
    return item


def _locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)


def start_meeting(actor: Actor, meeting: Meeting) -> Meeting:
    require(actor, "commission.run_meeting", meeting)
    with transaction.atomic():
        current = _locked_meeting(meeting)
        if current.status != MeetingStatus.SCHEDULED:
            raise StateError(_("Only a scheduled meeting can start."), field="status")
        current.status, current.opened_at = MeetingStatus.IN_PROGRESS, timezone.now()
        current.version += 1
        current.save(update_fields=["status", "opened_at", "version"])
        record(actor, "commission.start_meeting", current, {})
    return current


def end_meeting(actor: Actor, meeting: Meeting) -> Meeting:
    require(actor, "commission.run_meeting", meeting)
    with transaction.atomic():
        current = _locked_meeting(meeting)
        if current.status != MeetingStatus.IN_PROGRESS:
            raise StateError(_("Only a meeting in progress can end."), field="status")
        if current.votes.filter(status=VoteStatus.OPEN).exists():
            raise StateError(_("Close the open vote before ending the meeting."), field="status")
        current.status, current.closed_at = MeetingStatus.CLOSED, timezone.now()
        current.version += 1
        current.save(update_fields=["status", "closed_at", "version"])
        record(actor, "commission.end_meeting", current, {})
    return current


def record_attendance(actor: Actor, meeting: Meeting, present: Mapping[int, bool]) -> int:
    """Record who is present (membership id -> present), replacing earlier marks for them."""
    require(actor, "commission.record_attendance", meeting)
    if meeting.status == MeetingStatus.CLOSED:
        raise StateError(_("The meeting is closed; its attendance cannot change."), field="meeting")
    day = timezone.localtime(meeting.starts_at).date()
    seats = {m.pk: m for m in selectors.serving_members(meeting.body, day)}
    strangers = sorted(set(present) - set(seats))
    if strangers:
        raise InvalidInputError(
            _("attendance: %(id)s is not a member serving on the meeting's day")
            % {"id": strangers[0]},
            field="attendance",
        )
    with transaction.atomic():
        Attendance.objects.filter(meeting=meeting, membership_id__in=list(present)).delete()
        Attendance.objects.bulk_create(
            [
                Attendance(meeting=meeting, membership_id=pk, present=bool(mark))
                for pk, mark in present.items()
            ]
        )
        record(
            actor,
            "commission.record_attendance",
            meeting,
            {
                "present": sorted(pk for pk, mark in present.items() if mark),
                "absent": sorted(pk for pk, mark in present.items() if not mark),
            },
        )
    return sum(1 for mark in present.values() if mark)


def record_minutes(actor: Actor, meeting: Meeting, texts: Mapping[str, str]) -> Meeting:
    require(actor, "commission.record_minutes", meeting)
    if meeting.minutes_approved_at is not None:
        raise StateError(
            _("The minutes were approved; they can no longer change."), field="minutes"
        )
    values = _texts("minutes", texts, required=("kk", "ru"))
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(**values)
        record(
            actor,
            "commission.record_minutes",
            meeting,
            {code: len(values[f"minutes_{code}"]) for code in LANGUAGES},
        )
    for key, value in values.items():
        setattr(meeting, key, value)
    return meeting


def approve_minutes(
    actor: Actor, meeting: Meeting, *, approved_at: Meeting | None = None
) -> Meeting:
    """The body approves the minutes of ``meeting``, at a later meeting with a quorum (or the same one)."""
    require(actor, "commission.run_meeting", meeting)
    at = approved_at or meeting
    if at.body_id != meeting.body_id:
        raise InvalidInputError(_("approved_at: a meeting of another body"), field="approved_at")
    if not meeting.minutes_kk or not meeting.minutes_ru:
        raise StateError(_("There are no minutes to approve yet."), field="minutes")
    if meeting.minutes_approved_at is not None:
        raise ConflictError(_("The minutes were approved already."), field="minutes")
    quorum = selectors.quorum_state(at)
    if not quorum.met:
        raise StateError(
            _("No quorum: %(present)s of %(members)s members are present.")
            % {"present": quorum.present, "members": quorum.members},
            field="quorum",
        )
    with transaction.atomic():
        now = timezone.now()
        Meeting.objects.filter(pk=meeting.pk).update(minutes_approved_at=now)
        record(
            actor,
            "commission.approve_minutes",
            meeting,
            {"at_meeting": at.pk, "present": quorum.present},
        )
    meeting.minutes_approved_at = now
    return meeting


# Amendments -----------------------------------------------------------------------


def propose_amendment(
    actor: Actor,
    body: Body,
    base: Version,
    *,
    number: str,
    edit: dict[str, Any],
    rationale: Mapping[str, str],
    themes: Iterable[ThemeResult] = (),
    proposals: Iterable[Proposal] = (),
) -> Amendment:
    """Check the edit against the base in every language it has, then store it.

    An edit against a provision that does not exist, or missing a language of
    the base, is refused with the field named; nothing is stored.
    """
    require(actor, "commission.propose_amendment", body)
    number = number.strip()
    if not number:
        raise InvalidInputError(_("number: an amendment needs a number"), field="number")
    earlier = list(
        Amendment.objects.filter(
            base=base, status__in=[AmendmentStatus.PROPOSED, AmendmentStatus.ADOPTED]
        ).order_by("sequence", "pk")
    )
    checked = drafting.check_edit(base, number, edit, earlier)
    values = _texts("rationale", rationale, required=("kk", "ru"))
    with transaction.atomic():
        if Amendment.objects.filter(base=base, number=number).exists():
            raise ConflictError(
                _("number: amendment %(number)s exists already") % {"number": number},
                field="number",
            )
        sequence = (Amendment.objects.filter(base=base).aggregate(n=Max("sequence"))["n"] or 0) + 1
        amendment = Amendment.objects.create(
            body=body,
            base=base,
            number=number,
            kind=checked.kind,
            target_uid=checked.target_uid,
            edit=checked.as_json,
            proposed_by=user_or_none(actor),
            sequence=sequence,
            **values,
        )
        theme_list, proposal_list = list(themes), list(proposals)
        amendment.themes.add(*theme_list)
        AmendmentSource.objects.bulk_create(
            [AmendmentSource(amendment=amendment, proposal=p) for p in proposal_list],
            ignore_conflicts=True,
        )
        record(
            actor,
            "commission.propose_amendment",
            amendment,
            {
                "number": number,
                "base": base.label,
                "kind": checked.kind,
                "target": checked.target_uid,
                "themes": [t.pk for t in theme_list],
                "proposals": [p.number for p in proposal_list],
            },
        )
    return amendment


def cite_proposals(actor: Actor, amendment: Amendment, proposals: Iterable[Proposal]) -> int:
    """Add proposals that an amendment answers (the trace grows as the analysts find them)."""
    require(actor, "commission.propose_amendment", amendment)
    proposal_list = list(proposals)
    with transaction.atomic():
        before = amendment.sources.count()
        AmendmentSource.objects.bulk_create(
            [AmendmentSource(amendment=amendment, proposal=p) for p in proposal_list],
            ignore_conflicts=True,
            batch_size=1000,
        )
        added = amendment.sources.count() - before
        record(actor, "commission.cite_proposals", amendment, {"added": added})
    return added


def withdraw_amendment(actor: Actor, amendment: Amendment) -> Amendment:
    require(actor, "commission.propose_amendment", amendment)
    with transaction.atomic():
        current = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if current.status != AmendmentStatus.PROPOSED:
            raise StateError(_("Only a proposed amendment can be withdrawn."), field="status")
        if current.votes.filter(status=VoteStatus.OPEN).exists():
            raise StateError(_("The amendment is being voted on."), field="status")
        current.status, current.decided_at = AmendmentStatus.WITHDRAWN, timezone.now()
        current.save(update_fields=["status", "decided_at"])
        record(actor, "commission.withdraw_amendment", current, {"number": current.number})
    return current


# Votes ----------------------------------------------------------------------------


def open_vote(actor: Actor, meeting: Meeting, amendment: Amendment) -> Vote:
    """Open a roll-call vote; refused without a quorum, with the page's reason in the message."""
    require(actor, "commission.open_vote", meeting)
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.status != MeetingStatus.IN_PROGRESS:
            raise StateError(
                _("Votes are taken only while the meeting is in progress."), field="meeting"
            )
        if amendment.body_id != meeting.body_id:
            raise InvalidInputError(_("amendment: it belongs to another body"), field="amendment")
        current = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if current.status != AmendmentStatus.PROPOSED:
            raise StateError(
                _("Amendment %(number)s was decided already (%(status)s).")
                % {"number": current.number, "status": current.get_status_display()},
                field="amendment",
            )
        if meeting.votes.filter(status=VoteStatus.OPEN).exists():
            raise StateError(
                _("Another vote is open at this meeting; close it first."), field="meeting"
            )
        quorum = selectors.quorum_state(meeting)
        present, members = quorum.present, quorum.members
        if not quorum.met:
            raise StateError(
                _(
                    "No quorum: %(present)s of %(members)s members are present, %(needed)s are needed."
                )
                % {"present": present, "members": members, "needed": quorum.needed},
                field="quorum",
            )
        vote = Vote.objects.create(
            meeting=meeting,
            amendment=current,
            majority_rule=meeting.body.majority_rule,
            members_total=members,
            members_present=present,
            opened_by=user_or_none(actor),
        )
        record(
            actor,
            "commission.open_vote",
            vote,
            {
                "meeting": meeting.pk,
                "amendment": current.number,
                "members": members,
                "present": present,
                "rule": vote.majority_rule,
            },
        )
    return vote


def cast_vote(actor: Actor, vote: Vote, choice: str) -> Ballot:
    """A member's own vote: refused outside an open vote, for a non-member, or a second time."""
    require(actor, "commission.cast_vote", vote)
    if choice not in Choice.values:
        raise InvalidInputError(_("choice: one of for, against, abstain"), field="choice")
    user = user_or_none(actor)
    body = vote.meeting.body
    seat = body.memberships.filter(user=user).first() if user is not None else None
    if seat is None:
        raise InvalidInputError(_("member: you have no seat in this body"), field="member")
    day = timezone.localtime(vote.meeting.starts_at).date()
    if not seat.serves_on(day):
        raise InvalidInputError(_("member: your term does not cover this meeting"), field="member")
    with transaction.atomic():
        current = Vote.objects.select_for_update().get(pk=vote.pk)
        if current.status != VoteStatus.OPEN:
            raise StateError(_("This vote is not open."), field="vote")
        marked = current.meeting.attendance.filter(membership=seat).first()
        if marked is None or not marked.present:
            raise StateError(
                _("You are not recorded as present; ask the secretary to record your attendance."),
                field="attendance",
            )
        if current.ballots.filter(membership=seat).exists():
            raise ConflictError(_("You have already voted in this vote."), field="choice")
        ballot = Ballot.objects.create(vote=current, membership=seat, choice=choice)
        record(
            actor,
            "commission.cast_vote",
            ballot,
            {"vote": current.pk, "member": seat.pk, "choice": choice},
        )
    return ballot


def close_vote(actor: Actor, vote: Vote) -> Vote:
    """Count, apply the body's majority rule exactly, and decide the amendment."""
    require(actor, "commission.close_vote", vote)
    with transaction.atomic():
        current = Vote.objects.select_for_update().select_related("amendment").get(pk=vote.pk)
        if current.status != VoteStatus.OPEN:
            raise StateError(_("This vote is closed already."), field="vote")
        choices = list(current.ballots.values_list("choice", flat=True))
        count = decisions.Count(
            members=current.members_total,
            present=current.members_present,
            for_=choices.count(Choice.FOR),
            against=choices.count(Choice.AGAINST),
            abstain=choices.count(Choice.ABSTAIN),
        )
        adopted = decisions.is_adopted(current.majority_rule, count)
        now = timezone.now()
        current.status, current.closed_at = VoteStatus.CLOSED, now
        current.votes_for, current.votes_against, current.votes_abstain = (
            count.for_,
            count.against,
            count.abstain,
        )
        current.not_voted = current.members_total - len(choices)
        current.outcome = VoteOutcome.ADOPTED if adopted else VoteOutcome.REJECTED
        current.save()
        amendment = current.amendment
        amendment.status = AmendmentStatus.ADOPTED if adopted else AmendmentStatus.REJECTED
        amendment.decided_at = now
        amendment.save(update_fields=["status", "decided_at"])
        record(
            actor,
            "commission.close_vote",
            current,
            {
                "amendment": amendment.number,
                "for": count.for_,
                "against": count.against,
                "abstain": count.abstain,
                "not_voted": current.not_voted,
                "outcome": current.outcome,
                "rule": current.majority_rule,
            },
        )
    return current


# Drafts ---------------------------------------------------------------------------


def consolidate_draft(
    actor: Actor,
    body: Body,
    base: Version,
    *,
    label: str,
    date: dt.date | None = None,
    title: Mapping[str, str] | None = None,
    note: Mapping[str, str] | None = None,
    numbering: str = "articles",
) -> Draft:
    """Apply every adopted amendment to ``base`` and store the result as a new draft version.

    Conflicting amendments are refused before anything is stored, naming both.
    """
    require(actor, "commission.consolidate_draft", body)
    require(actor, "constitution.import_text")
    adopted = list(
        Amendment.objects.filter(body=body, base=base, status=AmendmentStatus.ADOPTED).order_by(
            "sequence", "pk"
        )
    )
    if not adopted:
        raise StateError(
            _("No amendment has been adopted on this version yet."), field="amendments"
        )
    if Version.objects.filter(work=base.work, label=label).exists():
        raise ConflictError(
            _("label: version %(label)s exists already") % {"label": label}, field="label"
        )
    result = drafting.consolidate(base, adopted, numbering)
    with transaction.atomic():
        version: Version | None = None
        for language, document in result.documents.items():
            document.version, document.work = label, base.work.slug
            document.status = "draft"
            if date is not None:
                document.date = date.isoformat()
            if title and title.get(language):
                document.title = title[language]
            # The base's note describes the base; a draft says its own or nothing.
            document.note = (note or {}).get(language, "")
            expression = import_text(
                actor,
                document,
                work_slug=base.work.slug,
                version_label=label,
                language=language,
                date=date,
                status=VersionStatus.DRAFT,
                based_on=base.label,
                source_format="amendments",
                keep_uids=True,
            )
            version = expression.version
        assert version is not None
        draft = Draft.objects.create(
            body=body, base=base, version=version, warnings=result.warnings
        )
        draft.amendments.add(*adopted)
        by_number = {a.number: a for a in adopted}
        ProvisionSource.objects.bulk_create(
            [
                ProvisionSource(draft=draft, provision_uid=uid, amendment=by_number[number])
                for uid, numbers in result.sources.items()
                for number in numbers
                if number in by_number
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
        record(
            actor,
            "commission.consolidate_draft",
            draft,
            {
                "base": base.label,
                "label": label,
                "amendments": [a.number for a in adopted],
                "languages": sorted(result.documents),
                "warnings": len(result.warnings),
            },
        )
    return draft


def publish_draft(actor: Actor, draft: Draft, *, open_comments: bool = True) -> Draft:
    """Make the draft public with its comparison to the base, and open it for comments."""
    require(actor, "commission.publish_draft", draft)
    with transaction.atomic():
        current = Draft.objects.select_for_update().select_related("version").get(pk=draft.pk)
        if current.published_at is not None:
            raise ConflictError(_("The draft is published already."), field="draft")
        publish_version(actor, current.version, True)
        current.published_at, current.comments_open = timezone.now(), open_comments
        current.save(update_fields=["published_at", "comments_open"])
        record(
            actor,
            "commission.publish_draft",
            current,
            {"version": current.version.label, "comments_open": open_comments},
        )
    return current


def set_comments_open(actor: Actor, draft: Draft, open_comments: bool) -> Draft:
    require(actor, "commission.publish_draft", draft)
    if draft.published_at is None:
        raise StateError(_("Publish the draft before opening it for comments."), field="draft")
    with transaction.atomic():
        Draft.objects.filter(pk=draft.pk).update(comments_open=open_comments)
        record(actor, "commission.set_comments_open", draft, {"open": open_comments})
    draft.comments_open = open_comments
    return draft


def comment_on_draft(
    actor: Actor,
    draft: Draft,
    *,
    provision_uid: str,
    quote: str,
    submission: Submission,
    token: str,
) -> Registration:
    """Take a comment on one provision of a published draft into intake as a proposal.

    It gets a registration number, a receipt, a statutory deadline and an
    answer like any other proposal; resubmitting the same form (same token)
    returns the first registration.
    """
    require(actor, "commission.comment_on_draft", draft)
    if not draft.comments_open:
        raise StateError(_("This draft is not open for comments."), field="draft")
    located = drafting.locate(draft.version, provision_uid)
    if located is None:
        raise NotFoundError(
            _("provision: %(uid)s is not part of this draft") % {"uid": provision_uid},
            field="provision",
        )
    quote = " ".join(quote.split())[:500]
    if quote and quote not in " ".join(located.text.split()):
        raise InvalidInputError(_("quote: these words are not in the provision"), field="quote")
    if not token.strip():
        raise InvalidInputError(_("token: the form is missing its submission token"), field="token")
    submission.cited_provisions = sorted({*submission.cited_provisions, located.label})

    def anchor(registration: Registration) -> None:
        DraftComment.objects.create(
            draft=draft, proposal=registration.proposal, provision_uid=provision_uid, quote=quote
        )

    return register_proposal(
        actor,
        submission,
        channel=Channel.DRAFT_COMMENT,
        source=draft.version.label,
        external_id=token.strip(),
        before_audit=anchor,
    )

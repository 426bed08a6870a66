"""Every write to proposals and cases. Each action checks permission and is audited.

Cases use optimistic concurrency: a form carries the version it was shown,
and a change is written only if nobody changed the case since. The second of
two analysts answering the same case is told the case changed, instead of
silently overwriting the first answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from atazan.core.actors import Actor, SystemActor, require, user_or_none
from atazan.core.audit import record
from atazan.core.errors import ConflictError, PermissionDeniedError
from atazan.core.rows import insert
from atazan.proposals import notify
from atazan.proposals.files import InvalidAttachment, max_files, read_checked
from atazan.proposals.intake import Submission
from atazan.proposals.models import (
    AnswerTemplate,
    AssignmentRule,
    Attachment,
    Channel,
    DayTransfer,
    IdempotencyRecord,
    Notification,
    NotificationKind,
    NumberCounter,
    Outcome,
    Partner,
    Proposal,
    Region,
    Status,
    SubmitterProfile,
    Topic,
)
from atazan.proposals.privacy import public_copy
from atazan.proposals.selectors import (
    analysts,
    forget_calendar,
    replay_key,
    seal,
    secret_hash,
    unseal,
    work_calendar,
)
from atazan.proposals.workflow import (
    TransitionError,
    check_answer,
    check_reopen,
    check_transition,
)
from atazan_calendar import WorkCalendar, add_months

SECRET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SECRET_LENGTH = 10
EXTENSION_MONTHS = 2


class CaseChangedError(ConflictError):
    """Someone else changed the case after it was opened; reload and try again."""

    code = "case_changed"

    def __init__(self, proposal: Proposal) -> None:
        super().__init__(
            _(
                "Case %(number)s was changed by someone else after you opened it. "
                "Your change was not saved; reload the case and try again."
            )
            % {"number": proposal.number}
        )
        self.proposal = proposal


def new_secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


def format_number(year: int, sequence: int) -> str:
    return f"{year}-{sequence:06d}"


_SEQUENCES_READY: set[int] = set()


def _take_numbers(year: int, count: int) -> list[int]:
    """``count`` new registration numbers of ``year``, in increasing order.

    On PostgreSQL a sequence per year hands them out without a lock held to the
    end of the transaction, so concurrent registrations do not queue behind
    each other (a registration that fails leaves a gap). On SQLite, where
    writers are serialised anyway, a counter row gives gap-free numbers.
    """
    if connection.vendor != "postgresql":
        NumberCounter.objects.get_or_create(year=year)
        counter = NumberCounter.objects.select_for_update().get(year=year)
        first = counter.last + 1
        counter.last += count
        counter.save(update_fields=["last"])
        return list(range(first, first + count))
    name = f"proposals_number_{int(year)}"
    query = "SELECT nextval(%s) FROM generate_series(1, %s)"
    with connection.cursor() as cursor:
        if year in _SEQUENCES_READY:
            try:
                cursor.execute(query, [name, count])
            except ProgrammingError:
                # Its creation was rolled back with the transaction that made it: this
                # registration fails, the next one creates the sequence again.
                _SEQUENCES_READY.discard(year)
                raise
            return sorted(int(row[0]) for row in cursor.fetchall())
        cursor.execute("SELECT to_regclass(%s)", [name])
        if cursor.fetchone()[0] is None:
            try:
                with transaction.atomic():
                    cursor.execute(f"CREATE SEQUENCE {name}")
                    # Continue after numbers already issued this year (by the counter or an import).
                    cursor.execute(
                        "SELECT GREATEST("
                        " (SELECT max(substring(number from 6)::bigint) FROM proposals_proposal"
                        "  WHERE number LIKE %s),"
                        " (SELECT last FROM proposals_numbercounter WHERE year = %s), 0)",
                        [f"{int(year)}-%", year],
                    )
                    issued = int(cursor.fetchone()[0])
                    if issued:
                        cursor.execute("SELECT setval(%s, %s)", [name, issued])
            except (IntegrityError, ProgrammingError):
                pass  # created by a concurrent registration at the same moment
        _SEQUENCES_READY.add(year)
        cursor.execute(query, [name, count])
        return sorted(int(row[0]) for row in cursor.fetchall())


def deadline_for(registered_at: dt.datetime, calendar: WorkCalendar | None = None) -> dt.date:
    """15 working days after the day of registration."""
    calendar = calendar or work_calendar()
    return calendar.deadline(timezone.localdate(registered_at))


def build_proposal(
    submission: Submission,
    *,
    channel: str,
    source: str,
    external_id: str,
    registered_at: dt.datetime,
    calendar: WorkCalendar,
    secret: str = "",
    **extra: Any,
) -> Proposal:
    """An unsaved proposal with its public copy and deadline; the number comes later."""
    keep_name = submission.consent_publish_name
    personal: dict[str, Any] = {
        "name": submission.submitter_name,
        "keep_name": keep_name,
        "iin": submission.iin,
        "bin_": submission.bin,
        "email": submission.contact_email,
        "phone": submission.contact_phone,
        "address": submission.postal_address,
    }
    deadline = deadline_for(registered_at, calendar)
    return _new_proposal(
        channel=channel,
        source=source,
        external_id=external_id,
        submitter_type=submission.submitter_type,
        submitter_name=submission.submitter_name,
        iin=submission.iin,
        bin=submission.bin,
        region=submission.region,
        contact_email=submission.contact_email,
        contact_phone=submission.contact_phone,
        postal_address=submission.postal_address,
        language=submission.language,
        topic=submission.topic,
        title=submission.title,
        text=submission.text,
        cited_provisions=submission.cited_provisions,
        consent_publish_text=submission.consent_publish_text,
        consent_publish_name=keep_name,
        public_title=public_copy(submission.title, **personal)[:500],
        public_text=public_copy(submission.text, **personal),
        received_at=submission.received_at or registered_at,
        registered_at=registered_at,
        secret_hash=secret_hash(secret) if secret else "",
        original_deadline=deadline,
        deadline=deadline,
        **extra,
    )


_FIELD_DEFAULTS: list[tuple[str, Any]] | None = None


def _new_proposal(**values: Any) -> Proposal:
    """A Proposal built from positional values: the importer makes a million of them."""
    global _FIELD_DEFAULTS
    if _FIELD_DEFAULTS is None:
        _FIELD_DEFAULTS = [
            (
                f.attname,
                f.get_default if f.has_default() and callable(f.default) else f.get_default(),
            )
            for f in Proposal._meta.concrete_fields
        ]
    args = []
    for attname, default in _FIELD_DEFAULTS:
        if attname in values:
            args.append(values.pop(attname))
        else:
            args.append(default() if callable(default) else default)
    model: Any = Proposal  # positional construction skips Django's keyword handling
    if values:  # relations given as objects (user=, partner=, ...)
        proposal: Proposal = model(*args)
        for name, value in values.items():
            setattr(proposal, name, value)
        return proposal
    return model(*args)


# Registration ---------------------------------------------------------------


@dataclass
class Registration:
    proposal: Proposal
    created: bool
    secret: str = ""


CHANNEL_PERMISSIONS = {
    Channel.WEB: "proposals.submit_proposal",
    Channel.LETTER: "proposals.register_proposal",
    Channel.MEETING: "proposals.register_proposal",
    Channel.DRAFT_COMMENT: "proposals.submit_proposal",
}


def register_proposal(
    actor: Actor,
    submission: Submission,
    *,
    channel: str,
    external_id: str,
    source: str = "",
    partner: Partner | None = None,
    files: Sequence[tuple[str, IO[bytes]]] = (),
    look_up_first: bool = True,
    before_audit: Callable[[Registration], None] | None = None,
) -> Registration:
    """Register one proposal and issue its number at once.

    Registering the same (channel, source, external id) again returns the
    first registration: a double-clicked form or a retried request never
    creates a second case. ``files`` are (name, stream) pairs of attachments.
    ``before_audit`` does a caller's own writes in the same transaction, before
    the audit entry locks the log's head until the commit.
    """
    perm = CHANNEL_PERMISSIONS.get(Channel(channel))
    if perm:
        require(actor, perm)
    if len(files) > max_files():
        raise InvalidAttachment(
            _("At most %(count)d files may be attached.") % {"count": max_files()}
        )
    checked = [(name, *read_checked(stream, name)) for name, stream in files]
    if look_up_first:
        existing = Proposal.objects.filter(
            channel=channel, source=source, external_id=external_id
        ).first()
        if existing is not None:
            return Registration(existing, created=False)
    now = timezone.now()
    secret = new_secret()
    user = user_or_none(actor) if channel in (Channel.WEB, Channel.DRAFT_COMMENT) else None
    proposal = build_proposal(
        submission,
        channel=channel,
        source=source,
        external_id=external_id,
        registered_at=now,
        calendar=work_calendar(),
        secret=secret,
        partner=partner,
        user=user,
        registered_by=user_or_none(actor) if channel in (Channel.LETTER, Channel.MEETING) else None,
    )
    try:
        # Inside a caller's transaction that handles a duplicate itself, no savepoint is needed.
        with transaction.atomic(savepoint=look_up_first):
            year = timezone.localtime(now).year
            proposal.number = format_number(year, _take_numbers(year, 1)[0])
            insert(proposal)
            for name, content, content_type in checked:
                _store_attachment(proposal, name, content, content_type)
            if user is not None:
                _remember_identity(user, submission)
            notify.registration(proposal, secret)
            if before_audit is not None:
                before_audit(Registration(proposal, created=True, secret=secret))
            # Last: the audit log's head row stays locked until the commit.
            record(
                actor,
                "proposals.register",
                proposal,
                {
                    "number": proposal.number,
                    "channel": channel,
                    "source": source,
                    "external_id": external_id,
                    "attachments": len(checked),
                },
            )
    except IntegrityError:
        if not look_up_first:
            raise  # the caller's transaction is broken; it answers the duplicate itself
        # The same proposal registered concurrently: the first one stands.
        existing = Proposal.objects.filter(
            channel=channel, source=source, external_id=external_id
        ).first()
        if existing is None:
            raise
        return Registration(existing, created=False)
    return Registration(proposal, created=True, secret=secret)


def _store_attachment(
    proposal: Proposal, name: str, content: bytes, content_type: str
) -> Attachment:
    from atazan.proposals.files import EXTENSIONS

    digest = hashlib.sha256(content).hexdigest()
    attachment = Attachment(
        proposal=proposal,
        original_name=name[:255],
        content_type=content_type,
        size=len(content),
        sha256=digest,
    )
    attachment.file.save(
        f"{proposal.number}-{digest[:12]}.{EXTENSIONS[content_type]}",
        ContentFile(content),
        save=False,
    )
    attachment.save()
    return attachment


def _remember_identity(user: Any, submission: Submission) -> None:
    profile, _created = SubmitterProfile.objects.get_or_create(user=user)
    changed = []
    if submission.iin and not profile.iin:
        profile.iin = submission.iin
        changed.append("iin")
    if submission.bin and not profile.bin:
        profile.bin = submission.bin
        profile.organisation = submission.submitter_name
        changed += ["bin", "organisation"]
    if changed:
        profile.save(update_fields=changed)


#: What a wrong character encoding leaves in a text (before imports refused such files).
GARBLED = "\ufffd"
#: The fields of a proposal that a corrected import replaces in a row stored garbled.
REPLACED_FIELDS = (
    "submitter_type",
    "submitter_name",
    "iin",
    "bin",
    "region",
    "contact_email",
    "contact_phone",
    "postal_address",
    "language",
    "topic",
    "title",
    "text",
    "cited_provisions",
    "consent_publish_text",
    "consent_publish_name",
    "public_title",
    "public_text",
    "received_at",
)
#: How often a batch is tried again after another import stored some of its rows first.
BATCH_ATTEMPTS = 3


def _is_garbled(proposal: Proposal) -> bool:
    return any(
        GARBLED in str(getattr(proposal, name) or "")
        for name in ("submitter_name", "title", "text", "postal_address")
    )


def register_batch(
    actor: Actor,
    proposals: list[Proposal],
    meta: dict[str, Any],
    *,
    replaced: list[str] | None = None,
) -> tuple[int, int]:
    """Store many proposals in one transaction with one audit entry.

    Proposals already present (same channel, source and external id) are
    skipped, so a batch can be stored again after a crash. Returns (stored,
    skipped).

    A present row whose text holds U+FFFD (stored from a file read in the wrong
    encoding, before such files were refused) is replaced by the incoming row
    when that one is clean: the corrected file repairs it. The case keeps its
    number, status and answer; its version moves on (an open form is told the
    case changed) and each replacement has its own audit entry. The numbers of
    replaced proposals are added to ``replaced`` (they count as skipped).

    When another import stores some of the same rows at the same moment, the
    batch is undone whole and tried again, and those rows are then skipped.
    """
    require(actor, "proposals.import_proposals")
    if not proposals:
        return 0, 0
    # COPY reports a duplicate with the driver's own error class, not Django's wrapper.
    database: Any = getattr(connection, "Database", None)
    database_integrity: type[Exception] = getattr(database, "IntegrityError", IntegrityError)
    for attempt in range(1, BATCH_ATTEMPTS + 1):
        try:
            return _register_batch_once(actor, proposals, meta, replaced)
        except ProgrammingError as exc:
            # The year's number sequence made by a concurrent import is not committed yet.
            if "proposals_number_" not in str(exc) or attempt == BATCH_ATTEMPTS:
                raise
            _undone(proposals)
        except (IntegrityError, database_integrity):
            # A concurrent import committed some of these rows: nothing of this batch was
            # stored; look again at what is present now.
            _undone(proposals)
            if attempt == BATCH_ATTEMPTS:
                raise ConflictError(
                    _(
                        "Another import stored the same rows at the same moment. Nothing of "
                        "this batch was stored; run the import again: rows already stored "
                        "are skipped."
                    )
                ) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _undone(proposals: list[Proposal]) -> None:
    """Forget what a rolled-back attempt gave the batch: numbers, ids, a new sequence."""
    for p in proposals:
        p.number = ""
        p.pk = None
        _SEQUENCES_READY.discard(timezone.localtime(p.registered_at).year)


def _register_batch_once(
    actor: Actor,
    proposals: list[Proposal],
    meta: dict[str, Any],
    replaced: list[str] | None,
) -> tuple[int, int]:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A crash may lose the last batches committed; running the import again restores them.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        keys = {(p.channel, p.source) for p in proposals}
        present: set[tuple[str, str, str]] = set()
        garbled: dict[tuple[str, str, str], Proposal] = {}
        for channel, source in keys:
            ids = [p.external_id for p in proposals if p.channel == channel and p.source == source]
            found = set(
                Proposal.objects.filter(
                    channel=channel, source=source, external_id__in=ids
                ).values_list("external_id", flat=True)
            )
            present.update((channel, source, e) for e in found)
            if found:
                for row in Proposal.objects.filter(
                    Q(title__contains=GARBLED)
                    | Q(text__contains=GARBLED)
                    | Q(submitter_name__contains=GARBLED)
                    | Q(postal_address__contains=GARBLED),
                    channel=channel,
                    source=source,
                    external_id__in=found,
                ):
                    garbled[(channel, source, row.external_id)] = row
        fresh: list[Proposal] = []
        repairs: list[tuple[Proposal, Proposal]] = []
        seen: set[tuple[str, str, str]] = set()
        for p in proposals:
            key = (p.channel, p.source, p.external_id)
            if key in seen:
                continue
            seen.add(key)
            if key in garbled and not _is_garbled(p):
                repairs.append((garbled.pop(key), p))
            if key in present:
                continue
            fresh.append(p)
        by_year: dict[int, list[Proposal]] = {}
        for p in fresh:
            by_year.setdefault(timezone.localtime(p.registered_at).year, []).append(p)
        for year, group in sorted(by_year.items()):
            for p, sequence in zip(group, _take_numbers(year, len(group)), strict=True):
                p.number = format_number(year, sequence)
        _insert_many(fresh)
        for stored, corrected in repairs:
            Proposal.objects.filter(pk=stored.pk).update(
                version=F("version") + 1,
                **{name: getattr(corrected, name) for name in REPLACED_FIELDS},
            )
            record(
                actor,
                "proposals.replace_garbled",
                stored,
                {
                    "number": stored.number,
                    "source": stored.source,
                    "external_id": stored.external_id,
                },
            )
        record(
            actor,
            "proposals.register_batch",
            None,
            {
                **meta,
                "stored": len(fresh),
                "skipped": len(proposals) - len(fresh),
                "replaced": len(repairs),
            },
        )
    if replaced is not None:
        replaced.extend(stored.number for stored, _corrected in repairs)
    return len(fresh), len(proposals) - len(fresh)


def _insert_many(proposals: list[Proposal]) -> None:
    """Insert new rows; on PostgreSQL through COPY, many times faster than INSERT."""
    if connection.vendor != "postgresql" or len(proposals) < 50:
        Proposal.objects.bulk_create(proposals, batch_size=500)
        return
    fields = [f for f in Proposal._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    table = connection.ops.quote_name(Proposal._meta.db_table)
    with connection.cursor() as cursor:
        raw_cursor = cursor.cursor  # psycopg's own cursor, for COPY
        with raw_cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for proposal in proposals:
                copy.write_row(
                    [
                        json.dumps(getattr(proposal, f.attname), ensure_ascii=False)
                        if f.attname in json_fields
                        else getattr(proposal, f.attname)
                        for f in fields
                    ]
                )


# Case work ------------------------------------------------------------------


def _update(
    actor: Actor,
    proposal: Proposal,
    expected_version: int,
    action: str,
    data: dict[str, Any],
    **changes: Any,
) -> Proposal:
    """Write ``changes`` only if the case is still at ``expected_version``."""
    updated = Proposal.objects.filter(pk=proposal.pk, version=expected_version).update(
        version=F("version") + 1, **changes
    )
    if not updated:
        raise CaseChangedError(proposal)
    proposal.refresh_from_db()
    record(actor, action, proposal, data)
    return proposal


def _current(proposal: Proposal, expected_version: int) -> Proposal:
    """The case as stored now; refused at once if it changed since the form was shown."""
    proposal.refresh_from_db()
    if proposal.version != expected_version:
        raise CaseChangedError(proposal)
    return proposal


def start_review(actor: Actor, proposal: Proposal, expected_version: int) -> Proposal:
    proposal = _current(proposal, expected_version)
    require(actor, "proposals.work_on_case", proposal)
    check_transition(proposal.status, Status.IN_REVIEW)
    with transaction.atomic():
        changes: dict[str, Any] = {"status": Status.IN_REVIEW}
        if proposal.assignee_id is None and user_or_none(actor) is not None:
            changes.update(assignee=user_or_none(actor), assigned_at=timezone.now())
        return _update(actor, proposal, expected_version, "proposals.start_review", {}, **changes)


def return_to_queue(actor: Actor, proposal: Proposal, expected_version: int) -> Proposal:
    proposal = _current(proposal, expected_version)
    require(actor, "proposals.work_on_case", proposal)
    check_transition(proposal.status, Status.REGISTERED)
    with transaction.atomic():
        return _update(
            actor,
            proposal,
            expected_version,
            "proposals.return_to_queue",
            {},
            status=Status.REGISTERED,
            assignee=None,
            assigned_at=None,
        )


def answer(
    actor: Actor,
    proposal: Proposal,
    *,
    outcome: str,
    reason: str,
    expected_version: int,
    merged_into: Proposal | None = None,
    forwarded_to: str = "",
    send: bool = True,
) -> Proposal:
    """Answer a case with an outcome and a public reason, and tell the submitter."""
    proposal = _current(proposal, expected_version)
    require(actor, "proposals.answer_case", proposal)
    check_transition(proposal.status, Status.ANSWERED)
    check_answer(
        outcome,
        reason,
        merged_into_number=merged_into.number if merged_into else None,
        forwarded_to=forwarded_to,
    )
    if merged_into is not None and (
        merged_into.pk == proposal.pk or merged_into.merged_into_id == proposal.pk
    ):
        raise TransitionError(_("A proposal cannot be merged into itself."))
    reason = reason.strip()
    with transaction.atomic():
        proposal = _update(
            actor,
            proposal,
            expected_version,
            "proposals.answer",
            {"outcome": outcome, "merged_into": merged_into.number if merged_into else ""},
            status=Status.ANSWERED,
            outcome=outcome,
            answer=reason,
            public_answer=public_copy(reason),
            answered_at=timezone.now(),
            answered_by=user_or_none(actor),
            merged_into=merged_into if outcome == Outcome.MERGED else None,
            forwarded_to=forwarded_to.strip() if outcome == Outcome.FORWARDED else "",
        )
        if send:
            notify.answered(proposal)
    return proposal


def reopen(actor: Actor, proposal: Proposal, *, reason: str, expected_version: int) -> Proposal:
    proposal = _current(proposal, expected_version)
    require(actor, "proposals.reopen_case", proposal)
    check_reopen(proposal.status)
    if not reason.strip():
        raise TransitionError(_("Say why the case is reopened."))
    with transaction.atomic():
        proposal = _update(
            actor,
            proposal,
            expected_version,
            "proposals.reopen",
            {"reason": reason.strip()},
            status=Status.IN_REVIEW,
            outcome="",
            answered_at=None,
        )
        notify.reopened(proposal)
    return proposal


def extend_deadline(
    actor: Actor, proposal: Proposal, *, new_deadline: dt.date, reason: str, expected_version: int
) -> Proposal:
    """Extend by a reasoned decision, at most two months past the statutory deadline."""
    proposal = _current(proposal, expected_version)
    require(actor, "proposals.extend_deadline", proposal)
    if not proposal.is_open:
        raise TransitionError(_("An answered case has no deadline to extend."))
    if not reason.strip():
        raise TransitionError(_("An extension needs a reasoned decision: give the reason."))
    latest = add_months(proposal.original_deadline, EXTENSION_MONTHS)
    if new_deadline <= proposal.deadline:
        raise TransitionError(_("The new deadline must be later than the current one."))
    if new_deadline > latest:
        raise TransitionError(
            _("A deadline can be extended by at most two months, to %(date)s.")
            % {"date": latest.isoformat()}
        )
    with transaction.atomic():
        proposal = _update(
            actor,
            proposal,
            expected_version,
            "proposals.extend_deadline",
            {
                "from": proposal.deadline.isoformat(),
                "to": new_deadline.isoformat(),
                "reason": reason.strip(),
            },
            deadline=new_deadline,
            extension_reason=reason.strip(),
        )
        notify.extended(proposal)
    return proposal


def assign(actor: Actor, proposals: Iterable[Proposal], analyst: Any | None) -> int:
    """Give cases to an analyst (or take them back with None). Returns how many changed."""
    require(actor, "proposals.assign_case")
    ids = [p.pk for p in proposals]
    with transaction.atomic():
        changed = (
            Proposal.objects.filter(pk__in=ids)
            .exclude(status=Status.ANSWERED)
            .update(
                assignee=analyst,
                assigned_at=timezone.now() if analyst else None,
                version=F("version") + 1,
            )
        )
        record(
            actor,
            "proposals.assign",
            None,
            {
                "analyst": analyst.get_username() if analyst else None,
                "cases": len(ids),
                "changed": changed,
            },
        )
    return changed


def take(actor: Actor, proposal: Proposal, expected_version: int) -> Proposal:
    """An analyst takes an unassigned case from the queue."""
    proposal = _current(proposal, expected_version)
    require(actor, "proposals.take_case", proposal)
    with transaction.atomic():
        return _update(
            actor,
            proposal,
            expected_version,
            "proposals.take",
            {},
            assignee=user_or_none(actor),
            assigned_at=timezone.now(),
        )


def auto_assign(actor: Actor, limit: int = 5000) -> int:
    """Route unassigned open cases by the topic and region rules, to the least loaded analyst."""
    require(actor, "proposals.assign_case")
    rules = list(AssignmentRule.objects.filter(active=True).select_related("analyst"))
    if not rules:
        return 0
    load = {
        row["assignee"]: row["n"]
        for row in Proposal.objects.filter(assignee__isnull=False)
        .exclude(status=Status.ANSWERED)
        .values("assignee")
        .annotate(n=Count("id"))
    }
    assigned: dict[int, list[int]] = {}
    now = timezone.now()
    with transaction.atomic():
        pending = Proposal.objects.filter(assignee__isnull=True).exclude(status=Status.ANSWERED)
        for pk, topic, region in pending.values_list("pk", "topic", "region")[:limit]:
            matching = [
                r
                for r in rules
                if (not r.topic or r.topic == topic) and (not r.region or r.region == region)
            ]
            if not matching:
                continue
            # Rules naming both topic and region are more specific and win.
            best = max(bool(r.topic) + bool(r.region) for r in matching)
            candidates = [r.analyst_id for r in matching if bool(r.topic) + bool(r.region) == best]
            chosen = min(candidates, key=lambda a: (load.get(a, 0), a))
            load[chosen] = load.get(chosen, 0) + 1
            assigned.setdefault(chosen, []).append(pk)
        total = 0
        for analyst_id, ids in assigned.items():
            total += Proposal.objects.filter(pk__in=ids, assignee__isnull=True).update(
                assignee_id=analyst_id, assigned_at=now, version=F("version") + 1
            )
        record(actor, "proposals.auto_assign", None, {"assigned": total})
    return total


@dataclass
class BulkResult:
    answered: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def bulk_answer(
    actor: Actor,
    proposals: Iterable[Proposal],
    template: AnswerTemplate,
    *,
    outcome: str | None = None,
) -> BulkResult:
    """Answer many cases with one template, each in its submitter's language.

    A case that cannot be answered (already answered, changed meanwhile, not
    the actor's) is listed with the reason; the others are answered.
    """
    require(actor, "proposals.bulk_answer")
    result = BulkResult()
    for proposal in proposals:
        try:
            answer(
                actor,
                proposal,
                outcome=outcome or template.outcome,
                reason=template.text_for(proposal.language),
                expected_version=proposal.version,
            )
            result.answered.append(proposal.number)
        except (TransitionError, CaseChangedError, PermissionDeniedError) as exc:
            message = str(exc)
            if isinstance(exc, PermissionDeniedError):
                message = _("you may not answer this case")
            result.refused.append((proposal.number, message))
    return result


# Settings of the secretariat ---------------------------------------------------


def save_template(
    actor: Actor,
    *,
    name: str,
    outcome: str,
    text_kk: str,
    text_ru: str,
    text_en: str,
    template: AnswerTemplate | None = None,
) -> AnswerTemplate:
    require(actor, "proposals.manage_templates")
    if outcome not in Outcome.values:
        raise TransitionError(_("Choose the outcome of the answer."))
    if not all(t.strip() for t in (text_kk, text_ru, text_en)):
        raise TransitionError(_("A template needs its text in Kazakh, Russian and English."))
    with transaction.atomic():
        template = template or AnswerTemplate()
        template.name, template.outcome = name.strip(), outcome
        template.text_kk, template.text_ru, template.text_en = text_kk, text_ru, text_en
        template.save()
        record(actor, "proposals.save_template", template, {"name": template.name})
    return template


class InvalidSetting(ValueError):
    """A setting that cannot be saved as given; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def set_template_active(actor: Actor, template: AnswerTemplate, active: bool) -> AnswerTemplate:
    """Withdraw a template from the answer lists (it stays on record), or bring it back."""
    require(actor, "proposals.manage_templates")
    with transaction.atomic():
        AnswerTemplate.objects.filter(pk=template.pk).update(active=active)
        template.active = active
        record(
            actor,
            "proposals.activate_template" if active else "proposals.deactivate_template",
            template,
            {"name": template.name},
        )
    return template


def _user_label(user: Any) -> str:
    return str(user.get_username()) if user is not None else ""


def save_assignment_rule(
    actor: Actor, *, analyst: Any, topic: str = "", region: str = ""
) -> AssignmentRule:
    """A new routing rule: cases of ``topic`` and/or ``region`` go to ``analyst``.

    Neither topic nor region makes a rule for everything no other rule matches.
    """
    require(actor, "proposals.assign_case")
    topic, region = (topic or "").strip(), (region or "").strip()
    if analyst is None or not analysts().filter(pk=analyst.pk).exists():
        raise InvalidSetting(
            "analyst", _("Choose an active user with the analyst or working-group lead role.")
        )
    if topic and topic not in Topic.values:
        raise InvalidSetting("topic", _("Choose a topic from the list, or none."))
    if region and region not in Region.values:
        raise InvalidSetting("region", _("Choose a region from the list, or none."))
    with transaction.atomic():
        if AssignmentRule.objects.filter(
            analyst=analyst, topic=topic, region=region, active=True
        ).exists():
            raise InvalidSetting(
                "analyst", _("This analyst already has an active rule for this topic and region.")
            )
        rule = AssignmentRule.objects.create(analyst=analyst, topic=topic, region=region)
        record(
            actor,
            "proposals.save_assignment_rule",
            rule,
            {"analyst": _user_label(analyst), "topic": topic, "region": region},
        )
    return rule


def set_rule_active(actor: Actor, rule: AssignmentRule, active: bool) -> AssignmentRule:
    """Pause a routing rule (or resume it); paused rules route nothing."""
    require(actor, "proposals.assign_case")
    with transaction.atomic():
        AssignmentRule.objects.filter(pk=rule.pk).update(active=active)
        rule.active = active
        record(
            actor,
            "proposals.activate_assignment_rule"
            if active
            else "proposals.deactivate_assignment_rule",
            rule,
            {"analyst": _user_label(rule.analyst), "topic": rule.topic, "region": rule.region},
        )
    return rule


def delete_assignment_rule(actor: Actor, rule: AssignmentRule) -> None:
    """Remove a routing rule; cases it already routed keep their analyst."""
    require(actor, "proposals.assign_case")
    with transaction.atomic():
        # Recorded first, while the rule still has its id.
        record(
            actor,
            "proposals.delete_assignment_rule",
            rule,
            {"analyst": _user_label(rule.analyst), "topic": rule.topic, "region": rule.region},
        )
        AssignmentRule.objects.filter(pk=rule.pk).delete()


def create_partner(actor: Actor, name: str, slug: str = "") -> tuple[Partner, str]:
    """A partner system and its API key; the key is shown once and stored only hashed."""
    require(actor, "proposals.manage_partners")
    prefix = secrets.token_hex(4)
    key = f"atz_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        partner = Partner.objects.create(
            name=name,
            slug=slug or slugify(name)[:50] or prefix,
            key_prefix=prefix,
            key_hash=hashlib.sha256(key.encode()).hexdigest(),
        )
        record(actor, "proposals.create_partner", partner, {"slug": partner.slug})
    return partner, key


def add_day_transfer(
    actor: Actor, working_day: dt.date, day_off: dt.date, note: str = ""
) -> DayTransfer:
    require(actor, "proposals.manage_calendar")
    with transaction.atomic():
        transfer = DayTransfer.objects.create(working_day=working_day, day_off=day_off, note=note)
        record(
            actor,
            "proposals.add_day_transfer",
            transfer,
            {"working_day": working_day.isoformat(), "day_off": day_off.isoformat()},
        )
    forget_calendar()
    return transfer


def remove_day_transfer(actor: Actor, transfer: DayTransfer) -> None:
    """Delete a transfer of a day off; deadlines computed from now on ignore it."""
    require(actor, "proposals.manage_calendar")
    with transaction.atomic():
        record(
            actor,
            "proposals.remove_day_transfer",
            transfer,
            {
                "working_day": transfer.working_day.isoformat(),
                "day_off": transfer.day_off.isoformat(),
            },
        )
        DayTransfer.objects.filter(pk=transfer.pk).delete()
    forget_calendar()


def send_import_receipts(actor: Actor, numbers: Sequence[str], chunk: int = 500) -> int:
    """Send the registration receipt to imported proposals that have an e-mail address.

    Each gets a new tracking secret (imported rows have none); only its hash is
    stored, as for the web form, and the secret itself goes in the receipt. A
    proposal that already has a receipt on record is skipped, so running this
    again never sends a second one. Returns how many receipts were sent.
    """
    require(actor, "proposals.import_proposals")
    sent = 0
    numbers = list(dict.fromkeys(n for n in numbers if n))
    for start in range(0, len(numbers), chunk):
        part = numbers[start : start + chunk]
        with transaction.atomic():
            candidates = list(
                Proposal.objects.select_for_update()
                .filter(number__in=part, channel=Channel.IMPORT)
                .exclude(contact_email="")
                .order_by("pk")
            )
            # Asked once the rows are locked: a concurrent run's receipts are seen here.
            receipted = set(
                Notification.objects.filter(
                    proposal__in=candidates, kind=NotificationKind.REGISTERED
                ).values_list("proposal_id", flat=True)
            )
            pending = [p for p in candidates if p.pk not in receipted]
            for proposal in pending:
                secret = new_secret()
                proposal.secret_hash = secret_hash(secret)
                Proposal.objects.filter(pk=proposal.pk).update(secret_hash=proposal.secret_hash)
                notify.registration(proposal, secret)
            if pending:
                record(
                    actor,
                    "proposals.send_import_receipts",
                    None,
                    {
                        "receipts": len(pending),
                        "first": pending[0].number,
                        "last": pending[-1].number,
                    },
                )
        sent += len(pending)
    return sent


#: The key of the sealed tracking secret in a kept API answer (never the secret itself).
SEALED_SECRET = "tracking_secret_sealed"


def remember_response(
    partner: Partner, key: str, request_hash: str, status_code: int, response: dict[str, Any]
) -> None:
    """Keep the first answer to an Idempotency-Key (inside the registering transaction)."""
    insert(
        IdempotencyRecord(
            partner=partner,
            key=key,
            request_hash=request_hash,
            status_code=status_code,
            response=response,
        )
    )


def register_via_api(
    partner: Partner,
    *,
    idempotency_key: str,
    request_hash: str,
    submission: Submission,
    external_id: str,
    api_key: str = "",
) -> tuple[int, dict[str, Any], bool]:
    """Register a partner's proposal once per Idempotency-Key.

    Returns (HTTP status, body, replayed). A retry with the same key gets the
    first answer; the same key with a different body is refused (422).

    The kept answer holds the tracking secret only sealed under a key derived
    from the partner's own API key (``api_key``, which is stored only hashed)
    and the Idempotency-Key: the partner's retry opens it and gets the same
    body, while the database alone reveals nothing (``selectors.replay_key``).
    Without ``api_key`` no secret is kept, and a replay answers
    ``"tracking_secret": null``.
    """

    def opened(kept: dict[str, Any]) -> dict[str, Any]:
        """The kept answer with its sealed secret opened by the retrying partner's key."""
        body = dict(kept)
        if SEALED_SECRET in body:
            sealed = str(body.pop(SEALED_SECRET) or "")
            body["tracking_secret"] = (
                unseal(replay_key(api_key, idempotency_key), sealed) if api_key else None
            )
        return body

    def replay() -> tuple[int, dict[str, Any], bool] | None:
        stored = IdempotencyRecord.objects.filter(partner=partner, key=idempotency_key).first()
        if stored is None:
            return None
        if stored.request_hash != request_hash:
            return (
                422,
                {
                    "error": "idempotency_key_reused",
                    "detail": "this Idempotency-Key was used for a different request",
                },
                False,
            )
        return stored.status_code, opened(stored.response), True

    # No look-up first: a retried key meets the unique constraint when its answer is
    # kept, the transaction is undone, and the first answer is returned below.
    answer: dict[str, Any] = {}

    def remember(registration: Registration) -> None:
        proposal = registration.proposal
        answer["body"] = {
            "number": proposal.number,
            "registered_at": proposal.registered_at.isoformat(),
            "status": proposal.status,
            "deadline": proposal.deadline.isoformat(),
            "external_id": proposal.external_id,
            "tracking_secret": registration.secret,
        }
        kept = {k: v for k, v in answer["body"].items() if k != "tracking_secret"}
        kept[SEALED_SECRET] = (
            seal(replay_key(api_key, idempotency_key), registration.secret) if api_key else ""
        )
        remember_response(partner, idempotency_key, request_hash, 201, kept)

    try:
        with transaction.atomic():
            register_proposal(
                SystemActor(f"partner {partner.slug}"),
                submission,
                channel=Channel.API,
                source=partner.slug,
                external_id=external_id,
                partner=partner,
                # Partners rarely resend: the unique constraint catches the few that do.
                look_up_first=False,
                # The kept answer is written before the audit entry, outside its lock.
                before_audit=remember,
            )
    except IntegrityError:
        previous = replay()
        if previous is not None:
            return previous
        # A new key for an appeal this partner already sent: answer with the existing case.
        existing = Proposal.objects.filter(
            channel=Channel.API, source=partner.slug, external_id=external_id
        ).first()
        if existing is None:
            raise
        body = {
            "number": existing.number,
            "registered_at": existing.registered_at.isoformat(),
            "status": existing.status,
            "deadline": existing.deadline.isoformat(),
            "external_id": existing.external_id,
            "duplicate": True,
        }
        try:
            with transaction.atomic():
                remember_response(partner, idempotency_key, request_hash, 200, body)
        except IntegrityError:
            previous = replay()
            if previous is not None:
                return previous
            raise
        return 200, body, False
    return 201, answer["body"], False


def store_demo_settings(
    actor: Actor, templates: list[AnswerTemplate], rules: list[AssignmentRule]
) -> None:
    """Answer templates and routing rules for the demo, added once."""
    require(actor, "proposals.manage_templates")
    with transaction.atomic():
        names = set(AnswerTemplate.objects.values_list("name", flat=True))
        fresh = [t for t in templates if t.name not in names]
        AnswerTemplate.objects.bulk_create(fresh)
        added_rules = 0
        if not AssignmentRule.objects.exists():
            AssignmentRule.objects.bulk_create(rules)
            added_rules = len(rules)
        record(
            actor, "proposals.demo_settings", None, {"templates": len(fresh), "rules": added_rules}
        )


def store_sent_messages(actor: Actor, notifications: list[Any]) -> None:
    """Messages already sent elsewhere (demo, history), kept on their cases."""
    require(actor, "proposals.import_proposals")
    already = set(
        Notification.objects.filter(
            proposal_id__in={n.proposal_id for n in notifications}
        ).values_list("proposal_id", "kind")
    )
    fresh = [n for n in notifications if (n.proposal_id, n.kind) not in already]
    with transaction.atomic():
        Notification.objects.bulk_create(fresh, batch_size=2000)
        record(actor, "proposals.store_sent_messages", None, {"messages": len(fresh)})


def link_merged(actor: Actor, pairs: list[tuple[int, int]]) -> int:
    """Record which proposal each merged one was merged into (for historical data)."""
    require(actor, "proposals.import_proposals")
    with transaction.atomic():
        changed = 0
        for merged_id, target_id in pairs:
            if merged_id != target_id:
                changed += Proposal.objects.filter(
                    pk=merged_id, outcome=Outcome.MERGED, merged_into__isnull=True
                ).update(merged_into_id=target_id)
        record(actor, "proposals.link_merged", None, {"linked": changed})
    return changed


# The outbox sweep ----------------------------------------------------------------
#
# The two writes of notify.deliver_pending, the background worker's sweep of kept
# messages. They are the worker's own bookkeeping of a delivery attempt, not a
# decision anyone takes: no actor, no permission check, no audit entry (the message
# itself is the record, on its case). They run inside the sweep's transaction, which
# holds the rows locked while they are sent.


def mark_messages_sent(ids: Sequence[int], sent_at: dt.datetime) -> int:
    """Mark the kept messages ``ids`` as handed to the mail server at ``sent_at``.

    The sealed tracking secret of a receipt is erased with the same write: once
    the receipt is out, only the secret's hash remains. Internal bookkeeping of
    the outbox sweep: no actor and no audit entry. Returns how many rows changed.
    """
    return Notification.objects.filter(pk__in=ids).update(sent_at=sent_at, sealed_secret="")


def mark_message_failed(pk: int, error: str) -> int:
    """Keep the mail server's refusal on the message, which the sweep then stops retrying.

    Internal bookkeeping of the outbox sweep: no actor and no audit entry.
    Returns how many rows changed.
    """
    return Notification.objects.filter(pk=pk).update(error=error)


# The IIN verified by the state identity service (atazan.core.oidc) -------------------


class VerifiedIdentityConflict(ConflictError):
    """A verified IIN that cannot be bound: another account holds it, or this account
    holds another one. ``holder`` is the account that holds it."""

    def __init__(self, message: str, *, code: str, holder: Any) -> None:
        super().__init__(message, code=code)
        self.holder = holder


def bind_verified_identity(actor: Actor, user: Any, iin: str) -> SubmitterProfile:
    """Bind the IIN that the state identity service verified to ``user``'s profile.

    The web form then shows it locked, so the account can no longer declare
    another one. An IIN held by another account (verified or self-declared) is
    refused rather than merged, and so is a different IIN for an account that
    already has one: both are for the secretariat to look into.
    """
    require(actor, "core.assign_roles")
    with transaction.atomic():
        other = (
            SubmitterProfile.objects.select_for_update()
            .filter(iin=iin)
            .exclude(user=user)
            .select_related("user")
            .first()
        )
        if other is not None:
            raise VerifiedIdentityConflict(
                _("This IIN is already bound to another account; please contact the secretariat."),
                code="verified_iin_taken",
                holder=other.user,
            )
        profile = SubmitterProfile.objects.select_for_update().filter(user=user).first()
        if profile is None:
            profile = SubmitterProfile.objects.create(user=user, iin=iin)
        elif profile.iin == iin:
            return profile
        elif profile.iin:
            raise VerifiedIdentityConflict(
                _(
                    "The identity service confirmed another IIN than the one bound to "
                    "this account; please contact the secretariat."
                ),
                code="verified_iin_changed",
                holder=user,
            )
        else:
            profile.iin = iin
            profile.save(update_fields=["iin"])
        record(actor, "proposals.bind_verified_identity", user, {"profile": profile.pk})
    return profile

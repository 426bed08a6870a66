"""The append-only, hash-chained audit log, its row digests and its signed checkpoints.

Every action in an ``actions.py`` module calls :func:`record` inside its own
transaction, so an action and its audit entry are stored together or not at
all. :func:`verify_log` recomputes the chain and names the first entry that
was edited, deleted or reordered; against a signed checkpoint it also names
entries that are missing or were rewritten with every later hash recomputed;
and it compares the rows the log follows (:data:`ROW_SPECS`) with the state
the last audited action left them in. docs/audit.md explains the threat model.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import hashlib
import json
import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import rbcl
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from atazan.core.actors import Actor, SystemActor, check_actor
from atazan.core.models import AuditCheckpoint, AuditEntry, AuditHead
from atazan.core.rows import insert

GENESIS_HASH = "0" * 64


class AuditLogBroken(Exception):
    """The log cannot take an entry or be signed: its head row is missing, or the chain is broken."""


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def compute_entry_hash(
    *,
    sequence: int,
    recorded_at: str,
    actor_id: int | None,
    actor_label: str,
    action: str,
    target_type: str,
    target_id: str,
    data: Any,
    previous_hash: str,
    row_digest: str = "",
) -> str:
    content: dict[str, Any] = {
        "sequence": sequence,
        "recorded_at": recorded_at,
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "data": data,
        "previous_hash": previous_hash,
    }
    if row_digest:
        # Only when set: entries written before row digests existed keep their hashes.
        content["row_digest"] = row_digest
    return hashlib.sha256(_canonical(content).encode("utf-8")).hexdigest()


def _hash_of(entry: AuditEntry) -> str:
    return compute_entry_hash(
        sequence=entry.sequence,
        recorded_at=entry.recorded_at.isoformat(),
        actor_id=entry.actor_id_value,
        actor_label=entry.actor_label,
        action=entry.action,
        target_type=entry.target_type,
        target_id=entry.target_id,
        data=entry.data,
        previous_hash=entry.previous_hash,
        row_digest=entry.row_digest,
    )


def _actor_identity(actor: Any) -> tuple[int | None, str]:
    """The id and label an entry keeps of its actor; a missing actor is refused."""
    check_actor(actor)
    actor_id = getattr(actor, "pk", None)
    if actor_id:
        return int(actor_id), str(actor.get_username())
    if isinstance(actor, SystemActor):
        return None, actor.get_username()
    return None, "anonymous"


def record(
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry for ``action`` done by ``actor`` (a user or a :class:`SystemActor`).

    Called by every write, so it is kept to a few plain statements: lock the
    head row, read the target's followed values when its model is in
    :data:`ROW_SPECS` (one SELECT by primary key), insert the entry, move the
    head. Inside the caller's transaction no savepoint is needed: if the entry
    cannot be written the action fails with it.

    The row digest is read from the database after the head is locked, so it is
    what this transaction stored, whatever the caller's instance holds: every
    audited writer that committed before is visible, and one still waiting for
    the lock records after this entry, so the last entry for a row carries its
    last audited state. Only an action listed in the spec's ``stored_by``
    (it has just inserted the instance) is digested from the instance instead.
    """
    digest = _instance_digest(target, action) if target is not None else ""
    with transaction.atomic(savepoint=False):
        sequence, previous_hash = _lock_head()
        if digest is None and target is not None:
            digest = row_digest_of(target)
        sequence += 1
        # Round-trip the data through JSON so the hash covers exactly what is stored.
        stored_data = json.loads(_canonical(data or {}))
        actor_id, actor_label = _actor_identity(actor)
        entry = AuditEntry(
            sequence=sequence,
            recorded_at=timezone.now(),
            actor_id_value=actor_id,
            actor_label=actor_label,
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            data=stored_data,
            row_digest=digest or "",
            previous_hash=previous_hash,
        )
        entry.entry_hash = _hash_of(entry)
        insert(entry)
        head = connection.ops.quote_name(AuditHead._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {head} SET last_sequence = %s, last_hash = %s WHERE id = 1",  # noqa: S608 - a table name
                [sequence, entry.entry_hash],
            )
        return entry


def _lock_head() -> tuple[int, str]:
    """The last sequence and hash, with the head row locked until the commit.

    The migrations create the head row. It is made again only for an empty log
    (a test database after a flush); with entries present a missing head is a
    break, and writing on would hide it.
    """
    head = connection.ops.quote_name(AuditHead._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    query = f"SELECT last_sequence, last_hash FROM {head} WHERE id = 1{lock}"  # noqa: S608 - a table name
    with connection.cursor() as cursor:
        cursor.execute(query)
        row = cursor.fetchone()
        if row is None:
            if AuditEntry.objects.exists():
                raise AuditLogBroken(
                    "the audit log's head row is missing: run `atazan verify_audit_log`"
                )
            AuditHead.objects.get_or_create(pk=1)
            cursor.execute(query)
            row = cursor.fetchone()
    return int(row[0]), str(row[1])


# Row digests ------------------------------------------------------------------
#
# An audited action leaves its target row in some state; the entry keeps a
# digest of the values that matter (a proposal's answer, a protocol's figures,
# a user's roles). A change made directly in the database leaves the row
# different from the digest of the last entry about it, and verify_rows()
# names it. Only the values listed here are followed: other columns change in
# bulk (assignment of cases, the results revision) without an entry per row.

#: The digest recorded for a target row that the action deleted (or never stored).
ABSENT = "absent"


@dataclass(frozen=True)
class RowSpec:
    """Which stored values of one model's rows the log follows.

    ``fields`` are local concrete fields, read with one SELECT by primary key
    (a statement built once, as in core/rows.py); ``related`` reads further
    state for a list of primary keys (a user's roles, a protocol's versions).
    ``stored_by`` names the actions that record right after inserting the very
    instance they pass as target, with nothing written to the row in between:
    for those the values are taken from the instance, with no query (the
    registration of a proposal, run about 200 times a second by the partner
    API). Raise ``version`` whenever the values change: digests of another
    version are not compared (verification counts them as not comparable).
    """

    version: int
    fields: tuple[str, ...]
    related: Callable[[list[Any]], dict[Any, list[Any]]] | None = None
    stored_by: frozenset[str] = frozenset()


def _user_roles(pks: list[Any]) -> dict[Any, list[Any]]:
    assignment = apps.get_model("core", "RoleAssignment")
    roles: dict[Any, list[Any]] = {}
    for user_id, role in (
        assignment.objects.filter(user_id__in=pks)
        .order_by("user_id", "role")
        .values_list("user_id", "role")
    ):
        roles.setdefault(user_id, []).append(role)
    return roles


PROTOCOL_FIGURES = (
    "registered",
    "received",
    "issued",
    "yes",
    "no",
    "invalid",
    "not_counted",
    "spoiled",
    "unused",
)


def _protocol_versions(pks: list[Any]) -> dict[Any, list[Any]]:
    version = apps.get_model("referendum", "ProtocolVersion")
    versions: dict[Any, list[Any]] = {}
    rows = (
        version.objects.filter(protocol_id__in=pks)
        .order_by("protocol_id", "number")
        .values_list("protocol_id", "number", *PROTOCOL_FIGURES, "reason", "entered_by_id")
    )
    for protocol_id, *values in rows:
        versions.setdefault(protocol_id, []).append(values)
    return versions


#: The rows whose state the log follows, by ``app_label.model_name``.
ROW_SPECS: dict[str, RowSpec] = {
    # Roles and the flags that grant everything (is_superuser) or the admin (is_staff).
    "core.user": RowSpec(1, ("is_active", "is_staff", "is_superuser"), _user_roles),
    # What was submitted, what is published of it, and the answer.
    "proposals.proposal": RowSpec(
        1,
        (
            "number",
            "channel",
            "submitter_name",
            "title",
            "text",
            "public_title",
            "public_text",
            "consent_publish_text",
            "consent_publish_name",
            "status",
            "outcome",
            "answer",
            "public_answer",
            "answered_at",
            "answered_by_id",
            "forwarded_to",
            "deadline",
            "extension_reason",
        ),
        stored_by=frozenset({"proposals.register"}),
    ),
    # A protocol's current version and every version's figures.
    "referendum.protocol": RowSpec(
        1, ("precinct_id", "question_id", "current_id"), _protocol_versions
    ),
    # The legal rule and the status (results_revision changes on every protocol).
    "referendum.referendum": RowSpec(
        1,
        (
            "status",
            "voting_day",
            "rule_kind",
            "turnout_above_num",
            "turnout_above_den",
            "yes_above_num",
            "yes_above_den",
            "unit_quorum_num",
            "unit_quorum_den",
            "majority_base",
            "abroad_counted_with",
        ),
    ),
    "referendum.onlineround": RowSpec(
        1,
        (
            "question_id",
            "ballots_cast",
            "ballots_counted",
            "manifest_hash",
            "board_head",
            "tally",
            "verified",
            "joined",
        ),
    ),
    # Whether a version of the constitution is published, and as what.
    "constitution.version": RowSpec(1, ("work_id", "label", "date", "status", "published")),
}

_SELECTS: dict[tuple[str, str], tuple[str, str, list[models.Field]]] = {}


def _select(model: type[models.Model], spec: RowSpec, count: int) -> tuple[str, list[models.Field]]:
    """SELECT pk, the followed columns FROM the table WHERE pk = %s (or IN, for ``count`` keys).

    The single-row statement, the one record() runs, is built once per model.
    """
    key = (model._meta.label_lower, connection.vendor)
    cached = _SELECTS.get(key)
    if cached is None:
        meta = model._meta
        fields: list[models.Field] = []
        for name in spec.fields:
            found = meta.get_field(name)
            assert isinstance(found, models.Field), name
            fields.append(found)
        quote = connection.ops.quote_name
        pk = quote(meta.pk.column) if meta.pk is not None else "id"
        columns = ", ".join([pk, *(quote(f.column) for f in fields)])
        select = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {pk}"  # noqa: S608 - names
        cached = _SELECTS[key] = (select, f"{select} = %s", fields)
    select, single, fields = cached
    if count == 1:
        return single, fields
    return f"{select} IN ({', '.join(['%s'] * count)})", fields


def _plain(value: Any) -> Any:
    """One stored value as JSON, the same whichever database or driver returned it."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)  # stored in UTC (USE_TZ)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID | float):
        return str(value)
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _from_db(f: models.Field, value: Any) -> Any:
    """A raw column value as the field's Python value (SQLite returns text and 0/1)."""
    if value is None:
        return None
    if isinstance(f, models.BooleanField):
        return bool(value)
    if isinstance(value, str):
        if isinstance(f, models.DateTimeField):
            return dt.datetime.fromisoformat(value)
        if isinstance(f, models.DateField):
            return dt.date.fromisoformat(value)
        if isinstance(f, models.TimeField):
            return dt.time.fromisoformat(value)
        if isinstance(f, models.JSONField):
            return json.loads(value)
    return value


def _digest(spec: RowSpec, state: dict[str, Any]) -> str:
    return f"{spec.version}:{hashlib.sha256(_canonical(state).encode('utf-8')).hexdigest()}"


def _row_digests(label: str, pks: Sequence[Any]) -> dict[Any, str]:
    """The current digest of each stored row among ``pks`` (absent rows are left out)."""
    spec = ROW_SPECS[label]
    model = apps.get_model(label)
    pk_field = model._meta.pk
    assert pk_field is not None
    sql, fields = _select(model, spec, len(pks))
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk_field.get_db_prep_value(pk, connection) for pk in pks])
        rows = cursor.fetchall()
    related = (
        spec.related([pk_field.to_python(row[0]) for row in rows]) if spec.related and rows else {}
    )
    digests = {}
    for pk, *values in rows:
        pk = pk_field.to_python(pk)
        state: dict[str, Any] = {
            f.attname: _plain(_from_db(f, value)) for f, value in zip(fields, values, strict=True)
        }
        if spec.related is not None:
            state["related"] = _plain(related.get(pk, []))
        digests[pk] = _digest(spec, state)
    return digests


def _instance_digest(target: models.Model, action: str) -> str | None:
    """The digest from the instance itself, when ``action`` just stored it; else None."""
    spec = ROW_SPECS.get(target._meta.label_lower)
    if spec is None:
        return ""
    if action not in spec.stored_by or spec.related is not None or target.pk is None:
        return None
    fields = _select(type(target), spec, 1)[1]
    return _digest(spec, {f.attname: _plain(getattr(target, f.attname)) for f in fields})


def row_digest_of(target: models.Model) -> str:
    """The digest of ``target``'s followed values as stored now; "" for models not followed."""
    label = target._meta.label_lower
    if label not in ROW_SPECS:
        return ""
    if target.pk is None:
        return ABSENT
    return _row_digests(label, [target.pk]).get(target.pk, ABSENT)


@dataclass(frozen=True)
class RowProblem:
    target_type: str
    target_id: str
    sequence: int  # the last entry about the row
    action: str
    kind: str  # "changed", "deleted", "reappeared"

    @property
    def detail(self) -> str:
        what = {
            "changed": "differs from the state",
            "deleted": "is gone, unlike the state",
            "reappeared": "exists, although it was deleted by",
        }[self.kind]
        if self.kind == "reappeared":
            return (
                f"{self.target_type} {self.target_id} {what} entry #{self.sequence} ({self.action})"
            )
        return (
            f"{self.target_type} {self.target_id} {what} entry #{self.sequence} "
            f"({self.action}) recorded: changed outside an audited action"
        )


@dataclass
class RowReport:
    checked: int = 0
    not_comparable: int = 0  # digests of an older spec version
    problems: list[RowProblem] = field(default_factory=list)


def verify_rows(chunk: int = 500) -> RowReport:
    """Compare each followed row with the digest in the last entry about it."""
    report = RowReport()
    for label, spec in ROW_SPECS.items():
        model = apps.get_model(label)
        pk_field = model._meta.pk
        assert pk_field is not None
        # Newest first within each row: the first entry seen for a row is its last.
        latest = (
            AuditEntry.objects.filter(target_type=label)
            .exclude(row_digest="")
            .order_by("target_id", "-sequence")
            .values_list("target_id", "sequence", "action", "row_digest")
            .iterator(chunk_size=5000)
        )
        batch: list[tuple[Any, str, int, str, str]] = []
        previous = None
        for target_id, sequence, action, digest in latest:
            if target_id == previous:
                continue
            previous = target_id
            if digest != ABSENT and not digest.startswith(f"{spec.version}:"):
                report.not_comparable += 1
                continue
            try:
                pk = pk_field.to_python(target_id)
            except ValidationError:  # not a key of this table: compare with no row
                pk = None
            batch.append((pk, target_id, sequence, action, digest))
            if len(batch) >= chunk:
                _compare_rows(label, batch, report)
                batch = []
        if batch:
            _compare_rows(label, batch, report)
    return report


def _compare_rows(
    label: str, batch: list[tuple[Any, str, int, str, str]], report: RowReport
) -> None:
    current = _row_digests(label, [pk for pk, *_ in batch if pk is not None])
    for pk, target_id, sequence, action, recorded in batch:
        now = current.get(pk, ABSENT)
        report.checked += 1
        if now == recorded:
            continue
        kind = "deleted" if now == ABSENT else "reappeared" if recorded == ABSENT else "changed"
        report.problems.append(RowProblem(label, target_id, sequence, action, kind))


# The chain ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    # "edited", "deleted", "reordered", "head" (the head row disagrees with the log),
    # "head-missing"; against a checkpoint: "missing", "rewritten".
    kind: str
    detail: str


@dataclass(frozen=True)
class Expectation:
    """An entry a signed checkpoint vouches for: its sequence and hash, and who says so."""

    sequence: int
    entry_hash: str
    source: str


def verify_entries(
    entries: Iterable[AuditEntry],
    head: AuditHead | None,
    expected: Iterable[Expectation] = (),
) -> ChainProblem | None:
    """The first break in the chain, or None when it is intact."""
    return _walk(entries, head, expected)[0]


def _walk(
    entries: Iterable[AuditEntry], head: AuditHead | None, expected: Iterable[Expectation]
) -> tuple[ChainProblem | None, int]:
    vouched: dict[int, list[Expectation]] = {}
    for e in expected:
        vouched.setdefault(e.sequence, []).append(e)
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    last_sequence = 0
    for entry in entries:
        if entry.sequence != expected_sequence:
            kind = "deleted" if entry.sequence > expected_sequence else "reordered"
            return ChainProblem(
                expected_sequence,
                kind,
                f"expected entry #{expected_sequence}, found #{entry.sequence}",
            ), last_sequence
        if entry.previous_hash != expected_previous:
            return ChainProblem(
                entry.sequence,
                "reordered",
                f"entry #{entry.sequence} does not follow the entry before it",
            ), last_sequence
        if _hash_of(entry) != entry.entry_hash:
            return ChainProblem(
                entry.sequence, "edited", f"entry #{entry.sequence} does not match its hash"
            ), last_sequence
        for e in vouched.get(entry.sequence, ()):
            if e.entry_hash != entry.entry_hash:
                return ChainProblem(
                    entry.sequence,
                    "rewritten",
                    f"entry #{entry.sequence} is not the one {e.source} vouches for: the log "
                    f"was rewritten at or before #{entry.sequence}, with the later hashes recomputed",
                ), last_sequence
        expected_previous = entry.entry_hash
        expected_sequence += 1
        last_sequence = entry.sequence
    beyond = [e for seq in sorted(vouched) if seq > last_sequence for e in vouched[seq]]
    if beyond:
        e = beyond[-1]
        ends = f"ends at #{last_sequence}" if last_sequence else "is empty"
        gap = (
            f"#{last_sequence + 1}"
            if e.sequence == last_sequence + 1
            else f"#{last_sequence + 1}–#{e.sequence}"
        )
        return ChainProblem(
            last_sequence + 1,
            "missing",
            f"{e.source} vouches for entry #{e.sequence} but the log {ends}: "
            f"entries {gap} are missing",
        ), last_sequence
    if head is None:
        return ChainProblem(
            last_sequence + 1,
            "head-missing",
            f"the head row that records the last entry is missing (the log ends at "
            f"#{last_sequence}); newer entries may have been deleted with it",
        ), last_sequence
    if head.last_sequence > last_sequence:
        return ChainProblem(
            last_sequence + 1,
            "deleted",
            f"the log ends at #{last_sequence} but #{head.last_sequence} was recorded",
        ), last_sequence
    if head.last_sequence != last_sequence or head.last_hash != expected_previous:
        return ChainProblem(
            head.last_sequence,
            "head",
            f"the head row records #{head.last_sequence} but the log ends at #{last_sequence}",
        ), last_sequence
    return None, last_sequence


@contextlib.contextmanager
def _snapshot() -> Iterator[None]:
    """One consistent view of the log and its head while verifying (writers go on)."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _chain(expected: Iterable[Expectation] = ()) -> tuple[ChainProblem | None, int]:
    head = AuditHead.objects.filter(pk=1).first()
    entries = AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000)
    return _walk(entries, head, expected)


def verify_chain() -> ChainProblem | None:
    with _snapshot():
        return _chain()[0]


@dataclass
class AuditReport:
    """What :func:`verify_log` found."""

    entries: int
    chain: ChainProblem | None
    rows: RowReport | None
    checkpoints: list[Checkpoint]

    @property
    def ok(self) -> bool:
        return self.chain is None and not (self.rows and self.rows.problems)


def verify_log(checkpoints: Sequence[Checkpoint] = (), *, rows: bool = True) -> AuditReport:
    """The chain (against ``checkpoints``, already checked for their signatures) and the rows."""
    expected = [e for c in checkpoints for e in c.expectations()]
    with _snapshot():
        problem, count = _chain(expected)
        row_report = verify_rows() if rows else None
    return AuditReport(count, problem, row_report, list(checkpoints))


# Signed checkpoints -------------------------------------------------------------
#
# A checkpoint is a small JSON document naming an entry and its hash, signed
# with an Ed25519 key kept off the database server. Whoever holds a copy can
# tell whether the log still contains that entry unchanged: deleting the newest
# entries with the head row, emptying the log, or editing an entry and
# recomputing every later hash (the code is public) no longer goes unnoticed.
# Ed25519 comes from the libsodium that rbcl bundles (already a dependency for
# the ballot core): no further package.

CHECKPOINT_FORMAT = "atazan-audit-checkpoint/1"
SIGNING_KEY_ENV = "ATAZAN_AUDIT_SIGNING_KEY_FILE"
PUBLIC_KEY_ENV = "ATAZAN_AUDIT_PUBLIC_KEY_FILE"

_sodium = ctypes.CDLL(rbcl._sodium._name)
_sodium.crypto_sign_seed_keypair.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
_sodium.crypto_sign_seed_keypair.restype = ctypes.c_int
_sodium.crypto_sign_detached.argtypes = [
    ctypes.c_char_p,
    ctypes.c_void_p,
    ctypes.c_char_p,
    ctypes.c_ulonglong,
    ctypes.c_char_p,
]
_sodium.crypto_sign_detached.restype = ctypes.c_int
_sodium.crypto_sign_verify_detached.argtypes = [
    ctypes.c_char_p,
    ctypes.c_char_p,
    ctypes.c_ulonglong,
    ctypes.c_char_p,
]
_sodium.crypto_sign_verify_detached.restype = ctypes.c_int


class CheckpointError(ValueError):
    """A checkpoint or key that cannot be used: unreadable, malformed, or not signed by the key."""


@dataclass(frozen=True)
class SigningKey:
    """An Ed25519 key pair from a 32-byte seed, read from a file the database never sees."""

    seed: bytes = field(repr=False)
    public: bytes
    _secret: bytes = field(repr=False)

    @classmethod
    def from_seed(cls, seed: bytes) -> SigningKey:
        if len(seed) != 32:
            raise CheckpointError("an Ed25519 seed is 32 bytes")
        pk = ctypes.create_string_buffer(32)
        sk = ctypes.create_string_buffer(64)
        if _sodium.crypto_sign_seed_keypair(pk, sk, seed) != 0:
            raise CheckpointError("libsodium refused the seed")
        return cls(seed, pk.raw, sk.raw)

    @property
    def key_id(self) -> str:
        return key_id(self.public)

    def sign(self, message: bytes) -> bytes:
        sig = ctypes.create_string_buffer(64)
        _sodium.crypto_sign_detached(sig, None, message, len(message), self._secret)
        return sig.raw


def key_id(public: bytes) -> str:
    """A public key's fingerprint: the first 16 bytes of its SHA-256, in hex."""
    return hashlib.sha256(public).hexdigest()[:32]


def signature_valid(signature: bytes, message: bytes, public: bytes) -> bool:
    if len(signature) != 64 or len(public) != 32:
        return False
    return _sodium.crypto_sign_verify_detached(signature, message, len(message), public) == 0


def _read_hex(path: Path, size: int, what: str) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckpointError(f"{path}: cannot read the {what}: {exc}") from None
    try:
        value = bytes.fromhex(text)
    except ValueError:
        value = b""
    if len(value) != size:
        raise CheckpointError(f"{path}: not an Ed25519 {what} ({size * 2} hexadecimal digits)")
    return value


def load_signing_key(path: str | Path) -> SigningKey:
    return SigningKey.from_seed(_read_hex(Path(path), 32, "signing key"))


def load_public_key(path: str | Path) -> bytes:
    return _read_hex(Path(path), 32, "public key")


def new_signing_key(path: str | Path) -> SigningKey:
    """Write a new key's seed to ``path`` (mode 600) and its public key to ``path``.pub."""
    target = Path(path)
    public_path = target.with_name(target.name + ".pub")
    for p in (target, public_path):
        if p.exists():
            raise CheckpointError(f"{p}: exists already; a key is never overwritten")
    key = SigningKey.from_seed(secrets.token_bytes(32))
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key.seed.hex() + "\n")
    public_path.write_text(key.public.hex() + "\n", encoding="ascii")
    return key


def _signed_bytes(document: Mapping[str, Any]) -> bytes:
    """What the signature covers: the canonical JSON of every field but the signature."""
    unsigned = {k: v for k, v in document.items() if k != "signature"}
    return _canonical(unsigned).encode("utf-8")


@dataclass(frozen=True)
class Checkpoint:
    """A checkpoint whose signature has been checked against a known public key."""

    document: dict[str, Any]

    @property
    def sequence(self) -> int:
        return int(self.document["sequence"])

    @property
    def entry_hash(self) -> str:
        return str(self.document["entry_hash"])

    @property
    def key_id(self) -> str:
        return str(self.document["key_id"])

    @property
    def created_at(self) -> str:
        return str(self.document["created_at"])

    @property
    def label(self) -> str:
        return f"the checkpoint of {self.created_at} (key {self.key_id})"

    def expectations(self) -> list[Expectation]:
        found = [Expectation(self.sequence, self.entry_hash, self.label)]
        head = self.document["head"]
        if int(head["sequence"]) != self.sequence:
            found.append(Expectation(int(head["sequence"]), str(head["hash"]), self.label))
        return found

    def to_json(self) -> str:
        return json.dumps(self.document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _is_hash(value: Any) -> bool:
    return (
        isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
    )


def read_checkpoint(text: str, public: bytes) -> Checkpoint:
    """Parse a checkpoint and check that ``public`` signed it; CheckpointError otherwise."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise CheckpointError(f"not JSON: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != CHECKPOINT_FORMAT:
        raise CheckpointError(f"not an audit checkpoint (format {CHECKPOINT_FORMAT})")
    head = document.get("head")
    if not (
        isinstance(document.get("sequence"), int)
        and document["sequence"] > 0
        and _is_hash(document.get("entry_hash"))
        and isinstance(head, dict)
        and isinstance(head.get("sequence"), int)
        and head["sequence"] >= document["sequence"]
        and _is_hash(head.get("hash"))
        and isinstance(document.get("created_at"), str)
        and isinstance(document.get("key_id"), str)
        and isinstance(document.get("signature"), str)
    ):
        raise CheckpointError("a field is missing or malformed")
    expected_id = key_id(public)
    if document["key_id"] != expected_id:
        raise CheckpointError(
            f"signed with key {document['key_id']}, not with the given key {expected_id}"
        )
    try:
        signature = bytes.fromhex(document["signature"])
    except ValueError:
        signature = b""
    if not signature_valid(signature, _signed_bytes(document), public):
        raise CheckpointError(f"the signature does not verify with key {expected_id}")
    return Checkpoint(document)


def make_checkpoint(key: SigningKey, sequence: int | None = None) -> Checkpoint:
    """Sign the log as it stands (or up to ``sequence``), after checking it.

    A broken chain, or a log that no longer matches a published checkpoint of
    the same key, is refused: signing it would vouch for the tampering.
    """
    published = published_checkpoint_objects(key.public)
    with _snapshot():
        head = AuditHead.objects.filter(pk=1).first()
        problem, count = _chain([e for c in published for e in c.expectations()])
        if problem is not None:
            raise AuditLogBroken(
                f"the audit log is broken at entry #{problem.sequence} ({problem.kind}): "
                f"{problem.detail}"
            )
        assert head is not None
        if not count:
            raise CheckpointError("the audit log is empty: there is nothing to sign")
        sequence = head.last_sequence if sequence is None else sequence
        entry = AuditEntry.objects.filter(sequence=sequence).first()
        if entry is None:
            raise CheckpointError(f"sequence: the log has no entry #{sequence}")
    document: dict[str, Any] = {
        "format": CHECKPOINT_FORMAT,
        "site": getattr(settings, "ATAZAN_SITE_URL", ""),
        "sequence": entry.sequence,
        "entry_hash": entry.entry_hash,
        "recorded_at": entry.recorded_at.isoformat(),
        "head": {"sequence": head.last_sequence, "hash": head.last_hash},
        "created_at": timezone.now().astimezone(dt.UTC).isoformat(),
        "key_id": key.key_id,
        "public_key": key.public.hex(),
    }
    document["signature"] = key.sign(_signed_bytes(document)).hex()
    return Checkpoint(document)


def publish_checkpoint(checkpoint: Checkpoint) -> AuditCheckpoint:
    """Keep a signed checkpoint for the public page and the open data (no audit entry:
    its authority is the signature, and a checkpoint of an idle log would otherwise
    never match the log it signs)."""
    row = AuditCheckpoint(
        sequence=checkpoint.sequence,
        entry_hash=checkpoint.entry_hash,
        key_id=checkpoint.key_id,
        created_at=dt.datetime.fromisoformat(checkpoint.created_at),
        document=checkpoint.to_json(),
    )
    insert(row)
    return row


def published_checkpoints(limit: int | None = None) -> list[AuditCheckpoint]:
    """The published checkpoints, newest first."""
    rows = AuditCheckpoint.objects.order_by("-sequence", "-created_at")
    return list(rows[:limit] if limit else rows)


def published_checkpoint(pk: int) -> AuditCheckpoint | None:
    return AuditCheckpoint.objects.filter(pk=pk).first()


def published_checkpoint_objects(public: bytes) -> list[Checkpoint]:
    """The published checkpoints signed by ``public`` (others are skipped), checked.

    A row that claims this key but whose signature does not verify was not
    issued with it: CheckpointError.
    """
    own = key_id(public)
    return [
        read_checkpoint(row.document, public)
        for row in AuditCheckpoint.objects.filter(key_id=own).order_by("sequence")
    ]

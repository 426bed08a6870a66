"""The append-only, hash-chained audit log.

Every action in an ``actions.py`` module calls :func:`record` inside its own
transaction, so an action and its audit entry are stored together or not at
all. :func:`verify_chain` recomputes the chain and names the first entry that
was edited, deleted or reordered.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from atazan.core.actors import Actor, SystemActor, check_actor
from atazan.core.models import AuditEntry, AuditHead
from atazan.core.rows import insert

GENESIS_HASH = "0" * 64


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
) -> str:
    payload = _canonical(
        {
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
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


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

    Called by every write, so it is kept to three plain statements: lock the head
    row, insert the entry, move the head. Inside the caller's transaction no
    savepoint is needed: if the entry cannot be written the action fails with it.
    """
    with transaction.atomic(savepoint=False):
        sequence, previous_hash = _lock_head()
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
    """The last sequence and hash, with the head row locked until the commit."""
    head = connection.ops.quote_name(AuditHead._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    query = f"SELECT last_sequence, last_hash FROM {head} WHERE id = 1{lock}"  # noqa: S608 - a table name
    with connection.cursor() as cursor:
        cursor.execute(query)
        row = cursor.fetchone()
        if row is None:
            AuditHead.objects.get_or_create(pk=1)
            cursor.execute(query)
            row = cursor.fetchone()
    return int(row[0]), str(row[1])


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    kind: str  # "edited", "deleted", "reordered", "truncated"
    detail: str


def verify_entries(entries: Iterable[AuditEntry], head: AuditHead | None) -> ChainProblem | None:
    """The first break in the chain, or None when it is intact."""
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    last: AuditEntry | None = None
    for entry in entries:
        if entry.sequence != expected_sequence:
            kind = "deleted" if entry.sequence > expected_sequence else "reordered"
            return ChainProblem(
                expected_sequence,
                kind,
                f"expected entry #{expected_sequence}, found #{entry.sequence}",
            )
        if entry.previous_hash != expected_previous:
            return ChainProblem(
                entry.sequence,
                "reordered",
                f"entry #{entry.sequence} does not follow the entry before it",
            )
        if _hash_of(entry) != entry.entry_hash:
            return ChainProblem(
                entry.sequence, "edited", f"entry #{entry.sequence} does not match its hash"
            )
        expected_previous = entry.entry_hash
        expected_sequence += 1
        last = entry
    if head is not None and head.last_sequence:
        last_sequence = last.sequence if last else 0
        if head.last_sequence != last_sequence or head.last_hash != expected_previous:
            return ChainProblem(
                last_sequence + 1,
                "deleted",
                f"the log ends at #{last_sequence} but #{head.last_sequence} was recorded",
            )
    return None


def verify_chain() -> ChainProblem | None:
    entries = AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000)
    return verify_entries(entries, AuditHead.objects.filter(pk=1).first())

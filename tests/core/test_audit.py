"""The audit log is append-only and every tampering is detected."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from atazan.core.actions import grant_role
from atazan.core.audit import GENESIS_HASH, record, verify_chain
from atazan.core.models import AppendOnlyError, AuditEntry, AuditHead
from atazan.core.roles import Role

from factories import UserFactory

pytestmark = pytest.mark.django_db


def _five_entries() -> list[AuditEntry]:
    actor = UserFactory(username="secretary")
    return [
        record(actor, "test.action", None, {"n": n, "text": "Конституция / Ата Заң"})
        for n in range(5)
    ]


def test_entries_are_chained_by_hash() -> None:
    entries = _five_entries()
    assert entries[0].previous_hash == GENESIS_HASH
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.previous_hash == before.entry_hash
    assert [e.sequence for e in entries] == [1, 2, 3, 4, 5]
    assert verify_chain() is None


def test_saving_an_existing_entry_is_refused() -> None:
    entry = _five_entries()[2]
    entry.action = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_deleting_an_entry_through_the_model_is_refused() -> None:
    entry = _five_entries()[2]
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_an_edited_entry_is_reported() -> None:
    _five_entries()
    AuditEntry.objects.filter(sequence=3).update(data={"n": 99})
    problem = verify_chain()
    assert problem is not None
    assert (problem.sequence, problem.kind) == (3, "edited")


def test_a_deleted_entry_is_reported() -> None:
    _five_entries()
    AuditEntry.objects.filter(sequence=2).delete()
    problem = verify_chain()
    assert problem is not None
    assert (problem.sequence, problem.kind) == (2, "deleted")


def test_a_deleted_last_entry_is_reported() -> None:
    _five_entries()
    AuditEntry.objects.filter(sequence=5).delete()
    problem = verify_chain()
    assert problem is not None
    assert problem.kind == "deleted"


def test_reordered_entries_are_reported() -> None:
    _five_entries()
    AuditEntry.objects.filter(sequence=2).update(sequence=100)
    AuditEntry.objects.filter(sequence=3).update(sequence=2)
    AuditEntry.objects.filter(sequence=100).update(sequence=3)
    problem = verify_chain()
    assert problem is not None
    assert problem.sequence == 2
    assert problem.kind == "reordered"


def test_verify_audit_log_command_exits_non_zero_and_names_the_entry() -> None:
    _five_entries()
    call_command("verify_audit_log")
    AuditEntry.objects.filter(sequence=4).update(action="something.else")
    with pytest.raises(CommandError, match="#4"):
        call_command("verify_audit_log")


def test_write_actions_are_audited() -> None:
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    user = UserFactory()
    grant_role(admin, user, Role.ANALYST)
    entry = AuditEntry.objects.get()
    assert entry.action == "core.grant_role"
    assert entry.actor_label == admin.username
    assert entry.data == {"role": "analyst"}
    assert AuditHead.objects.get().last_hash == entry.entry_hash


def test_granting_a_role_twice_records_it_once() -> None:
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    user = UserFactory()
    grant_role(admin, user, Role.OBSERVER)
    grant_role(admin, user, Role.OBSERVER)
    assert AuditEntry.objects.count() == 1

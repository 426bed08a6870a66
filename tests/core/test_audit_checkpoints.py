"""Signed checkpoints anchor the audit log outside the database.

What the chain alone cannot see (the newest entries deleted with the head
row, the whole log emptied, an entry edited with every later hash recomputed
from the public code) is caught against a checkpoint signed with a key the
database never holds.
"""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from atazan.core import audit
from atazan.core.audit import (
    AuditLogBroken,
    Checkpoint,
    CheckpointError,
    SigningKey,
    compute_entry_hash,
    make_checkpoint,
    new_signing_key,
    publish_checkpoint,
    read_checkpoint,
    record,
    verify_log,
)
from atazan.core.models import AppendOnlyError, AuditCheckpoint, AuditEntry, AuditHead

from factories import UserFactory

pytestmark = pytest.mark.django_db

KEY = SigningKey.from_seed(bytes(range(32)))
OTHER_KEY = SigningKey.from_seed(bytes(range(1, 33)))


def _entries(count: int) -> list[AuditEntry]:
    actor = UserFactory()
    return [record(actor, "test.action", None, {"n": n}) for n in range(count)]


def _checkpoint(key: SigningKey = KEY) -> Checkpoint:
    return make_checkpoint(key)


def _problem(checkpoint: Checkpoint) -> audit.ChainProblem | None:
    return verify_log([checkpoint], rows=False).chain


def _recompute_chain_from(sequence: int) -> None:
    """What an attacker with the public code does after editing entry ``sequence``."""
    previous = (
        AuditEntry.objects.get(sequence=sequence - 1).entry_hash
        if sequence > 1
        else audit.GENESIS_HASH
    )
    for entry in AuditEntry.objects.filter(sequence__gte=sequence).order_by("sequence"):
        new_hash = compute_entry_hash(
            sequence=entry.sequence,
            recorded_at=entry.recorded_at.isoformat(),
            actor_id=entry.actor_id_value,
            actor_label=entry.actor_label,
            action=entry.action,
            target_type=entry.target_type,
            target_id=entry.target_id,
            data=entry.data,
            previous_hash=previous,
            row_digest=entry.row_digest,
        )
        AuditEntry.objects.filter(pk=entry.pk).update(previous_hash=previous, entry_hash=new_hash)
        previous = new_hash
    AuditHead.objects.update(last_hash=previous)


# What a checkpoint catches --------------------------------------------------------


def test_the_log_matches_a_checkpoint_of_itself_and_of_its_past() -> None:
    _entries(3)
    checkpoint = _checkpoint()
    assert (checkpoint.sequence, checkpoint.document["head"]["sequence"]) == (3, 3)
    _entries(2)
    report = verify_log([checkpoint], rows=False)
    assert report.ok and report.entries == 5


def test_deleting_the_newest_entries_and_the_head_row_is_reported() -> None:
    _entries(5)
    checkpoint = _checkpoint()
    AuditEntry.objects.filter(sequence__gte=4).delete()
    AuditHead.objects.all().delete()
    problem = _problem(checkpoint)
    assert problem is not None and problem.kind == "missing"
    assert "entries #4–#5 are missing" in problem.detail


def test_deleting_the_newest_entries_and_moving_the_head_back_is_reported() -> None:
    entries = _entries(5)
    checkpoint = _checkpoint()
    AuditEntry.objects.filter(sequence=5).delete()
    AuditHead.objects.update(last_sequence=4, last_hash=entries[3].entry_hash)
    assert audit.verify_chain() is None  # consistent without the checkpoint
    problem = _problem(checkpoint)
    assert problem is not None and problem.kind == "missing"
    assert "entries #5 are missing" in problem.detail


def test_emptying_the_log_is_reported_against_a_checkpoint() -> None:
    _entries(4)
    checkpoint = _checkpoint()
    AuditEntry.objects.all().delete()
    AuditHead.objects.update(last_sequence=0, last_hash=audit.GENESIS_HASH)
    assert audit.verify_chain() is None  # an empty log looks like a new one...
    problem = _problem(checkpoint)  # ...but not to whoever kept a checkpoint
    assert problem is not None and problem.kind == "missing"
    assert "the log is empty" in problem.detail


def test_an_edit_with_every_later_hash_recomputed_is_reported_against_a_checkpoint() -> None:
    _entries(6)
    checkpoint = _checkpoint()
    AuditEntry.objects.filter(sequence=2).update(data={"n": 99})
    _recompute_chain_from(2)
    assert audit.verify_chain() is None  # the chain alone cannot tell
    problem = _problem(checkpoint)
    assert problem is not None
    assert (problem.sequence, problem.kind) == (6, "rewritten")
    assert "rewritten at or before #6" in problem.detail


def test_a_checkpoint_older_than_the_edit_cannot_see_it_and_a_newer_one_does() -> None:
    _entries(2)
    early = _checkpoint()
    _entries(2)
    late = _checkpoint()
    AuditEntry.objects.filter(sequence=3).update(data={"n": 99})
    _recompute_chain_from(3)
    assert _problem(early) is None
    late_problem = _problem(late)
    assert late_problem is not None and late_problem.kind == "rewritten"


def test_a_checkpoint_of_an_earlier_entry_vouches_for_that_entry_and_the_head() -> None:
    _entries(4)
    checkpoint = make_checkpoint(KEY, sequence=2)
    assert checkpoint.sequence == 2 and checkpoint.document["head"]["sequence"] == 4
    AuditEntry.objects.filter(sequence=4).update(data={"n": 99})
    _recompute_chain_from(4)
    problem = _problem(checkpoint)
    assert problem is not None and (problem.sequence, problem.kind) == (4, "rewritten")


# The signature -----------------------------------------------------------------------


def test_a_checkpoint_with_a_wrong_signature_is_refused() -> None:
    _entries(2)
    document = dict(_checkpoint().document)
    signature = bytearray(bytes.fromhex(document["signature"]))
    signature[0] ^= 1
    document["signature"] = signature.hex()
    with pytest.raises(CheckpointError, match="signature does not verify"):
        read_checkpoint(json.dumps(document), KEY.public)


def test_a_checkpoint_whose_content_was_changed_is_refused() -> None:
    entries = _entries(3)
    document = dict(_checkpoint().document)
    document["sequence"], document["entry_hash"] = 2, entries[1].entry_hash
    with pytest.raises(CheckpointError, match="signature does not verify"):
        read_checkpoint(json.dumps(document), KEY.public)


def test_a_checkpoint_signed_with_another_key_is_refused() -> None:
    _entries(2)
    forged = _checkpoint(OTHER_KEY)
    with pytest.raises(CheckpointError, match=f"signed with key {OTHER_KEY.key_id}"):
        read_checkpoint(forged.to_json(), KEY.public)
    # Claiming the right key id does not help: the signature is still another key's.
    document = dict(forged.document, key_id=KEY.key_id, public_key=KEY.public.hex())
    with pytest.raises(CheckpointError, match="signature does not verify"):
        read_checkpoint(json.dumps(document), KEY.public)


def test_a_checkpoint_round_trips_through_its_file() -> None:
    _entries(2)
    checkpoint = _checkpoint()
    again = read_checkpoint(checkpoint.to_json(), KEY.public)
    assert again.document == checkpoint.document
    assert audit.signature_valid(
        bytes.fromhex(checkpoint.document["signature"]),
        audit._signed_bytes(checkpoint.document),
        KEY.public,
    )


def test_a_broken_or_empty_log_is_not_signed() -> None:
    with pytest.raises(CheckpointError, match="empty"):
        make_checkpoint(KEY)
    _entries(3)
    AuditEntry.objects.filter(sequence=2).update(data={"n": 99})
    with pytest.raises(AuditLogBroken, match="#2"):
        make_checkpoint(KEY)


def test_a_log_that_no_longer_matches_a_published_checkpoint_is_not_signed_again() -> None:
    _entries(3)
    publish_checkpoint(_checkpoint())
    AuditEntry.objects.filter(sequence=3).update(data={"n": 99})
    _recompute_chain_from(3)
    with pytest.raises(AuditLogBroken, match="rewritten"):
        make_checkpoint(KEY)


# Keys ------------------------------------------------------------------------------------


def test_a_new_key_is_written_privately_beside_its_public_half(tmp_path: Path) -> None:
    path = tmp_path / "audit.key"
    key = new_signing_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert audit.load_signing_key(path).public == key.public
    assert audit.load_public_key(tmp_path / "audit.key.pub") == key.public
    with pytest.raises(CheckpointError, match="exists already"):
        new_signing_key(path)


def test_a_file_that_is_not_a_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.key"
    path.write_text("not a key\n")
    with pytest.raises(CheckpointError, match="not an Ed25519 signing key"):
        audit.load_signing_key(path)


# The commands: messages and exit codes -----------------------------------------------


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "audit.key"
    out = io.StringIO()
    call_command("audit_checkpoint", "--new-key", str(path), stdout=out)
    assert "public key" in out.getvalue() and path.with_name("audit.key.pub").exists()
    return path


def test_audit_checkpoint_writes_and_publishes_a_checkpoint(key_file: Path, tmp_path: Path) -> None:
    _entries(3)
    out_file = tmp_path / "cp.json"
    out = io.StringIO()
    call_command("audit_checkpoint", "--key", str(key_file), "--out", str(out_file), stdout=out)
    assert "checkpoint of entry #3" in out.getvalue() and "published" in out.getvalue()
    document = json.loads(out_file.read_text())
    assert document["sequence"] == 3 and document["format"] == audit.CHECKPOINT_FORMAT
    stored = AuditCheckpoint.objects.get()
    assert json.loads(stored.document) == document
    assert str(key_file) not in stored.document and "seed" not in stored.document


def test_audit_checkpoint_reads_the_key_from_the_environment(
    key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _entries(1)
    monkeypatch.setenv(audit.SIGNING_KEY_ENV, str(key_file))
    out = io.StringIO()
    call_command("audit_checkpoint", "--out", "-", "--no-publish", stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue())["sequence"] == 1
    assert not AuditCheckpoint.objects.exists()


def test_audit_checkpoint_needs_a_key_and_somewhere_to_put_it(
    key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _entries(1)
    monkeypatch.delenv(audit.SIGNING_KEY_ENV, raising=False)
    with pytest.raises(CommandError, match="signing key"):
        call_command("audit_checkpoint")
    with pytest.raises(CommandError, match="goes nowhere"):
        call_command("audit_checkpoint", "--key", str(key_file), "--no-publish")


def test_verify_audit_log_against_a_checkpoint_exits_0_1_or_2(
    key_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(audit.PUBLIC_KEY_ENV, raising=False)
    _entries(4)
    cp = tmp_path / "cp.json"
    call_command("audit_checkpoint", "--key", str(key_file), "--out", str(cp), stdout=io.StringIO())
    public = str(key_file) + ".pub"
    out = io.StringIO()
    call_command("verify_audit_log", "--checkpoint", str(cp), "--public-key", public, stdout=out)
    assert "audit log intact: 4 entries verified" in out.getvalue()
    assert "matches the checkpoint of" in out.getvalue()

    # No public key: the checkpoint cannot be checked (2).
    with pytest.raises(CommandError, match="public key") as raised:
        call_command("verify_audit_log", "--checkpoint", str(cp))
    assert raised.value.returncode == 2

    # Another key's public half: refused (2).
    other = tmp_path / "other.key"
    new_signing_key(other)
    with pytest.raises(CommandError, match="checkpoint refused: .*signed with key") as raised:
        call_command("verify_audit_log", "--checkpoint", str(cp), "--public-key", f"{other}.pub")
    assert raised.value.returncode == 2

    # The log emptied: tampering (1), naming what is missing.
    AuditEntry.objects.all().delete()
    AuditHead.objects.update(last_sequence=0, last_hash=audit.GENESIS_HASH)
    call_command("verify_audit_log", stdout=io.StringIO())  # the chain alone sees nothing
    monkeypatch.setenv(audit.PUBLIC_KEY_ENV, public)
    with pytest.raises(CommandError, match="entries #1–#4 are missing") as raised:
        call_command("verify_audit_log", "--checkpoint", str(cp))
    assert raised.value.returncode == 1


def test_verify_audit_log_checks_the_published_checkpoints(
    key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(audit.PUBLIC_KEY_ENV, str(key_file) + ".pub")
    _entries(3)
    call_command("audit_checkpoint", "--key", str(key_file), stdout=io.StringIO())
    call_command("verify_audit_log", "--published", stdout=io.StringIO())
    AuditEntry.objects.filter(sequence=1).update(data={"n": 99})
    _recompute_chain_from(1)
    with pytest.raises(CommandError, match="rewritten"):
        call_command("verify_audit_log", "--published")


def test_a_forged_published_checkpoint_is_refused(key_file: Path) -> None:
    _entries(2)
    real = make_checkpoint(audit.load_signing_key(key_file))
    forged = dict(real.document, sequence=1, entry_hash="f" * 64)
    publish_checkpoint(Checkpoint(forged))
    with pytest.raises(CommandError, match="signature does not verify") as raised:
        call_command("verify_audit_log", "--published", "--public-key", str(key_file) + ".pub")
    assert raised.value.returncode == 2


# The public page and the open data ---------------------------------------------------


def test_the_checkpoints_page_and_its_json_are_public(client: Client) -> None:
    _entries(2)
    row = publish_checkpoint(_checkpoint())
    page = client.get(reverse("core:checkpoints"))
    assert page.status_code == 200
    assert row.entry_hash[:16] in page.content.decode()
    listing = client.get(reverse("core:checkpoints_json")).json()
    assert listing["format"] == audit.CHECKPOINT_FORMAT
    assert [c["entry_hash"] for c in listing["checkpoints"]] == [row.entry_hash]
    single = client.get(reverse("core:checkpoint_json", args=[row.pk]))
    assert single.content.decode() == row.document
    read_checkpoint(single.content.decode(), KEY.public)
    assert client.get(reverse("core:checkpoint_json", args=[row.pk + 1])).status_code == 404


def test_published_checkpoints_cannot_be_changed_through_the_model() -> None:
    _entries(1)
    row = publish_checkpoint(_checkpoint())
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        row.save()

"""Registration receipts for imported proposals: ``atazan proposals import --send-receipts``."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from atazan.core.errors import PermissionDeniedError
from atazan.core.models import AuditEntry
from atazan.proposals import actions, selectors
from atazan.proposals.importer import Mapping, run_import
from atazan.proposals.models import Notification, NotificationKind, Proposal

from factories import SYSTEM

pytestmark = pytest.mark.django_db

MAPPING = """
source = "receipts-export"
[columns]
external_id = "id"
submitter_type = "type"
submitter_name = "name"
contact_email = "email"
language = "language"
title = "title"
text = "text"
"""
HEADER = ["id", "type", "name", "email", "language", "title", "text"]


def row(n: int, email: str = "", language: str = "ru") -> list[str]:
    return [
        f"R-{n}",
        "citizen",
        f"Житель {n}",
        email,
        language,
        f"Предложение {n}",
        f"Текст предложения {n}.",
    ]


@pytest.fixture
def mapping_file(tmp_path: Path) -> Path:
    path = tmp_path / "map.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def run(path: Path, mapping_file: Path, *extra: str) -> str:
    out = io.StringIO()
    call_command(
        "proposals",
        "import",
        str(path),
        "--mapping",
        str(mapping_file),
        "--quiet",
        "--batch-size",
        "2",
        *extra,
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def test_send_receipts_mails_each_new_proposal_with_an_email_once_with_a_working_secret(
    tmp_path: Path, mapping_file: Path
) -> None:
    rows = [
        row(1, "one@example.kz"),
        row(2),
        row(3, "three@example.kz", "kk"),
        row(4, "four@example.kz", "en"),
    ]
    path = write_csv(tmp_path / "in.csv", rows)
    output = run(path, mapping_file, "--send-receipts")
    assert "imported 4" in output and "receipts sent: 3" in output
    assert sorted(m.to[0] for m in mail.outbox) == [
        "four@example.kz",
        "one@example.kz",
        "three@example.kz",
    ]
    for message in mail.outbox:
        proposal = Proposal.objects.get(contact_email=message.to[0])
        assert proposal.number in message.subject
        # The secret in the receipt follows the case; only its hash is stored.
        secrets = [
            word
            for word in re.findall(r"\b[2-9A-Z]{10}\b", message.body)
            if selectors.find_by_tracking(proposal.number, word) == proposal
        ]
        assert len(secrets) == 1, message.body
        assert proposal.secret_hash == selectors.secret_hash(secrets[0])
    assert Proposal.objects.get(external_id="R-2").secret_hash == ""  # no e-mail, no receipt
    assert Notification.objects.filter(kind=NotificationKind.REGISTERED).count() == 3
    assert AuditEntry.objects.filter(action="proposals.send_import_receipts").exists()

    # The same file again: nothing new is registered and no second receipt is sent.
    mail.outbox.clear()
    again = run(path, mapping_file, "--send-receipts")
    assert "imported 0" in again and "receipts sent: 0" in again
    assert mail.outbox == []

    # One more row: only its submitter gets a receipt.
    write_csv(path, [*rows, row(5, "five@example.kz")])
    output = run(path, mapping_file, "--send-receipts")
    assert "receipts sent: 1" in output
    assert [m.to for m in mail.outbox] == [["five@example.kz"]]
    assert Notification.objects.filter(kind=NotificationKind.REGISTERED).count() == 4


def test_without_the_option_the_import_sends_nothing(tmp_path: Path, mapping_file: Path) -> None:
    path = write_csv(tmp_path / "in.csv", [row(1, "one@example.kz")])
    output = run(path, mapping_file)
    assert "imported 1" in output and "receipts" not in output
    assert mail.outbox == [] and not Notification.objects.exists()


def test_a_proposal_with_a_receipt_on_record_is_never_sent_another(
    tmp_path: Path, mapping_file: Path
) -> None:
    path = write_csv(tmp_path / "in.csv", [row(1, "one@example.kz"), row(2, "two@example.kz")])
    summary = run_import(
        path, "csv", Mapping.load(mapping_file), actor=SYSTEM, collect_numbers=True
    )
    assert sorted(summary.numbers) == sorted(Proposal.objects.values_list("number", flat=True))
    assert actions.send_import_receipts(SYSTEM, summary.numbers) == 2
    assert actions.send_import_receipts(SYSTEM, summary.numbers) == 0
    assert len(mail.outbox) == 2


def test_only_the_rows_stored_by_this_run_are_reported_for_receipts(
    tmp_path: Path, mapping_file: Path
) -> None:
    path = write_csv(tmp_path / "in.csv", [row(1, "one@example.kz")])
    run_import(path, "csv", Mapping.load(mapping_file), actor=SYSTEM)
    write_csv(path, [row(1, "one@example.kz"), row(2, "two@example.kz")])
    summary = run_import(
        path, "csv", Mapping.load(mapping_file), actor=SYSTEM, collect_numbers=True
    )
    assert summary.numbers == [Proposal.objects.get(external_id="R-2").number]


def test_sending_receipts_needs_the_import_permission(
    tmp_path: Path, mapping_file: Path, analyst: Any
) -> None:
    path = write_csv(tmp_path / "in.csv", [row(1, "one@example.kz")])
    summary = run_import(
        path, "csv", Mapping.load(mapping_file), actor=SYSTEM, collect_numbers=True
    )
    with pytest.raises(PermissionDeniedError):
        actions.send_import_receipts(analyst, summary.numbers)
    assert mail.outbox == []

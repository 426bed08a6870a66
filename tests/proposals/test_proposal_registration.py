"""Registration: numbers, receipts, idempotent channels, attachments, batches."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from proposal_helpers import JPEG_BYTES, PDF_BYTES, PNG_BYTES, docx_bytes, submission

from atazan.core.errors import PermissionDeniedError
from atazan.core.models import AuditEntry
from atazan.proposals.actions import (
    build_proposal,
    register_batch,
    register_proposal,
)
from atazan.proposals.files import InvalidAttachment, sniff
from atazan.proposals.models import Channel, Proposal
from atazan.proposals.selectors import find_by_tracking, work_calendar

from factories import SYSTEM

pytestmark = pytest.mark.django_db


def test_a_web_proposal_gets_a_yearly_number_a_deadline_and_an_emailed_receipt(
    citizen: Any,
) -> None:
    registration = register_proposal(citizen, submission(), channel=Channel.WEB, external_id="t1")
    proposal = registration.proposal
    year = timezone.localtime(proposal.registered_at).year
    assert re.fullmatch(rf"{year}-\d{{6}}", proposal.number)
    assert proposal.deadline == work_calendar().deadline(timezone.localdate(proposal.registered_at))
    assert proposal.user == citizen
    assert len(mail.outbox) == 1
    assert proposal.number in mail.outbox[0].subject
    assert registration.secret in mail.outbox[0].body
    assert proposal.notifications.get().sent_at is not None
    assert AuditEntry.objects.filter(
        action="proposals.register", target_id=str(proposal.pk)
    ).exists()
    second = register_proposal(
        citizen, submission(), channel=Channel.WEB, external_id="t2"
    ).proposal
    assert int(second.number[5:]) == int(proposal.number[5:]) + 1


def test_numbers_count_per_year() -> None:
    calendar = work_calendar()
    rows = [
        build_proposal(
            submission(),
            channel=Channel.IMPORT,
            source="s",
            external_id=str(i),
            registered_at=timezone.make_aware(dt.datetime(year, 12, 30 if year == 2025 else 2, 10)),
            calendar=calendar,
        )
        for i, year in enumerate([2025, 2026, 2025])
    ]
    register_batch(SYSTEM, rows, {})
    numbers = sorted(Proposal.objects.values_list("number", flat=True))
    assert [n[:5] for n in numbers] == ["2025-", "2025-", "2026-"]
    assert int(numbers[1][5:]) == int(numbers[0][5:]) + 1


def test_the_same_channel_and_id_registers_once(citizen: Any) -> None:
    first = register_proposal(citizen, submission(), channel=Channel.WEB, external_id="form-token")
    again = register_proposal(citizen, submission(), channel=Channel.WEB, external_id="form-token")
    assert first.created and not again.created
    assert again.proposal.pk == first.proposal.pk
    assert Proposal.objects.count() == 1


def test_the_submitter_tracks_the_case_with_number_and_secret(citizen: Any) -> None:
    registration = register_proposal(citizen, submission(), channel=Channel.WEB, external_id="x")
    number = registration.proposal.number
    assert find_by_tracking(number, registration.secret.lower()) == registration.proposal
    assert find_by_tracking(number, "WRONGSECRET") is None


def test_the_citizen_identity_is_kept_in_the_profile(citizen: Any) -> None:
    register_proposal(citizen, submission(), channel=Channel.WEB, external_id="x")
    assert citizen.submitter_profile.iin == submission().iin


def test_only_the_channel_roles_may_register(citizen: Any, operator: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        register_proposal(operator, submission(), channel=Channel.WEB, external_id="x")
    with pytest.raises(PermissionDeniedError):
        register_proposal(citizen, submission(), channel=Channel.LETTER, external_id="x")


def test_personal_data_is_masked_in_the_public_copy(citizen: Any) -> None:
    proposal = register_proposal(
        citizen,
        submission(
            text="Менің атым Айгерім Сәдуақасова, пошта aigerim@example.kz, тел. 8 701 123 45 67."
        ),
        channel=Channel.WEB,
        external_id="x",
    ).proposal
    assert "aigerim@example.kz" not in proposal.public_text
    assert "123 45 67" not in proposal.public_text
    assert "Сәдуақасова" not in proposal.public_text  # no consent to publish the name


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF_BYTES, "application/pdf"),
        (PNG_BYTES, "image/png"),
        (JPEG_BYTES, "image/jpeg"),
        (docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_attachment_types_are_read_from_the_content(content: bytes, kind: str) -> None:
    assert sniff(content) == kind


def test_a_file_named_pdf_that_is_not_one_is_refused(operator: Any) -> None:
    with pytest.raises(InvalidAttachment, match="not a PDF"):
        register_proposal(
            operator,
            submission(),
            channel=Channel.LETTER,
            external_id="x",
            files=[("scan.pdf", io.BytesIO(b"MZ\x90\x00 executable"))],
        )
    assert not Proposal.objects.exists()


def test_a_zip_that_is_not_a_word_document_is_refused() -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.txt", "x")
    assert sniff(buffer.getvalue()) is None


def test_files_over_the_size_limit_are_refused(operator: Any, settings: Any) -> None:
    settings.ATAZAN_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(InvalidAttachment, match="larger"):
        register_proposal(
            operator,
            submission(),
            channel=Channel.LETTER,
            external_id="x",
            files=[("big.pdf", io.BytesIO(PDF_BYTES + b"0" * 2048))],
        )


def test_an_operator_registers_a_letter_with_its_scan(operator: Any) -> None:
    registration = register_proposal(
        operator,
        submission(),
        channel=Channel.LETTER,
        source="secretariat",
        external_id="ВХ-12",
        files=[("скан.pdf", io.BytesIO(PDF_BYTES)), ("photo.jpg", io.BytesIO(JPEG_BYTES))],
    )
    attachments = list(registration.proposal.attachments.order_by("id"))
    assert [a.content_type for a in attachments] == ["application/pdf", "image/jpeg"]
    assert attachments[0].original_name == "скан.pdf"
    assert attachments[0].file.read() == PDF_BYTES
    assert registration.proposal.registered_by == operator


def test_a_batch_stores_new_rows_skips_present_ones_and_audits_once() -> None:
    calendar = work_calendar()
    now = timezone.now()

    def rows(ids: list[str]) -> list[Proposal]:
        return [
            build_proposal(
                submission(),
                channel=Channel.IMPORT,
                source="f",
                external_id=i,
                registered_at=now,
                calendar=calendar,
            )
            for i in ids
        ]

    before = AuditEntry.objects.count()
    assert register_batch(SYSTEM, rows(["a", "b", "b"]), {}) == (2, 1)
    assert register_batch(SYSTEM, rows(["b", "c"]), {}) == (1, 1)
    assert Proposal.objects.count() == 3
    assert AuditEntry.objects.count() == before + 2


def test_the_receipt_is_mailed_only_after_the_registration_is_committed(
    citizen: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from django.db import transaction

    from atazan.proposals import notify

    monkeypatch.setattr(notify, "after_commit", lambda callback: transaction.on_commit(callback))
    with django_capture_on_commit_callbacks(execute=True):
        proposal = register_proposal(
            citizen, submission(), channel=Channel.WEB, external_id="c"
        ).proposal
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    assert proposal.notifications.get().sent_at is not None


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="numbers come from a sequence on PostgreSQL"
)
def test_a_new_years_sequence_continues_after_numbers_already_issued(citizen: Any) -> None:
    from atazan.proposals import actions

    first = register_proposal(citizen, submission(), channel=Channel.WEB, external_id="a").proposal
    year = first.number[:4]
    Proposal.objects.filter(pk=first.pk).update(number=f"{year}-000900")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SEQUENCE IF EXISTS proposals_number_{year}")
    actions._SEQUENCES_READY.clear()
    second = register_proposal(citizen, submission(), channel=Channel.WEB, external_id="b").proposal
    assert second.number == f"{year}-000901"

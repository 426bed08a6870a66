"""The hot paths' plain INSERT stores exactly what ``save()`` stores."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from proposal_helpers import submission

from atazan.core.rows import insert
from atazan.proposals.actions import build_proposal
from atazan.proposals.models import Channel, IdempotencyRecord, Notification, Partner, Proposal
from atazan.proposals.selectors import work_calendar

pytestmark = pytest.mark.django_db


NOW = timezone.now()


def new_proposal(external_id: str) -> Proposal:
    text = "Предлагаю изменить статью 50. Мой телефон 8 701 123 45 67, почта kim@example.kz."
    proposal = build_proposal(
        submission(text=text, cited_provisions="50, 51"),
        channel=Channel.API,
        source="p",
        external_id=external_id,
        registered_at=NOW,
        calendar=work_calendar(),
    )
    proposal.number = f"2026-{external_id}"
    return proposal


def test_an_inserted_proposal_reads_back_like_a_saved_one() -> None:
    saved, inserted = new_proposal("000001"), new_proposal("000002")
    saved.save()
    insert(inserted)
    assert inserted.pk is not None and not inserted._state.adding
    ignore = {"id", "number", "external_id"}
    as_saved = {
        k: v for k, v in model_to_dict(Proposal.objects.get(pk=saved.pk)).items() if k not in ignore
    }
    as_inserted = {
        k: v
        for k, v in model_to_dict(Proposal.objects.get(pk=inserted.pk)).items()
        if k not in ignore
    }
    assert as_inserted == as_saved
    assert as_inserted["cited_provisions"] == saved.cited_provisions and saved.cited_provisions


def test_insert_fills_defaults_and_creation_times() -> None:
    proposal = new_proposal("000003")
    insert(proposal)
    before = timezone.now()
    partner = Partner(name="Portal", slug="portal", key_prefix="pfx1", key_hash="x" * 64)
    insert(partner)
    record = IdempotencyRecord(
        partner=partner, key="k1", request_hash="h", status_code=201, response={"a": "ә"}
    )
    insert(record)
    assert Partner.objects.get(pk=partner.pk).active is True
    stored = IdempotencyRecord.objects.get(pk=record.pk)
    assert stored.created_at >= before and stored.response == {"a": "ә"}
    note = Notification(
        proposal=proposal, kind="registered", recipient="a@example.kz", subject="s", body="b"
    )
    insert(note)
    kept = Notification.objects.get(pk=note.pk)
    assert kept.sent_at is None and kept.error == "" and kept.created_at >= before


def test_a_duplicate_insert_is_refused_by_the_database() -> None:
    insert(new_proposal("000004"))
    with pytest.raises(IntegrityError), transaction.atomic():
        insert(new_proposal("000004"))
    assert Proposal.objects.filter(external_id="000004").count() == 1

"""Messages to submitters leave through an outbox swept by the task worker, never by the request."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult
from proposal_helpers import submission

from atazan.proposals import notify
from atazan.proposals.actions import register_proposal
from atazan.proposals.models import Channel, Notification
from atazan.proposals.tasks import send_pending_messages

pytestmark = pytest.mark.django_db

# Taken before the suite's fixture makes tests sweep at once.
QUEUE_A_SWEEP = notify.wake_sender


@pytest.fixture
def worker_outbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notify, "wake_sender", QUEUE_A_SWEEP)
    monkeypatch.setattr(notify, "_sweep_due", 0.0)


def sweeps() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path__endswith="send_pending_messages"))


def test_a_registration_queues_its_receipt_instead_of_sending_it(
    citizen: Any, worker_outbox: None
) -> None:
    registration = register_proposal(citizen, submission(), channel=Channel.WEB, external_id="o1")
    assert mail.outbox == []
    kept = registration.proposal.notifications.get()
    assert kept.sent_at is None and kept.error == ""
    queued = sweeps()
    assert len(queued) == 1 and queued[0].run_after > kept.created_at

    assert send_pending_messages.call() == 1
    assert [m.to for m in mail.outbox] == [[kept.recipient]]
    assert registration.secret in mail.outbox[0].body
    kept.refresh_from_db()
    assert kept.sent_at is not None


def test_one_sweep_serves_a_burst_and_never_sends_twice(citizen: Any, worker_outbox: None) -> None:
    for n in range(5):
        register_proposal(citizen, submission(), channel=Channel.WEB, external_id=f"b{n}")
    assert len(sweeps()) == 1
    assert send_pending_messages.call() == 5
    assert send_pending_messages.call() == 0
    assert len(mail.outbox) == 5
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_a_sweep_that_sent_queues_a_follow_up_for_late_commits(
    citizen: Any, worker_outbox: None
) -> None:
    register_proposal(citizen, submission(), channel=Channel.WEB, external_id="f1")
    notify._sweep_due = 0.0  # the worker is another process: its own sweep clock
    send_pending_messages.call()
    assert len(sweeps()) == 2


def test_a_refused_message_is_kept_with_its_error_and_not_retried(
    citizen: Any, worker_outbox: None, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "proposal_helpers.FailingBackend"
    registration = register_proposal(citizen, submission(), channel=Channel.WEB, external_id="r1")
    assert send_pending_messages.call() == 0
    kept = registration.proposal.notifications.get()
    assert kept.sent_at is None and "refused" in kept.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending_messages.call() == 0
    assert mail.outbox == []

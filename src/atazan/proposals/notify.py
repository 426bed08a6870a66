"""Messages to submitters, in their language, kept on the case whether delivered or not.

The registration receipt carries the tracking secret, which is stored only
hashed. The kept message (the outbox row, shown on the case page) holds the
mask ``••••••••••`` where the secret stands; the secret itself waits beside it,
sealed under a key derived from SECRET_KEY (``Notification.sealed_secret``),
and is put into the text only when the message is handed to the mail server.
The seal is erased in the same transaction that marks the message sent. So
the receipt survives a crash of the web process like any kept message, a
batch re-sent after a crash carries the same secret, and once it is out the
database holds nothing but the hash.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
import unicodedata
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atazan.core.rows import insert
from atazan.proposals.models import Notification, NotificationKind, Outcome, Proposal
from atazan.proposals.selectors import outbox_key, seal, unseal

#: What the kept copy of a receipt shows where the tracking secret stands.
SECRET_MASK = "••••••••••"


def _language(proposal: Proposal) -> str:
    return proposal.language if proposal.language in ("kk", "ru", "en") else "en"


def _site() -> str:
    return str(getattr(settings, "ATAZAN_SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def tracking_url() -> str:
    """Where a submitter follows a proposal with its number and secret."""
    return _site() + reverse("proposals:track")


def _send(
    proposal: Proposal,
    kind: str,
    subject: str,
    body: str,
    language: str,
    sealed_secret: str = "",
) -> Notification | None:
    if not proposal.contact_email:
        return None
    notification = Notification(
        proposal=proposal,
        kind=kind,
        recipient=proposal.contact_email,
        language=language,
        subject=subject,
        body=body,
        sealed_secret=sealed_secret,
    )
    insert(notification)
    # The kept message is the outbox: the background worker sends it once the change
    # is committed. No receipt for a registration that failed, no mail server in the
    # way of a registration's locks or a partner's answer, and the message is on the
    # case whatever the mail server does.
    after_commit(wake_sender)
    return notification


def after_commit(callback: Callable[[], None]) -> None:
    transaction.on_commit(callback, robust=True)


# Seconds a sweep waits before it runs, so that one sweep sends a burst of messages.
SWEEP_DELAY = 2.0
_sweep_due = 0.0  # when the sweep this process queued last will run (time.monotonic)


def wake_sender() -> None:
    """Queue a sweep of unsent messages, unless one this process queued is still ahead.

    A sweep queued less than a second ahead may start before the message that
    woke it is visible, so a new one is queued then.
    """
    global _sweep_due
    now = time.monotonic()
    if now < _sweep_due - 1.0:
        return
    _sweep_due = now + SWEEP_DELAY
    from atazan.proposals.tasks import send_pending_messages

    send_pending_messages.using(
        run_after=timezone.now() + dt.timedelta(seconds=SWEEP_DELAY)
    ).enqueue()


def deliver_pending(batch: int = 50) -> int:
    """Send every kept message that is neither sent nor failed; returns how many went out.

    Rows are locked while they are sent (PostgreSQL skips rows another sweep holds),
    and each batch commits its "sent" marks, so a crash re-sends at most one batch.
    A sweep that sent something queues a follow-up, which picks up a message
    committed while it ran.
    """
    # Imported here: actions imports this module (to send the messages it keeps).
    from atazan.proposals.actions import mark_message_failed, mark_messages_sent

    sent = 0
    while True:
        with transaction.atomic():
            pending = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(sent_at__isnull=True, error="")
                .order_by("pk")[:batch]
            )
            if not pending:
                break
            # One connection to the mail server per batch; it opens with the first message.
            connection = get_connection()
            delivered = []
            try:
                for notification in pending:
                    error = _hand_over(notification, connection)
                    if error:
                        mark_message_failed(notification.pk, error)
                    else:
                        delivered.append(notification.pk)
            finally:
                close = getattr(connection, "close", None)
                if close is not None:
                    close()
            mark_messages_sent(delivered, timezone.now())
            sent += len(delivered)
    if sent:
        after_commit(wake_sender)
    return sent


def _hand_over(notification: Notification, connection: Any) -> str:
    """Give one message to the mail server; the error, or "" when it was accepted."""
    if any(unicodedata.category(c)[0] in "CZ" for c in notification.recipient):
        # Kept before addresses were checked for it: a line break would start a new header.
        return _("The address holds a line break or a control character; nothing was sent.")
    body = outgoing_body(notification)
    if body is None:
        return _(
            "The tracking secret of this receipt could not be opened (was SECRET_KEY "
            "changed?); nothing was sent."
        )
    try:
        EmailMessage(
            notification.subject,
            body,
            to=[notification.recipient],
            connection=connection,
        ).send()
    except Exception as exc:  # noqa: BLE001 - any delivery failure is kept on the case
        return str(exc)[:2000] or type(exc).__name__
    return ""


def outgoing_body(notification: Notification) -> str | None:
    """The text that goes out: the kept body with its sealed secret put back in place.

    None when a sealed secret cannot be opened (another SECRET_KEY) or no
    longer matches the mask it replaces.
    """
    if not notification.sealed_secret:
        return notification.body
    opened = unseal(outbox_key(), notification.sealed_secret)
    if opened is None:
        return None
    offset_text, _sep, secret = opened.partition(":")
    offset = int(offset_text) if offset_text.isdigit() else -1
    body = notification.body
    if offset < 0 or body[offset : offset + len(SECRET_MASK)] != SECRET_MASK:
        return None
    return body[:offset] + secret + body[offset + len(SECRET_MASK) :]


def registration(proposal: Proposal, secret: str) -> Notification | None:
    """Keep the receipt with the secret masked, and the secret sealed until it is sent."""
    # A marker nobody can have typed shows where the secret stands, whatever the
    # translation's word order and whatever the title holds.
    marker = "\u2063" + secrets.token_hex(12) + "\u2063"
    subject, body, language = compose_registration(proposal, marker)
    offset = body.index(marker)
    kept = body.replace(marker, SECRET_MASK)
    sealed = seal(outbox_key(), f"{offset}:{secret}")
    return _send(proposal, NotificationKind.REGISTERED, subject, kept, language, sealed)


def compose_registration(proposal: Proposal, secret: str) -> tuple[str, str, str]:
    """Subject, body and language of the receipt (also used for the demo's history).

    ``secret`` is written as given: :func:`registration` passes a marker and
    keeps the mask in its place; the demo passes the mask itself.
    """
    language = _language(proposal)
    with translation.override(language):
        subject = _("Your proposal is registered: %(number)s") % {"number": proposal.number}
        body = _(
            "Your proposal “%(title)s” was registered on %(date)s under number %(number)s.\n"
            "It will be answered by %(deadline)s.\n\n"
            "Follow it at %(url)s with the number and this secret: %(secret)s\n"
        ) % {
            "title": proposal.title,
            "date": timezone.localtime(proposal.registered_at).strftime("%Y-%m-%d %H:%M"),
            "number": proposal.number,
            "deadline": proposal.deadline.isoformat(),
            "url": tracking_url(),
            "secret": secret,
        }
    return subject, body, language


def extended(proposal: Proposal) -> Notification | None:
    language = _language(proposal)
    with translation.override(language):
        subject = _("The answer to your proposal %(number)s is delayed") % {
            "number": proposal.number
        }
        body = _(
            "The time to answer your proposal %(number)s has been extended to %(deadline)s.\n"
            "Reason: %(reason)s\n"
        ) % {
            "number": proposal.number,
            "deadline": proposal.deadline.isoformat(),
            "reason": proposal.extension_reason,
        }
    return _send(proposal, NotificationKind.EXTENDED, subject, body, language)


def answered(proposal: Proposal) -> Notification | None:
    subject, body, language = compose_answer(proposal)
    return _send(proposal, NotificationKind.ANSWERED, subject, body, language)


def compose_answer(proposal: Proposal) -> tuple[str, str, str]:
    language = _language(proposal)
    with translation.override(language):
        subject = _("Answer to your proposal %(number)s") % {"number": proposal.number}
        body = _("Your proposal %(number)s: %(outcome)s.\n\n%(answer)s\n") % {
            "number": proposal.number,
            "outcome": Outcome(proposal.outcome).label if proposal.outcome else "",
            "answer": proposal.answer,
        }
        if proposal.merged_into_id and proposal.merged_into is not None:
            body += _("It is considered together with proposal %(number)s.\n") % {
                "number": proposal.merged_into.number
            }
        if proposal.forwarded_to:
            body += _("It was forwarded to: %(body)s.\n") % {"body": proposal.forwarded_to}
    return subject, body, language


def reopened(proposal: Proposal) -> Notification | None:
    language = _language(proposal)
    with translation.override(language):
        subject = _("Your proposal %(number)s is being reviewed again") % {
            "number": proposal.number
        }
        body = _("Your proposal %(number)s has been reopened and will be answered again.\n") % {
            "number": proposal.number
        }
    return _send(proposal, NotificationKind.REOPENED, subject, body, language)

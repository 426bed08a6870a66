"""Background work of the proposals app, carried out by the task worker (``atazan db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_pending_messages() -> int:
    """Send the kept messages to submitters that are not sent yet; returns how many went out."""
    from atazan.proposals.notify import deliver_pending

    return deliver_pending()

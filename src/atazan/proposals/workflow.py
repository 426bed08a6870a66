"""Which status changes a case may go through, with a reason for every refusal.

registered -> in review -> answered; a case may also be answered straight from
registered (an obvious duplicate, a question outside the commission's
competence), sent back from review to the queue, and a working-group lead may
reopen an answered case.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from atazan.core.errors import StateError
from atazan.proposals.models import Outcome, Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REGISTERED: frozenset({Status.IN_REVIEW, Status.ANSWERED}),
    Status.IN_REVIEW: frozenset({Status.ANSWERED, Status.REGISTERED}),
    Status.ANSWERED: frozenset(),
}


class TransitionError(StateError):
    """A status change that the rules do not allow; the message says why."""

    code = "invalid_transition"


def check_transition(current: str, target: str) -> None:
    if target in TRANSITIONS.get(current, frozenset()):
        return
    if current == target == Status.ANSWERED:
        raise TransitionError(
            _("This case has already been answered. A working-group lead must reopen it first.")
        )
    if current == target:
        raise TransitionError(
            _("The case is already %(status)s.") % {"status": Status(current).label}
        )
    raise TransitionError(
        _("A case that is %(current)s cannot become %(target)s.")
        % {"current": Status(current).label, "target": Status(target).label}
    )


def check_reopen(current: str) -> None:
    """Only an answered case is reopened (by a working-group lead, see rules)."""
    if current != Status.ANSWERED:
        raise TransitionError(_("Only an answered case can be reopened."))


def check_answer(
    outcome: str, reason: str, *, merged_into_number: str | None, forwarded_to: str
) -> None:
    """Every answer carries a public reason; merging and forwarding say where to."""
    if outcome not in Outcome.values:
        raise TransitionError(_("Choose the outcome of the answer."))
    if not reason.strip():
        raise TransitionError(_("An answer needs a reason that can be published."))
    if outcome == Outcome.MERGED and not merged_into_number:
        raise TransitionError(_("Say which proposal this one is merged into."))
    if outcome == Outcome.FORWARDED and not forwarded_to.strip():
        raise TransitionError(_("Say which body the proposal is forwarded to."))

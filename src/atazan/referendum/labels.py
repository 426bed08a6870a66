"""Translated words for the stable codes the counting core returns.

The pure core speaks in codes (``voted_accounted``, ``turnout_spike``) so it
stays free of Django; these functions turn them into sentences in the
reader's language.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atazan_results import Anomaly, BrokenRelation, Outcome

FIGURE_LABELS = {
    "registered": gettext_lazy("Registered voters"),
    "received": gettext_lazy("Ballots received by the commission"),
    "issued": gettext_lazy("Ballots issued to voters (voted)"),
    "yes": gettext_lazy("Yes"),
    "no": gettext_lazy("No"),
    "invalid": gettext_lazy("Invalid ballots"),
    "not_counted": gettext_lazy("Ballots not counted"),
    "spoiled": gettext_lazy("Spoiled ballots"),
    "unused": gettext_lazy("Unused (cancelled) ballots"),
}


def relation_message(broken: BrokenRelation) -> str:
    """One sentence naming the relation, with both sides of it."""
    values = {"left": broken.left, "right": broken.right}
    if broken.code == "voted_accounted":
        return (
            _(
                "Broken relation “issued = yes + no + invalid + not counted”: ballots issued to voters "
                "(%(left)s) must equal yes + no + invalid + not counted (%(right)s)."
            )
            % values
        )
    if broken.code == "ballots_accounted":
        return (
            _(
                "Broken relation “received = issued + spoiled + unused”: ballots received "
                "(%(left)s) must equal ballots issued + spoiled + unused (%(right)s)."
            )
            % values
        )
    if broken.code == "voted_within_registered":
        return (
            _(
                "Broken relation “issued ≤ registered”: ballots issued to voters (%(left)s) "
                "cannot exceed registered voters (%(right)s)."
            )
            % values
        )
    field = broken.fields[0]
    return _("%(field)s cannot be negative (%(left)s).") % {
        "field": FIGURE_LABELS.get(field, field),
        "left": broken.left,
    }


ANOMALY_KINDS = {
    "turnout_outlier": gettext_lazy("Turnout far from the unit's other precincts"),
    "yes_outlier": gettext_lazy("Yes share far from the unit's other precincts"),
    "round_counts": gettext_lazy("Round counts"),
    "round_shares": gettext_lazy("Round percentages"),
    "full_turnout": gettext_lazy("Turnout of 100%"),
    "turnout_spike": gettext_lazy("Turnout spike during the day"),
    "turnout_decrease": gettext_lazy("Running count went down"),
}


def anomaly_message(anomaly: Anomaly) -> str:
    p = dict(anomaly.params)
    if anomaly.score is not None:
        p["score"] = f"{anomaly.score:.1f}"
    kind = anomaly.kind
    if kind == "turnout_outlier":
        return (
            _("Turnout %(value)s%% against a unit median of %(median)s%% (robust z = %(score)s).")
            % p
        )
    if kind == "yes_outlier":
        return (
            _("Yes share %(value)s%% against a unit median of %(median)s%% (robust z = %(score)s).")
            % p
        )
    if kind == "round_counts":
        return (
            _(
                "Ballots issued (%(issued)s), yes (%(yes)s) and no (%(no)s) are all multiples of ten."
            )
            % p
        )
    if kind == "round_shares":
        return (
            _("Turnout %(turnout)s%% and yes share %(yes)s%% are both exact multiples of 5%%.") % p
        )
    if kind == "full_turnout":
        return _("Every one of the %(registered)s registered voters voted.") % p
    if kind == "turnout_spike":
        return (
            _(
                "Turnout rose by %(points)s points of the roll between %(start)s and %(end)s, far more "
                "than at the unit's other precincts in those hours (robust z = %(score)s)."
            )
            % p
        )
    if kind == "turnout_decrease":
        return (
            _("The running count of voters went down at %(time)s, from %(before)s to %(after)s.")
            % p
        )
    return kind


REASONS = {
    "turnout_not_above_threshold": gettext_lazy("Turnout was not above the threshold set by law."),
    "no_national_majority": gettext_lazy("There was no majority of yes votes nationally."),
    "too_few_units_with_majority": gettext_lazy(
        "Too few voting units had a majority of yes votes."
    ),
}

ERRORS = {
    "already_entered": gettext_lazy(
        "A protocol for this precinct has already been entered; submit a correction instead."
    ),
    "reason_required": gettext_lazy("A correction must give its reason."),
    "unchanged": gettext_lazy("The corrected figures are the same as the protocol in force."),
    "not_entered": gettext_lazy("This precinct has no protocol yet; enter it first."),
    "already_reported": gettext_lazy(
        "Turnout at this time has already been reported for this precinct."
    ),
    "negative": gettext_lazy("A count cannot be negative."),
    "duplicate_precinct": gettext_lazy("A precinct with this code already exists."),
    "unknown_unit": gettext_lazy("Unknown voting unit."),
    "unknown_precinct": gettext_lazy("Unknown precinct."),
    "other_referendum": gettext_lazy("That belongs to another referendum."),
    "not_verified": gettext_lazy("Only a verified online round can join the count."),
    "already_joined": gettext_lazy("This online round has already joined the count."),
}

VOTER_REASONS = {
    "invalid_iin": gettext_lazy("The IIN is not a valid 12-digit identification number."),
    "under_age": gettext_lazy("The person is under 18 on voting day."),
    "declared_incapable": gettext_lazy("A court has declared the person legally incapable."),
    "confined_by_sentence": gettext_lazy("The person is held in confinement by a court sentence."),
    "name_missing": gettext_lazy("The full name is missing."),
    "already_on_a_roll": gettext_lazy("The person is already on a roll in this referendum."),
}


def error_message(code: str, detail: str = "") -> str:
    message = str(ERRORS.get(code, code))
    return f"{message} ({detail})" if detail else message


def _fraction_pct(value: Any) -> str:
    pct = Decimal(value.numerator * 100) / Decimal(value.denominator)
    return f"{pct.quantize(Decimal('0.01')).normalize():f}%"


def rule_description(outcome: Outcome) -> list[str]:
    """The rule in plain words, with this referendum's numbers."""
    rule = outcome.rule
    lines = [
        _("The referendum is valid only if more than %(share)s of registered voters took part.")
        % {"share": _fraction_pct(rule.turnout_above)}
    ]
    of_whom = _("of those who voted") if rule.base == "voted" else _("of the yes and no ballots")
    if rule.unit_quorum is not None:
        lines.append(
            _(
                "It is adopted if more than %(share)s %(of_whom)s said yes in at least %(needed)s "
                "of the %(units)s voting units."
            )
            % {
                "share": _fraction_pct(rule.yes_above),
                "of_whom": of_whom,
                "needed": outcome.units_needed,
                "units": outcome.units_counted,
            }
        )
    if rule.national_majority:
        lines.append(
            _("It is adopted if more than %(share)s %(of_whom)s said yes nationally.")
            % {"share": _fraction_pct(rule.yes_above), "of_whom": of_whom}
        )
    if rule.attach_non_territorial_to:
        lines.append(
            _("Votes cast abroad count with the unit %(unit)s.")
            % {"unit": rule.attach_non_territorial_to}
        )
    else:
        lines.append(_("Votes cast abroad count in the national totals but not as a voting unit."))
    return lines

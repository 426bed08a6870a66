"""The outcome of a referendum under a :class:`~atazan_results.law.Rule`.

Decisions compare exact fractions, so a share of exactly one half is never
mistaken for a majority. Percentages are published with two decimals, rounded
half up, as the Central Referendum Commission prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from atazan_results.aggregate import Area
from atazan_results.law import Rule
from atazan_results.protocol import Figures

HUNDREDTH = Decimal("0.01")


def share(part: int, whole: int) -> Fraction:
    """part / whole exactly (zero when there is no whole)."""
    return Fraction(part, whole) if whole else Fraction(0)


def percent(part: int, whole: int) -> Decimal:
    """part / whole as a percentage with two decimals, rounded half up, exactly."""
    if whole <= 0:
        return Decimal("0.00")
    hundredths = (2 * 10000 * part + whole) // (2 * whole)
    return (Decimal(hundredths) / 100).quantize(HUNDREDTH)


def _base(figures: Figures, rule: Rule) -> int:
    return figures.voted if rule.base == "voted" else figures.valid


def yes_majority(figures: Figures, rule: Rule) -> bool:
    return share(figures.yes, _base(figures, rule)) > rule.yes_above


@dataclass(frozen=True)
class UnitOutcome:
    code: str
    figures: Figures
    turnout: Decimal
    yes: Decimal
    no: Decimal
    majority_yes: bool
    counts_for_rule: bool
    precincts: int

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            **self.figures.as_dict(),
            "precincts": self.precincts,
            "turnout_percent": str(self.turnout),
            "yes_percent": str(self.yes),
            "no_percent": str(self.no),
            "majority_yes": self.majority_yes,
            "counts_for_rule": self.counts_for_rule,
        }


@dataclass(frozen=True)
class Outcome:
    """What the totals mean under the rule, with the reasons behind it."""

    rule: Rule
    figures: Figures
    valid: bool
    adopted: bool
    turnout: Decimal
    yes: Decimal
    no: Decimal
    invalid: Decimal
    not_counted: Decimal
    units: tuple[UnitOutcome, ...]
    units_with_majority: int
    units_counted: int
    units_needed: int
    national_majority_yes: bool
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule.as_dict(),
            "valid": self.valid,
            "adopted": self.adopted,
            **self.figures.as_dict(),
            "turnout_percent": str(self.turnout),
            "yes_percent": str(self.yes),
            "no_percent": str(self.no),
            "invalid_percent": str(self.invalid),
            "not_counted_percent": str(self.not_counted),
            "national_majority_yes": self.national_majority_yes,
            "units_with_majority": self.units_with_majority,
            "units_counted": self.units_counted,
            "units_needed": self.units_needed,
            "reasons": list(self.reasons),
            "units": [u.as_dict() for u in self.units],
        }


def _unit_outcome(
    code: str, figures: Figures, precincts: int, rule: Rule, counts: bool
) -> UnitOutcome:
    return UnitOutcome(
        code=code,
        figures=figures,
        turnout=percent(figures.voted, figures.registered),
        yes=percent(figures.yes, _base(figures, rule)),
        no=percent(figures.no, _base(figures, rule)),
        majority_yes=yes_majority(figures, rule),
        counts_for_rule=counts,
        precincts=precincts,
    )


def decide(national: Area, rule: Rule) -> Outcome:
    """Apply ``rule`` to an aggregated result (see :func:`aggregate`)."""
    figures = national.figures
    territorial = {
        u.code: u.figures for u in national.children if u.code not in rule.non_territorial
    }
    attach = rule.attach_non_territorial_to
    if attach is not None and attach in territorial:
        for unit in national.children:
            if unit.code in rule.non_territorial:
                territorial[attach] = territorial[attach] + unit.figures
    units = tuple(
        _unit_outcome(
            u.code,
            u.figures,
            u.precinct_count,
            rule,
            counts=u.code not in rule.non_territorial,
        )
        for u in national.children
    )
    with_majority = sum(1 for f in territorial.values() if yes_majority(f, rule))
    needed = rule.units_needed(len(territorial))
    valid = share(figures.voted, figures.registered) > rule.turnout_above
    national_yes = yes_majority(figures, rule)

    reasons: list[str] = []
    if not valid:
        reasons.append("turnout_not_above_threshold")
    if rule.national_majority and not national_yes:
        reasons.append("no_national_majority")
    if rule.unit_quorum is not None and with_majority < needed:
        reasons.append("too_few_units_with_majority")
    adopted = not reasons

    return Outcome(
        rule=rule,
        figures=figures,
        valid=valid,
        adopted=adopted,
        turnout=percent(figures.voted, figures.registered),
        yes=percent(figures.yes, _base(figures, rule)),
        no=percent(figures.no, _base(figures, rule)),
        invalid=percent(figures.invalid, figures.voted),
        not_counted=percent(figures.not_counted, figures.voted),
        units=units,
        units_with_majority=with_majority,
        units_counted=len(territorial),
        units_needed=needed,
        national_majority_yes=national_yes,
        reasons=tuple(reasons),
    )

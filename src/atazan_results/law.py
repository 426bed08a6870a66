"""The legal rules that turn totals into an outcome, as data.

The Constitutional Law "On the Republican Referendum" sets them: a referendum
is valid only when more than half of registered voters took part; a new
constitution is adopted when more than half of those who voted said yes in at
least two thirds of the voting units; an ordinary question passes by a simple
majority of those who voted. Each referendum stores its own copy of these
numbers, so a change in the law is a change of data, not of code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

#: Votes cast abroad count nationally; the law's units are territorial.
ABROAD = "abroad"

Base = Literal["voted", "valid"]


@dataclass(frozen=True)
class Rule:
    """How an outcome is decided.

    * ``turnout_above``: valid only if voted / registered is strictly above it.
    * ``yes_above``: a majority means yes / base strictly above it, where base
      is everyone who voted (the law) or only the yes and no ballots.
    * ``unit_quorum``: when set, adoption needs a yes majority in at least this
      share of the voting units (rounded up to whole units).
    * ``national_majority``: adoption also needs a national yes majority.
    * ``non_territorial``: units left out of the unit count (voters abroad),
      unless ``attach_non_territorial_to`` names a unit they are counted with.
    """

    name: str
    turnout_above: Fraction = Fraction(1, 2)
    yes_above: Fraction = Fraction(1, 2)
    base: Base = "voted"
    unit_quorum: Fraction | None = None
    national_majority: bool = True
    non_territorial: frozenset[str] = frozenset({ABROAD})
    attach_non_territorial_to: str | None = None

    def units_needed(self, units: int) -> int:
        """The smallest whole number of units that meets the quorum."""
        if self.unit_quorum is None:
            return 0
        q = self.unit_quorum
        return -(-q.numerator * units // q.denominator)

    def with_changes(self, **changes: object) -> Rule:
        return replace(self, **changes)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "turnout_above": str(self.turnout_above),
            "yes_above": str(self.yes_above),
            "base": self.base,
            "unit_quorum": None if self.unit_quorum is None else str(self.unit_quorum),
            "national_majority": self.national_majority,
            "non_territorial": sorted(self.non_territorial),
            "attach_non_territorial_to": self.attach_non_territorial_to,
        }


CONSTITUTION = Rule(
    name="constitution",
    unit_quorum=Fraction(2, 3),
    national_majority=False,
)
ORDINARY = Rule(name="ordinary")

PRESETS: dict[str, Rule] = {"constitution": CONSTITUTION, "ordinary": ORDINARY}


def preset(name: str) -> Rule:
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown rule {name!r}; expected one of {sorted(PRESETS)}") from None

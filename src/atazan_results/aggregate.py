"""Adding protocols up the way the commissions do: precinct, district, unit, nation.

Every level is the plain sum of the level below, so the national figures are
exactly the sum of all protocols whatever order they arrive in; children are
kept sorted by code so the tree itself does not depend on that order either.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from atazan_results.protocol import Figures, Protocol

Level = Literal["national", "unit", "district", "precinct"]


class DuplicatePrecinct(ValueError):
    """Two protocols claim the same precinct code; codes are unique nationally."""


@dataclass(frozen=True)
class Area:
    """The figures of one area and the areas it is made of."""

    level: Level
    code: str
    figures: Figures
    children: tuple[Area, ...] = ()
    kind: str = ""

    @property
    def precinct_count(self) -> int:
        if self.level == "precinct":
            return 1
        return sum(child.precinct_count for child in self.children)

    def child(self, code: str) -> Area | None:
        return next((c for c in self.children if c.code == code), None)

    def precincts(self) -> Iterator[Area]:
        if self.level == "precinct":
            yield self
            return
        for child in self.children:
            yield from child.precincts()


def _total(children: Iterable[Area]) -> Figures:
    total = Figures()
    for child in children:
        total = total + child.figures
    return total


def aggregate(protocols: Iterable[Protocol]) -> Area:
    """The national tree of areas; raises :class:`DuplicatePrecinct` on a repeat."""
    tree: dict[str, dict[str, dict[str, Protocol]]] = {}
    seen: set[str] = set()
    for protocol in protocols:
        if protocol.precinct in seen:
            raise DuplicatePrecinct(f"precinct {protocol.precinct} appears twice")
        seen.add(protocol.precinct)
        tree.setdefault(protocol.unit, {}).setdefault(protocol.district, {})[protocol.precinct] = (
            protocol
        )
    units = []
    for unit_code in sorted(tree):
        districts_out = []
        for district_code in sorted(tree[unit_code]):
            leaves = tuple(
                Area("precinct", p.precinct, p.figures, kind=p.kind)
                for _code, p in sorted(tree[unit_code][district_code].items())
            )
            districts_out.append(Area("district", district_code, _total(leaves), leaves))
        unit_children = tuple(districts_out)
        units.append(Area("unit", unit_code, _total(unit_children), unit_children))
    national_children = tuple(units)
    return Area("national", "", _total(national_children), national_children)

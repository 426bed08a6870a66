"""A precinct protocol: the figures a precinct commission signs after counting.

The control relations are the arithmetic every honest protocol satisfies. A
protocol that breaks one is refused on entry, and the refusal names the
broken relation so the commission knows which line to re-count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

#: The figures of a protocol, in the order of the printed form.
FIGURE_NAMES: tuple[str, ...] = (
    "registered",
    "received",
    "issued",
    "yes",
    "no",
    "invalid",
    "not_counted",
    "spoiled",
    "unused",
)

#: How a precinct voted: at a polling station, at a station abroad, or online.
PRECINCT_KINDS: tuple[str, ...] = ("station", "abroad", "online")


@dataclass(frozen=True, slots=True)
class Figures:
    """The counts of one protocol, or the sum of many.

    ``issued`` is the number of ballots issued to voters, that is, the number
    of people who voted; ``not_counted`` are issued ballots that were not
    found in the boxes.
    """

    registered: int = 0
    received: int = 0
    issued: int = 0
    yes: int = 0
    no: int = 0
    invalid: int = 0
    not_counted: int = 0
    spoiled: int = 0
    unused: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.registered + other.registered,
            self.received + other.received,
            self.issued + other.issued,
            self.yes + other.yes,
            self.no + other.no,
            self.invalid + other.invalid,
            self.not_counted + other.not_counted,
            self.spoiled + other.spoiled,
            self.unused + other.unused,
        )

    @property
    def voted(self) -> int:
        return self.issued

    @property
    def valid(self) -> int:
        """Ballots that counted for yes or no."""
        return self.yes + self.no

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in FIGURE_NAMES}

    @classmethod
    def from_mapping(cls, values: Mapping[str, int]) -> Figures:
        return cls(**{name: int(values.get(name, 0)) for name in FIGURE_NAMES})


@dataclass(frozen=True, slots=True)
class Protocol:
    """One precinct's signed figures, located in its district and voting unit."""

    unit: str
    district: str
    precinct: str
    figures: Figures
    kind: str = "station"


@dataclass(frozen=True, slots=True)
class Relation:
    """A control relation between figures, checked on every protocol."""

    code: str
    formula: str
    fields: tuple[str, ...]
    holds: Callable[[Figures], bool]
    sides: Callable[[Figures], tuple[int, int]]


@dataclass(frozen=True, slots=True)
class BrokenRelation:
    """A relation a protocol does not satisfy, with both sides of it."""

    code: str
    formula: str
    fields: tuple[str, ...]
    left: int
    right: int

    @property
    def message(self) -> str:
        return f"{self.formula} does not hold: {self.left} against {self.right}"


def _non_negative(name: str) -> Relation:
    return Relation(
        code=f"non_negative_{name}",
        formula=f"{name} >= 0",
        fields=(name,),
        holds=lambda f: getattr(f, name) >= 0,
        sides=lambda f: (getattr(f, name), 0),
    )


#: Every relation, in the order a commission checks its form.
RELATIONS: tuple[Relation, ...] = (
    *(_non_negative(name) for name in FIGURE_NAMES),
    Relation(
        code="voted_accounted",
        formula="issued = yes + no + invalid + not_counted",
        fields=("issued", "yes", "no", "invalid", "not_counted"),
        holds=lambda f: f.issued == f.yes + f.no + f.invalid + f.not_counted,
        sides=lambda f: (f.issued, f.yes + f.no + f.invalid + f.not_counted),
    ),
    Relation(
        code="ballots_accounted",
        formula="received = issued + spoiled + unused",
        fields=("received", "issued", "spoiled", "unused"),
        holds=lambda f: f.received == f.issued + f.spoiled + f.unused,
        sides=lambda f: (f.received, f.issued + f.spoiled + f.unused),
    ),
    Relation(
        code="voted_within_registered",
        formula="issued <= registered",
        fields=("issued", "registered"),
        holds=lambda f: f.issued <= f.registered,
        sides=lambda f: (f.issued, f.registered),
    ),
)

RELATION_BY_CODE: dict[str, Relation] = {r.code: r for r in RELATIONS}


def check(figures: Figures) -> list[BrokenRelation]:
    """Every relation the figures break (empty when the protocol is consistent)."""
    broken = []
    for relation in RELATIONS:
        if not relation.holds(figures):
            left, right = relation.sides(figures)
            broken.append(
                BrokenRelation(relation.code, relation.formula, relation.fields, left, right)
            )
    return broken


class ProtocolRejected(ValueError):
    """A protocol breaks at least one control relation; ``broken`` lists them all."""

    def __init__(self, broken: Iterable[BrokenRelation], where: str = "") -> None:
        self.broken = list(broken)
        self.where = where
        prefix = f"{where}: " if where else ""
        super().__init__(prefix + "; ".join(b.message for b in self.broken))


def validated(figures: Figures, where: str = "") -> Figures:
    """The figures unchanged, or :class:`ProtocolRejected` naming each broken relation."""
    broken = check(figures)
    if broken:
        raise ProtocolRejected(broken, where)
    return figures

"""Quorum and majority, in exact integer arithmetic (no Django).

A body of 130 with a two-thirds quorum needs 87 present (87/130 = 0.669...,
86/130 = 0.6615...); a rounding step anywhere would decide a close vote
differently from the written rule, so every comparison here is between
cross-multiplied integers.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

SIMPLE_OF_PRESENT = "simple_of_present"
TWO_THIRDS_OF_ALL = "two_thirds_of_all"


@dataclass(frozen=True)
class Count:
    """A closed vote's figures; members who were present but cast nothing count as present."""

    members: int
    present: int
    for_: int
    against: int
    abstain: int

    def __post_init__(self) -> None:
        if min(self.members, self.present, self.for_, self.against, self.abstain) < 0:
            raise ValueError("a count cannot be negative")
        if self.present > self.members:
            raise ValueError("more members present than the body has")
        if self.for_ + self.against + self.abstain > self.members:
            raise ValueError("more votes than members")


def has_quorum(present: int, members: int, quorum: Fraction) -> bool:
    """At least ``quorum`` of the members are present (exactly two thirds is enough)."""
    if members <= 0:
        return False
    return present * quorum.denominator >= quorum.numerator * members


def members_needed_for_quorum(members: int, quorum: Fraction) -> int:
    """The smallest number present that makes the quorum."""
    needed = -(-quorum.numerator * members // quorum.denominator)
    return max(needed, 1) if members else 0


def is_adopted(rule: str, count: Count) -> bool:
    """Whether the votes for meet ``rule``.

    ``simple_of_present``: more than half of the members present; a tie is
    not a majority, and an abstention weighs like a vote against.
    ``two_thirds_of_all``: at least two thirds of all members of the body,
    present or not; exactly two thirds is enough.
    """
    if rule == SIMPLE_OF_PRESENT:
        present = max(count.present, count.for_ + count.against + count.abstain)
        return count.for_ * 2 > present
    if rule == TWO_THIRDS_OF_ALL:
        return count.members > 0 and count.for_ * 3 >= count.members * 2
    raise ValueError(f"unknown majority rule {rule!r}")


def votes_needed(rule: str, count: Count) -> int:
    """The smallest number of votes for that adopts, for the page to explain a result."""
    if rule == SIMPLE_OF_PRESENT:
        present = max(count.present, count.for_ + count.against + count.abstain)
        return present // 2 + 1
    if rule == TWO_THIRDS_OF_ALL:
        return -(-2 * count.members // 3)
    raise ValueError(f"unknown majority rule {rule!r}")

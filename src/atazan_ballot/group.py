"""The ristretto255 group: canonical encodings, arithmetic and bounded discrete logs.

Points travel as their 32-byte canonical encodings (``Point``); scalars are
Python ints in [0, L). Every decoder rejects what is not canonical, so a value
has exactly one encoding and hashes, signatures and tracking codes are stable.
"""

from __future__ import annotations

import math
from typing import NewType

from atazan_ballot import _sodium

Point = NewType("Point", bytes)

#: Order of the ristretto255 group (the prime-order subgroup of Curve25519).
L = 2**252 + 27742317777372353535851937790883648493

#: Encoding of the identity element.
IDENTITY = Point(bytes(32))


class EncodingError(ValueError):
    """A value is not the canonical encoding the specification requires."""


def scalar_bytes(s: int) -> bytes:
    return (s % L).to_bytes(32, "little")


def scalar_hex(s: int) -> str:
    return scalar_bytes(s).hex()


def scalar_from_bytes(b: bytes) -> int:
    """Canonical 32-byte little-endian scalar, strictly below L."""
    if len(b) != 32:
        raise EncodingError("a scalar is 32 bytes")
    s = int.from_bytes(b, "little")
    if s >= L:
        raise EncodingError("scalar is not reduced mod L")
    return s


def scalar_from_hex(h: str) -> int:
    return scalar_from_bytes(_unhex(h))


def _unhex(h: str) -> bytes:
    if not isinstance(h, str) or len(h) != 64 or h != h.lower():
        raise EncodingError("expected 64 lowercase hex digits")
    try:
        return bytes.fromhex(h)
    except ValueError as exc:
        raise EncodingError("expected 64 lowercase hex digits") from exc


def point_from_bytes(b: bytes, *, allow_identity: bool = False) -> Point:
    """Canonical ristretto255 encoding; the identity only where it is legitimate."""
    if not _sodium.is_valid_point(b):
        raise EncodingError("not a canonical ristretto255 encoding")
    if not allow_identity and b == IDENTITY:
        raise EncodingError("the identity is not allowed here")
    return Point(b)


def point_from_hex(h: str, *, allow_identity: bool = False) -> Point:
    return point_from_bytes(_unhex(h), allow_identity=allow_identity)


def base_mul(s: int) -> Point:
    """s·G for the standard generator G."""
    s %= L
    if s == 0:
        return IDENTITY
    out = _sodium.scalarmult_base(s.to_bytes(32, "little"))
    return IDENTITY if out is None else Point(out)


def mul(s: int, p: Point) -> Point:
    """s·P; zero scalars and the identity give the identity."""
    s %= L
    if s == 0 or p == IDENTITY:
        return IDENTITY
    out = _sodium.scalarmult(s.to_bytes(32, "little"), p)
    return IDENTITY if out is None else Point(out)


def add(p: Point, q: Point) -> Point:
    return Point(_sodium.point_add(p, q))


def sub(p: Point, q: Point) -> Point:
    return Point(_sodium.point_sub(p, q))


def sum_points(points: list[Point]) -> Point:
    acc = IDENTITY
    for p in points:
        acc = add(acc, p)
    return acc


G = base_mul(1)


def discrete_log(target: Point, bound: int, base: Point = G) -> int | None:
    """m in [0, bound] with m·base = target, by baby-step giant-step; None if there is none.

    The tally is at most the number of ballots counted, so about 2·sqrt(bound)
    group operations suffice.
    """
    if bound < 0:
        return None
    step = max(1, math.isqrt(bound) + 1)
    baby: dict[bytes, int] = {}
    acc = IDENTITY
    for j in range(step):
        baby.setdefault(acc, j)
        acc = add(acc, base)
    giant = mul(step, base)
    cur = target
    for i in range(step + 1):
        hit = baby.get(cur)
        if hit is not None:
            m = i * step + hit
            return m if m <= bound else None
        cur = sub(cur, giant)
    return None


def bytes_from_hex(h: str, n: int) -> bytes:
    """Exactly n bytes as 2n lowercase hex digits."""
    if not isinstance(h, str) or len(h) != 2 * n or h != h.lower():
        raise EncodingError(f"expected {2 * n} lowercase hex digits")
    try:
        return bytes.fromhex(h)
    except ValueError as exc:
        raise EncodingError(f"expected {2 * n} lowercase hex digits") from exc


def lagrange_at_zero(j: int, indices: list[int]) -> int:
    """λ_j for interpolating at 0 over the trustee indices given (all distinct, non-zero)."""
    num, den = 1, 1
    for k in indices:
        if k != j:
            num = num * k % L
            den = den * (k - j) % L
    return num * pow(den, -1, L) % L

"""Exponential ElGamal over ristretto255: m is carried as m·G so ciphertexts add.

Enc(m; r) = (r·G, r·Y + m·G) under the joint key Y. Sums of ciphertexts
encrypt sums of votes, so a unit's tally is decrypted without decrypting any
ballot.
"""

from __future__ import annotations

from dataclasses import dataclass

from atazan_ballot.group import (
    IDENTITY,
    Point,
    add,
    base_mul,
    mul,
    point_from_hex,
)


@dataclass(frozen=True)
class Ciphertext:
    """(alpha, beta) = (r·G, r·Y + m·G); adding ciphertexts adds plaintexts."""

    alpha: Point
    beta: Point

    def __add__(self, other: Ciphertext) -> Ciphertext:
        return Ciphertext(add(self.alpha, other.alpha), add(self.beta, other.beta))

    def to_json(self) -> dict[str, str]:
        return {"alpha": self.alpha.hex(), "beta": self.beta.hex()}

    @classmethod
    def from_json(cls, obj: dict[str, str], *, allow_identity: bool = False) -> Ciphertext:
        return cls(
            point_from_hex(obj["alpha"], allow_identity=allow_identity),
            point_from_hex(obj["beta"], allow_identity=allow_identity),
        )


def encrypt(public_key: Point, m: int, r: int) -> Ciphertext:
    """Encrypt the small integer m with randomness r (r in [1, L))."""
    beta = mul(r, public_key)
    if m:
        beta = add(beta, base_mul(m))
    return Ciphertext(base_mul(r), beta)


def sum_ciphertexts(cts: list[Ciphertext]) -> Ciphertext:
    alpha, beta = IDENTITY, IDENTITY
    for ct in cts:
        alpha = add(alpha, ct.alpha)
        beta = add(beta, ct.beta)
    return Ciphertext(alpha, beta)

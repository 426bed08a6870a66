"""Zero-knowledge proofs, made non-interactive with strong Fiat–Shamir.

Every challenge hashes a purpose tag, the whole statement (election
fingerprint, keys, the prover's identity, the ciphertext) and every
commitment. Hashing the statement, not only the commitments, is what stops
the Helios weak-Fiat–Shamir attacks: a proof cannot be made for a statement
chosen after the challenge, nor moved to another credential or election.

Proofs are stored compactly as challenges and responses; the verifier
recomputes the commitments and checks that they hash to the challenge.
"""

from __future__ import annotations

from dataclasses import dataclass

from atazan_ballot.group import (
    G,
    L,
    Point,
    base_mul,
    mul,
    scalar_from_hex,
    scalar_hex,
    sub,
)
from atazan_ballot.hashing import hash_to_scalar
from atazan_ballot.rng import RandomSource

TAG_DKG_POK = "dkg-pok"
TAG_DECRYPTION = "decryption-proof"
TAG_BALLOT = "ballot-proof"


@dataclass(frozen=True)
class SchnorrProof:
    """Knowledge of x with X = x·G."""

    c: int
    v: int

    def to_json(self) -> dict[str, str]:
        return {"c": scalar_hex(self.c), "v": scalar_hex(self.v)}

    @classmethod
    def from_json(cls, obj: dict[str, str]) -> SchnorrProof:
        return cls(scalar_from_hex(obj["c"]), scalar_from_hex(obj["v"]))


def prove_schnorr(tag: str, context: list[bytes], x: int, rng: RandomSource) -> SchnorrProof:
    w = rng.random_scalar()
    c = hash_to_scalar(tag, *context, base_mul(w))
    return SchnorrProof(c, (w + c * x) % L)


def verify_schnorr(tag: str, context: list[bytes], big_x: Point, proof: SchnorrProof) -> bool:
    """Recompute the commitment v·G − c·X and check it hashes to c."""
    commit = sub(base_mul(proof.v), mul(proof.c, big_x))
    return hash_to_scalar(tag, *context, commit) == proof.c


@dataclass(frozen=True)
class DleqProof:
    """Chaum–Pedersen: log_G(X) = log_A(D), here a trustee's key and its decryption share."""

    c: int
    v: int

    def to_json(self) -> dict[str, str]:
        return {"c": scalar_hex(self.c), "v": scalar_hex(self.v)}

    @classmethod
    def from_json(cls, obj: dict[str, str]) -> DleqProof:
        return cls(scalar_from_hex(obj["c"]), scalar_from_hex(obj["v"]))


def prove_dleq(
    tag: str, context: list[bytes], x: int, base_a: Point, rng: RandomSource
) -> DleqProof:
    w = rng.random_scalar()
    c = hash_to_scalar(tag, *context, base_mul(w), mul(w, base_a))
    return DleqProof(c, (w + c * x) % L)


def verify_dleq(
    tag: str, context: list[bytes], big_x: Point, base_a: Point, d: Point, proof: DleqProof
) -> bool:
    """Recompute both commitments and check they hash to c."""
    a = sub(base_mul(proof.v), mul(proof.c, big_x))
    b = sub(mul(proof.v, base_a), mul(proof.c, d))
    return hash_to_scalar(tag, *context, a, b) == proof.c


@dataclass(frozen=True)
class ZeroOneProof:
    """CDS disjunction: (alpha, beta) encrypts 0 or 1 under Y.

    Branch j proves log_G(alpha) = log_Y(beta - j·G); one branch is real,
    the other simulated, and c0 + c1 must equal the hash.
    """

    c0: int
    c1: int
    v0: int
    v1: int

    def to_json(self) -> dict[str, str]:
        return {
            "c0": scalar_hex(self.c0),
            "c1": scalar_hex(self.c1),
            "v0": scalar_hex(self.v0),
            "v1": scalar_hex(self.v1),
        }

    @classmethod
    def from_json(cls, obj: dict[str, str]) -> ZeroOneProof:
        return cls(
            scalar_from_hex(obj["c0"]),
            scalar_from_hex(obj["c1"]),
            scalar_from_hex(obj["v0"]),
            scalar_from_hex(obj["v1"]),
        )


def prove_zero_one(
    context: list[bytes],
    public_key: Point,
    alpha: Point,
    beta: Point,
    m: int,
    r: int,
    rng: RandomSource,
) -> ZeroOneProof:
    """``context`` already holds alpha and beta; see ballot.proof_context."""
    if m not in (0, 1):
        raise ValueError("a 0/1 proof needs m in {0, 1}")
    other = 1 - m
    # Simulated branch for the value not encrypted.
    c_sim, v_sim = rng.random_scalar(), rng.random_scalar()
    beta_sim = sub(beta, G) if other == 1 else beta
    a_sim = sub(base_mul(v_sim), mul(c_sim, alpha))
    b_sim = sub(mul(v_sim, public_key), mul(c_sim, beta_sim))
    # Real branch.
    w = rng.random_scalar()
    a_real, b_real = base_mul(w), mul(w, public_key)
    commits = [a_real, b_real, a_sim, b_sim] if m == 0 else [a_sim, b_sim, a_real, b_real]
    c = hash_to_scalar(TAG_BALLOT, *context, *commits)
    c_real = (c - c_sim) % L
    v_real = (w + c_real * r) % L
    if m == 0:
        return ZeroOneProof(c_real, c_sim, v_real, v_sim)
    return ZeroOneProof(c_sim, c_real, v_sim, v_real)


def zero_one_commitments(
    public_key: Point, alpha: Point, beta: Point, proof: ZeroOneProof
) -> list[Point]:
    a0 = sub(base_mul(proof.v0), mul(proof.c0, alpha))
    b0 = sub(mul(proof.v0, public_key), mul(proof.c0, beta))
    a1 = sub(base_mul(proof.v1), mul(proof.c1, alpha))
    b1 = sub(mul(proof.v1, public_key), mul(proof.c1, sub(beta, G)))
    return [a0, b0, a1, b1]


def verify_zero_one(
    context: list[bytes], public_key: Point, alpha: Point, beta: Point, proof: ZeroOneProof
) -> bool:
    """Recompute the four commitments and check c0 + c1 is their hash."""
    commits = zero_one_commitments(public_key, alpha, beta, proof)
    return hash_to_scalar(TAG_BALLOT, *context, *commits) == (proof.c0 + proof.c1) % L

"""Ballots: an encrypted yes/no answer, its 0/1 proof, signed with the voter's credential.

The proof's challenge hashes the election fingerprint, the joint key, the
voter's public credential, the unit and the ciphertext, so a ballot cannot
be replayed under another credential, unit or election: its proof fails
there even if the thief re-signs it.

Before casting, a voter may audit a prepared ballot instead (Benaloh's
cast-or-audit): the device reveals the randomness, anyone re-encrypts the
stated choice and compares. An audited ballot is never cast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from atazan_ballot import canonical
from atazan_ballot.elgamal import Ciphertext, encrypt
from atazan_ballot.group import (
    IDENTITY,
    EncodingError,
    Point,
    bytes_from_hex,
    scalar_from_hex,
    scalar_hex,
)
from atazan_ballot.hashing import digest, tracking_code
from atazan_ballot.proofs import ZeroOneProof, prove_zero_one, verify_zero_one
from atazan_ballot.rng import RandomSource
from atazan_ballot.signing import SigningKey, is_valid_public_key, verify_signature

TAG_BALLOT_SIGNATURE = "ballot"
TAG_BALLOT_HASH = "payload/ballot"


@dataclass(frozen=True)
class ElectionContext:
    """What a voter's device and the ballot box need to make or check a ballot."""

    fingerprint: bytes
    joint_key: Point
    units: tuple[str, ...]


def proof_context(
    fingerprint: bytes, joint_key: Point, credential: bytes, unit: str, ct: Ciphertext
) -> list[bytes]:
    """The statement the 0/1 proof is bound to (hashed before the commitments)."""
    return [fingerprint, joint_key, credential, unit.encode("utf-8"), ct.alpha, ct.beta]


@dataclass(frozen=True)
class Ballot:
    """A cast ballot as published: every field but the signature is signed."""

    election: bytes
    unit: str
    credential: bytes
    ciphertext: Ciphertext
    proof: ZeroOneProof
    signature: bytes = b""

    def body(self) -> dict[str, Any]:
        return {
            "election": self.election.hex(),
            "unit": self.unit,
            "credential": self.credential.hex(),
            "ciphertext": self.ciphertext.to_json(),
            "proof": self.proof.to_json(),
        }

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "signature": self.signature.hex()}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Ballot:
        if set(obj) != {"election", "unit", "credential", "ciphertext", "proof", "signature"}:
            raise EncodingError("unexpected ballot fields")
        return cls(
            bytes_from_hex(obj["election"], 32),
            str(obj["unit"]),
            bytes_from_hex(obj["credential"], 32),
            Ciphertext.from_json(obj["ciphertext"]),
            ZeroOneProof.from_json(obj["proof"]),
            bytes_from_hex(obj["signature"], 64),
        )

    def canonical_bytes(self) -> bytes:
        return canonical.dumps(self.to_json())

    @property
    def hash(self) -> bytes:
        return digest(TAG_BALLOT_HASH, self.canonical_bytes())

    @property
    def tracking_code(self) -> str:
        return tracking_code(self.hash)


@dataclass(frozen=True)
class PreparedBallot:
    """A signed ballot still on the voter's device, with the secrets that opened it."""

    ballot: Ballot
    choice: int
    randomness: int

    @property
    def tracking_code(self) -> str:
        return self.ballot.tracking_code

    def audit(self) -> AuditedBallot:
        return AuditedBallot(self.ballot, self.choice, self.randomness)


@dataclass(frozen=True)
class AuditedBallot:
    """A spoiled ballot with its opening, published so anyone can re-encrypt it."""

    ballot: Ballot
    choice: int
    randomness: int

    def to_json(self) -> dict[str, Any]:
        return {
            "ballot": self.ballot.to_json(),
            "choice": self.choice,
            "randomness": scalar_hex(self.randomness),
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> AuditedBallot:
        if set(obj) != {"ballot", "choice", "randomness"}:
            raise EncodingError("unexpected audit fields")
        return cls(
            Ballot.from_json(obj["ballot"]), int(obj["choice"]), scalar_from_hex(obj["randomness"])
        )


def prepare_ballot(
    ctx: ElectionContext, credential: SigningKey, unit: str, choice: int, rng: RandomSource
) -> PreparedBallot:
    """Encrypt ``choice`` (1 = yes, 0 = no), prove it is 0 or 1, sign."""
    if choice not in (0, 1):
        raise ValueError("choice must be 0 (no) or 1 (yes)")
    if unit not in ctx.units:
        raise ValueError(f"unknown unit {unit!r}")
    r = rng.random_scalar()
    ct = encrypt(ctx.joint_key, choice, r)
    context = proof_context(ctx.fingerprint, ctx.joint_key, credential.public, unit, ct)
    proof = prove_zero_one(context, ctx.joint_key, ct.alpha, ct.beta, choice, r, rng)
    unsigned = Ballot(ctx.fingerprint, unit, credential.public, ct, proof)
    sig = credential.sign(TAG_BALLOT_SIGNATURE, canonical.dumps(unsigned.body()))
    return PreparedBallot(
        Ballot(ctx.fingerprint, unit, credential.public, ct, proof, sig), choice, r
    )


def ballot_errors(ctx: ElectionContext, ballot: Ballot, unit_of: dict[bytes, str]) -> list[str]:
    """Every reason ``ballot`` is not valid here (empty when it is)."""
    errors = []
    if ballot.election != ctx.fingerprint:
        errors.append("made for another election")
    registered = unit_of.get(ballot.credential)
    if registered is None:
        errors.append("credential not on the published list")
    elif registered != ballot.unit:
        errors.append(f"credential votes in {registered}, not {ballot.unit}")
    if ballot.unit not in ctx.units:
        errors.append(f"unknown unit {ballot.unit!r}")
    if IDENTITY in (ballot.ciphertext.alpha, ballot.ciphertext.beta):
        errors.append("ciphertext component is the identity")
    if not is_valid_public_key(ballot.credential) or not verify_signature(
        ballot.credential,
        TAG_BALLOT_SIGNATURE,
        canonical.dumps(ballot.body()),
        ballot.signature,
    ):
        errors.append("bad signature")
    context = proof_context(
        ctx.fingerprint, ctx.joint_key, ballot.credential, ballot.unit, ballot.ciphertext
    )
    if not verify_zero_one(
        context, ctx.joint_key, ballot.ciphertext.alpha, ballot.ciphertext.beta, ballot.proof
    ):
        errors.append("0/1 proof does not verify")
    return errors


def audit_errors(
    ctx: ElectionContext, audit: AuditedBallot, unit_of: dict[bytes, str]
) -> list[str]:
    """A Benaloh check: the ballot is well formed and encrypts exactly the stated choice."""
    errors = ballot_errors(ctx, audit.ballot, unit_of)
    if audit.choice not in (0, 1):
        errors.append("stated choice is not 0 or 1")
    elif encrypt(ctx.joint_key, audit.choice, audit.randomness) != audit.ballot.ciphertext:
        errors.append("ciphertext does not encrypt the stated choice with the revealed randomness")
    return errors

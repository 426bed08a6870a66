"""Counting: the last valid ballot per credential, summed per unit, decrypted by t trustees.

Ciphertexts are added, never opened: each unit's sum is decrypted jointly
by t trustees, each proving its decryption share correct, and the shares
are combined with Lagrange coefficients. The decrypted point is m·G with m
at most the number of ballots counted, found by baby-step giant-step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from atazan_ballot import canonical
from atazan_ballot.ballot import Ballot
from atazan_ballot.elgamal import Ciphertext, sum_ciphertexts
from atazan_ballot.group import (
    Point,
    bytes_from_hex,
    discrete_log,
    lagrange_at_zero,
    mul,
    point_from_hex,
    sub,
    sum_points,
)
from atazan_ballot.hashing import u32
from atazan_ballot.proofs import TAG_DECRYPTION, DleqProof, prove_dleq, verify_dleq
from atazan_ballot.rng import RandomSource
from atazan_ballot.signing import SigningKey, verify_signature

TAG_PARTIAL = "partial-decryption"


def select_counted(ballots: Iterable[Ballot]) -> dict[bytes, Ballot]:
    """The last ballot per credential, in board order: re-voting replaces earlier ballots."""
    last: dict[bytes, Ballot] = {}
    for b in ballots:
        last[b.credential] = b
    return last


@dataclass(frozen=True)
class UnitTally:
    """A unit's encrypted sum and how many ballots went into it."""

    unit: str
    counted: int
    ciphertext: Ciphertext

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "counted": self.counted, "ciphertext": self.ciphertext.to_json()}


@dataclass(frozen=True)
class EncryptedTally:
    """Every unit's encrypted sum, in manifest order: what the trustees decrypt."""

    fingerprint: bytes
    units: tuple[UnitTally, ...]

    def to_json(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint.hex(), "units": [u.to_json() for u in self.units]}

    def unit(self, name: str) -> UnitTally:
        return next(u for u in self.units if u.unit == name)

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> EncryptedTally:
        return cls(
            bytes_from_hex(obj["fingerprint"], 32),
            tuple(
                UnitTally(
                    str(u["unit"]),
                    int(u["counted"]),
                    Ciphertext.from_json(u["ciphertext"], allow_identity=True),
                )
                for u in obj["units"]
            ),
        )


def encrypted_tally(
    fingerprint: bytes, units: Iterable[str], ballots: Iterable[Ballot]
) -> EncryptedTally:
    """Sum the counted ballots per unit; units without ballots get the identity."""
    counted = select_counted(ballots)
    per_unit: dict[str, list[Ciphertext]] = {u: [] for u in units}
    for b in counted.values():
        per_unit[b.unit].append(b.ciphertext)
    return EncryptedTally(
        fingerprint,
        tuple(UnitTally(u, len(cts), sum_ciphertexts(cts)) for u, cts in per_unit.items()),
    )


def decryption_context(
    fingerprint: bytes, trustee: int, unit: str, key: Point, alpha: Point, share: Point
) -> list[bytes]:
    return [fingerprint, u32(trustee), unit.encode("utf-8"), key, alpha, share]


@dataclass(frozen=True)
class DecryptionShare:
    unit: str
    share: Point
    proof: DleqProof

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "share": self.share.hex(), "proof": self.proof.to_json()}


@dataclass(frozen=True)
class PartialDecryption:
    """One trustee's signed decryption shares, one per unit, each with its proof."""

    trustee: int
    fingerprint: bytes
    shares: tuple[DecryptionShare, ...]
    signature: bytes = b""

    def body(self) -> dict[str, Any]:
        return {
            "trustee": self.trustee,
            "fingerprint": self.fingerprint.hex(),
            "shares": [s.to_json() for s in self.shares],
        }

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "signature": self.signature.hex()}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> PartialDecryption:
        return cls(
            int(obj["trustee"]),
            bytes_from_hex(obj["fingerprint"], 32),
            tuple(
                DecryptionShare(
                    str(s["unit"]),
                    point_from_hex(s["share"], allow_identity=True),
                    DleqProof.from_json(s["proof"]),
                )
                for s in obj["shares"]
            ),
            bytes_from_hex(obj["signature"], 64),
        )

    def share_for(self, unit: str) -> Point:
        return next(s.share for s in self.shares if s.unit == unit)


def partial_decrypt(
    trustee: int,
    secret_share: int,
    verification_key: Point,
    signing: SigningKey,
    tally: EncryptedTally,
    rng: RandomSource,
) -> PartialDecryption:
    """D = x_j·alpha for every unit, each with a proof that log_G(Y_j) = log_alpha(D)."""
    shares = []
    for u in tally.units:
        d = mul(secret_share, u.ciphertext.alpha)
        ctx = decryption_context(
            tally.fingerprint, trustee, u.unit, verification_key, u.ciphertext.alpha, d
        )
        shares.append(
            DecryptionShare(
                u.unit, d, prove_dleq(TAG_DECRYPTION, ctx, secret_share, u.ciphertext.alpha, rng)
            )
        )
    unsigned = PartialDecryption(trustee, tally.fingerprint, tuple(shares))
    sig = signing.sign(TAG_PARTIAL, canonical.dumps(unsigned.body()))
    return PartialDecryption(trustee, tally.fingerprint, tuple(shares), sig)


def partial_is_valid(
    pd: PartialDecryption, tally: EncryptedTally, verification_key: Point, signing_key: bytes
) -> bool:
    """Signed by the trustee, one share per unit in order, every proof holds."""
    if pd.fingerprint != tally.fingerprint or [s.unit for s in pd.shares] != [
        u.unit for u in tally.units
    ]:
        return False
    if not verify_signature(signing_key, TAG_PARTIAL, canonical.dumps(pd.body()), pd.signature):
        return False
    for s, u in zip(pd.shares, tally.units, strict=True):
        ctx = decryption_context(
            pd.fingerprint, pd.trustee, s.unit, verification_key, u.ciphertext.alpha, s.share
        )
        if not verify_dleq(
            TAG_DECRYPTION, ctx, verification_key, u.ciphertext.alpha, s.share, s.proof
        ):
            return False
    return True


class NotEnoughTrustees(ValueError):
    """Fewer than t distinct trustees: the tally cannot be decrypted."""


def combine(ciphertext: Ciphertext, shares: dict[int, Point], threshold: int) -> Point:
    """m·G = beta - Σ λ_j·D_j over exactly t trustees' shares."""
    if len(shares) < threshold:
        raise NotEnoughTrustees(f"{len(shares)} decryption shares, {threshold} needed")
    chosen = sorted(shares)[:threshold]
    lagrange = sum_points([mul(lagrange_at_zero(j, chosen), shares[j]) for j in chosen])
    return sub(ciphertext.beta, lagrange)


@dataclass(frozen=True)
class UnitResult:
    unit: str
    counted: int
    yes: int

    @property
    def no(self) -> int:
        return self.counted - self.yes

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "counted": self.counted, "yes": self.yes, "no": self.no}


@dataclass(frozen=True)
class Result:
    """Yes, no and counted per unit, and the trustees whose shares were combined."""

    fingerprint: bytes
    trustees: tuple[int, ...]
    units: tuple[UnitResult, ...]

    @property
    def totals(self) -> dict[str, int]:
        counted = sum(u.counted for u in self.units)
        yes = sum(u.yes for u in self.units)
        return {"counted": counted, "yes": yes, "no": counted - yes}

    def to_json(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint.hex(),
            "trustees": list(self.trustees),
            "units": [u.to_json() for u in self.units],
            "totals": self.totals,
        }


def decrypt_result(
    tally: EncryptedTally, partials: list[PartialDecryption], threshold: int
) -> Result:
    """Combine the first t trustees' (already verified) shares and decode every unit."""
    by_trustee = {p.trustee: p for p in partials}
    if len(by_trustee) < threshold:
        raise NotEnoughTrustees(f"{len(by_trustee)} trustees decrypted, {threshold} needed")
    chosen = sorted(by_trustee)[:threshold]
    units = []
    for u in tally.units:
        point = combine(
            u.ciphertext, {j: by_trustee[j].share_for(u.unit) for j in chosen}, threshold
        )
        yes = discrete_log(point, u.counted)
        if yes is None:
            raise ValueError(f"unit {u.unit}: decrypted tally is not between 0 and {u.counted}")
        units.append(UnitResult(u.unit, u.counted, yes))
    return Result(tally.fingerprint, tuple(chosen), tuple(units))

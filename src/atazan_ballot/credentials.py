"""Eligibility: the registration authority issues one signing key per voter.

The authority hands each voter a secret credential (an Ed25519 seed) and
publishes only the public keys, each with the voter's unit, in a list it
signs. The ballot box sees public keys only, so it never learns who voted;
the authority never sees ballots. A ballot counts only if signed by a listed
key, in that key's unit.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from atazan_ballot import canonical
from atazan_ballot.group import bytes_from_hex
from atazan_ballot.rng import RandomSource
from atazan_ballot.signing import SigningKey, is_valid_public_key, verify_signature

TAG_CREDENTIALS = "credentials"


@dataclass(frozen=True)
class VoterCredential:
    """What a voter holds: the signing key and the unit it votes in."""

    key: SigningKey
    unit: str

    @property
    def public(self) -> bytes:
        return self.key.public

    @property
    def secret_code(self) -> str:
        """The seed as the voter receives it: base32 in groups of five."""
        text = base64.b32encode(self.key.seed).decode("ascii").rstrip("=")
        return "-".join(text[i : i + 5] for i in range(0, len(text), 5))

    @classmethod
    def from_secret_code(cls, code: str, unit: str) -> VoterCredential:
        raw = "".join(ch for ch in code.upper() if ch.isalnum())
        raw += "=" * (-len(raw) % 8)
        seed = base64.b32decode(raw)
        if len(seed) != 32:
            raise ValueError("a credential code holds 32 bytes")
        return cls(SigningKey.from_seed(seed), unit)


@dataclass(frozen=True)
class CredentialList:
    """The published list: public credential and unit, sorted, signed by the authority."""

    fingerprint: bytes
    entries: tuple[tuple[bytes, str], ...]
    signature: bytes

    def body(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint.hex(),
            "credentials": [{"credential": pk.hex(), "unit": u} for pk, u in self.entries],
        }

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "signature": self.signature.hex()}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> CredentialList:
        entries = tuple(
            (bytes_from_hex(e["credential"], 32), str(e["unit"])) for e in obj["credentials"]
        )
        return cls(
            bytes_from_hex(obj["fingerprint"], 32), entries, bytes_from_hex(obj["signature"], 64)
        )

    def unit_of(self) -> dict[bytes, str]:
        return dict(self.entries)

    def verify(self, authority: bytes) -> bool:
        if any(not is_valid_public_key(pk) for pk, _ in self.entries):
            return False
        if len({pk for pk, _ in self.entries}) != len(self.entries):
            return False
        return verify_signature(
            authority, TAG_CREDENTIALS, canonical.dumps(self.body()), self.signature
        )


class RegistrationAuthority:
    """Issues credentials; holds its own signing key, never a ballot."""

    def __init__(self, key: SigningKey) -> None:
        self.key = key

    @property
    def public(self) -> bytes:
        return self.key.public

    def issue(self, unit: str, rng: RandomSource) -> VoterCredential:
        return VoterCredential(SigningKey.generate(rng), unit)

    def publish(self, fingerprint: bytes, credentials: list[VoterCredential]) -> CredentialList:
        entries = tuple(sorted((c.public, c.unit) for c in credentials))
        unsigned = CredentialList(fingerprint, entries, b"")
        sig = self.key.sign(TAG_CREDENTIALS, canonical.dumps(unsigned.body()))
        return CredentialList(fingerprint, entries, sig)

"""The election manifest: everything fixed before the first key is generated.

Its fingerprint (a hash of its canonical bytes) goes into every proof and
signature, so nothing made for one election verifies in another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from atazan_ballot import canonical
from atazan_ballot.group import bytes_from_hex
from atazan_ballot.hashing import digest

VERSION = "atazan-ballot/1"
ANSWERS = ("no", "yes")


@dataclass(frozen=True)
class TrusteeInfo:
    """A trustee's public identity: its number, name and two public keys."""

    index: int
    name: str
    signing_key: bytes
    box_key: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "name": self.name,
            "signing_key": self.signing_key.hex(),
            "box_key": self.box_key.hex(),
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> TrusteeInfo:
        return cls(
            int(obj["index"]),
            str(obj["name"]),
            bytes_from_hex(obj["signing_key"], 32),
            bytes_from_hex(obj["box_key"], 32),
        )


@dataclass(frozen=True)
class Manifest:
    """The election's fixed parameters; its fingerprint binds every proof and signature."""

    election_id: str
    title: str
    question: str
    units: tuple[str, ...]
    threshold: int
    trustees: tuple[TrusteeInfo, ...]
    registration_authority: bytes
    board_key: bytes

    def __post_init__(self) -> None:
        n = len(self.trustees)
        if not 1 <= self.threshold <= n:
            raise ValueError("need 1 <= threshold <= number of trustees")
        if [t.index for t in self.trustees] != list(range(1, n + 1)):
            raise ValueError("trustees are numbered 1..n in order")
        if not self.units or len(set(self.units)) != len(self.units):
            raise ValueError("units must be distinct and non-empty")

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "election_id": self.election_id,
            "title": self.title,
            "question": {"text": self.question, "answers": list(ANSWERS)},
            "units": list(self.units),
            "group": "ristretto255",
            "hash": "sha512",
            "threshold": self.threshold,
            "trustees": [t.to_json() for t in self.trustees],
            "registration_authority": self.registration_authority.hex(),
            "board_key": self.board_key.hex(),
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Manifest:
        if obj.get("version") != VERSION:
            raise ValueError(f"unsupported manifest version {obj.get('version')!r}")
        return cls(
            election_id=str(obj["election_id"]),
            title=str(obj["title"]),
            question=str(obj["question"]["text"]),
            units=tuple(obj["units"]),
            threshold=int(obj["threshold"]),
            trustees=tuple(TrusteeInfo.from_json(t) for t in obj["trustees"]),
            registration_authority=bytes_from_hex(obj["registration_authority"], 32),
            board_key=bytes_from_hex(obj["board_key"], 32),
        )

    def canonical_bytes(self) -> bytes:
        return canonical.dumps(self.to_json())

    @property
    def fingerprint(self) -> bytes:
        return fingerprint_of(self.canonical_bytes())

    @property
    def fingerprint_hex(self) -> str:
        return self.fingerprint.hex()


def fingerprint_of(manifest_bytes: bytes) -> bytes:
    return digest("manifest", manifest_bytes)

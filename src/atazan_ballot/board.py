"""The bulletin board: an append-only, hash-chained log with a signed head.

Each entry names the previous entry's hash and the digest of its payload,
so changing, dropping or reordering anything after the fact changes the
head; the board signs the head so it cannot later show two different
histories without one of them carrying a forged signature. A voter keeps
their tracking code and checks that it is on the board.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from atazan_ballot import canonical
from atazan_ballot.group import bytes_from_hex
from atazan_ballot.hashing import digest
from atazan_ballot.signing import SigningKey, verify_signature

TAG_ENTRY = "board-entry"
TAG_HEAD = "board-head"
GENESIS = bytes(32)

#: Entry kinds, in the order they may appear.
KINDS = ("manifest", "credentials", "dkg", "ballot", "audit", "tally", "decryption", "result")


def payload_digest(kind: str, payload: bytes) -> bytes:
    """What a board entry commits to: the payload's digest, tagged by kind."""
    return digest("payload/" + kind, payload)


@dataclass(frozen=True)
class BoardEntry:
    """One link of the chain: position, kind, previous hash, payload digest."""

    seq: int
    kind: str
    prev: bytes
    digest: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "kind": self.kind,
            "prev": self.prev.hex(),
            "digest": self.digest.hex(),
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> BoardEntry:
        return cls(
            int(obj["seq"]),
            str(obj["kind"]),
            bytes_from_hex(obj["prev"], 32),
            bytes_from_hex(obj["digest"], 32),
        )

    @property
    def hash(self) -> bytes:
        return digest(TAG_ENTRY, canonical.dumps(self.to_json()))


@dataclass(frozen=True)
class SignedHead:
    """The board's signature on the latest entry: commits it to the whole history."""

    fingerprint: bytes
    seq: int
    hash: bytes
    signature: bytes

    def body(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint.hex(), "seq": self.seq, "hash": self.hash.hex()}

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "signature": self.signature.hex()}

    def verify(self, board_key: bytes) -> bool:
        return verify_signature(board_key, TAG_HEAD, canonical.dumps(self.body()), self.signature)


class BulletinBoard:
    """In-memory board; the Django app persists ``entries`` and ``payloads`` in its tables."""

    def __init__(self, fingerprint: bytes, key: SigningKey) -> None:
        self.fingerprint = fingerprint
        self._key = key
        self.entries: list[BoardEntry] = []
        self.payloads: list[bytes] = []

    @property
    def public_key(self) -> bytes:
        return self._key.public

    @property
    def head_hash(self) -> bytes:
        return self.entries[-1].hash if self.entries else GENESIS

    def append(self, kind: str, payload: bytes) -> BoardEntry:
        if kind not in KINDS:
            raise ValueError(f"unknown entry kind {kind!r}")
        entry = BoardEntry(len(self.entries), kind, self.head_hash, payload_digest(kind, payload))
        self.entries.append(entry)
        self.payloads.append(payload)
        return entry

    def signed_head(self) -> SignedHead:
        if not self.entries:
            raise ValueError("the board is empty")
        unsigned = SignedHead(self.fingerprint, len(self.entries) - 1, self.head_hash, b"")
        sig = self._key.sign(TAG_HEAD, canonical.dumps(unsigned.body()))
        return SignedHead(unsigned.fingerprint, unsigned.seq, unsigned.hash, sig)

    def to_json(self) -> dict[str, Any]:
        return {
            "entries": [e.to_json() for e in self.entries],
            "head": self.signed_head().to_json(),
        }

    def find(self, ballot_hash: bytes) -> BoardEntry | None:
        for e in self.entries:
            if e.kind == "ballot" and e.digest == ballot_hash:
                return e
        return None

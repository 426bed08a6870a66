"""Domain-separated hashing: every hash names its purpose and frames each input.

Inputs are length-prefixed so no two different input lists hash alike, and
every tag is distinct so a value hashed for one purpose is useless for another.
"""

from __future__ import annotations

import base64
import hashlib

from atazan_ballot import _sodium
from atazan_ballot.group import scalar_from_bytes

#: Protocol label framed into every hash and signed message.
PROTOCOL = b"atazan-ballot/1"


def _frame(part: bytes) -> bytes:
    return len(part).to_bytes(4, "big") + part


def hash64(tag: str, *parts: bytes) -> bytes:
    """SHA-512 over PROTOCOL, the tag and the parts, each framed by its length."""
    h = hashlib.sha512(_frame(PROTOCOL))
    h.update(_frame(tag.encode("ascii")))
    for p in parts:
        h.update(_frame(p))
    return h.digest()


def hash_to_scalar(tag: str, *parts: bytes) -> int:
    """A Fiat–Shamir challenge: the 64-byte hash reduced mod L by libsodium."""
    return scalar_from_bytes(_sodium.scalar_reduce(hash64(tag, *parts)))


def digest(tag: str, *parts: bytes) -> bytes:
    """A 32-byte identifier (fingerprints, board entries, ballot hashes)."""
    return hash64(tag, *parts)[:32]


def u32(n: int) -> bytes:
    return n.to_bytes(4, "big")


def signing_message(tag: str, body: bytes) -> bytes:
    """What an Ed25519 key signs: the protocol, the purpose and the canonical body."""
    return _frame(PROTOCOL) + _frame(tag.encode("ascii")) + _frame(body)


def tracking_code(ballot_hash: bytes) -> str:
    """The first 80 bits of a ballot's hash in base32, four groups of four."""
    text = base64.b32encode(ballot_hash[:10]).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def normalize_tracking_code(code: str) -> str:
    """Accept what a voter types: any case, spaces or dashes anywhere."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))

"""Ed25519 signing keys (credentials, trustees, registration authority, board) and
X25519 boxes for DKG shares, both from libsodium.

Ed25519 rather than a home-made Schnorr signature over ristretto255: it is a
standard (RFC 8032) with deterministic nonces, so a weak random generator on a
voter's device cannot leak the credential; libsodium's verifier rejects
non-canonical and small-order keys and non-canonical S, so signatures are not
malleable and a signed ballot has one tracking code; and verification is
variable-time, about as fast as one constant-time ristretto255 multiplication.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from atazan_ballot import _sodium
from atazan_ballot.hashing import signing_message
from atazan_ballot.rng import RandomSource


@dataclass(frozen=True)
class SigningKey:
    """An Ed25519 key pair from a 32-byte seed; signs framed, tagged messages only."""

    seed: bytes = field(repr=False)
    public: bytes
    _secret: bytes = field(repr=False)

    @classmethod
    def from_seed(cls, seed: bytes) -> SigningKey:
        pk, sk = _sodium.sign_seed_keypair(seed)
        return cls(seed, pk, sk)

    @classmethod
    def generate(cls, rng: RandomSource) -> SigningKey:
        return cls.from_seed(rng.random_bytes(32))

    @property
    def public_hex(self) -> str:
        return self.public.hex()

    def sign(self, tag: str, body: bytes) -> bytes:
        return _sodium.sign_detached(signing_message(tag, body), self._secret)


def verify_signature(public: bytes, tag: str, body: bytes, signature: bytes) -> bool:
    return _sodium.sign_verify(signature, signing_message(tag, body), public)


def is_valid_public_key(public: bytes) -> bool:
    return _sodium.ed25519_is_valid_point(public)


@dataclass(frozen=True)
class BoxKey:
    """A trustee's X25519 key for receiving DKG shares."""

    public: bytes
    _secret: bytes = field(repr=False)

    @classmethod
    def generate(cls, rng: RandomSource) -> BoxKey:
        pk, sk = _sodium.box_seed_keypair(rng.random_bytes(32))
        return cls(pk, sk)

    def open(self, box: bytes, nonce: bytes, sender: bytes) -> bytes | None:
        return _sodium.box_open(box, nonce, sender, self._secret)


def seal_to(recipient: bytes, message: bytes, rng: RandomSource) -> tuple[bytes, bytes, bytes]:
    """Encrypt to ``recipient`` under a fresh ephemeral key: (ephemeral public, nonce, box)."""
    eph_pk, eph_sk = _sodium.box_seed_keypair(rng.random_bytes(32))
    nonce = rng.random_bytes(_sodium.BOX_NONCE_BYTES)
    return eph_pk, nonce, _sodium.box_seal(message, nonce, recipient, eph_sk)

"""Typed ctypes bindings to the libsodium that rbcl bundles.

rbcl wraps only the ristretto255 functions; its bundled library also exports
Ed25519 signatures and crypto_box, which we need for credentials and for
sending DKG shares. A separate CDLL handle on the same file lets us declare
argument types without touching rbcl's own handle.
"""

from __future__ import annotations

import ctypes

import rbcl

_lib = ctypes.CDLL(rbcl._sodium._name)

_c = ctypes.c_char_p
_u64 = ctypes.c_ulonglong
_int = ctypes.c_int


def _bind(name: str, *argtypes: object) -> ctypes._CFuncPtr:  # type: ignore[name-defined]
    fn = getattr(_lib, name)
    fn.argtypes = list(argtypes)
    fn.restype = _int
    return fn


_is_valid = _bind("crypto_core_ristretto255_is_valid_point", _c)
_add = _bind("crypto_core_ristretto255_add", _c, _c, _c)
_sub = _bind("crypto_core_ristretto255_sub", _c, _c, _c)
_mul = _bind("crypto_scalarmult_ristretto255", _c, _c, _c)
_mul_base = _bind("crypto_scalarmult_ristretto255_base", _c, _c)
_reduce = _bind("crypto_core_ristretto255_scalar_reduce", _c, _c)
_scalar_random = _bind("crypto_core_ristretto255_scalar_random", _c)
_lib.crypto_core_ristretto255_scalar_random.restype = None
_lib.crypto_core_ristretto255_scalar_reduce.restype = None

_sign_seed_keypair = _bind("crypto_sign_seed_keypair", _c, _c, _c)
_sign_detached = _bind("crypto_sign_detached", _c, ctypes.c_void_p, _c, _u64, _c)
_sign_verify = _bind("crypto_sign_verify_detached", _c, _c, _u64, _c)
_ed_is_valid = _bind("crypto_core_ed25519_is_valid_point", _c)
_box_seed_keypair = _bind("crypto_box_seed_keypair", _c, _c, _c)
_box_easy = _bind("crypto_box_easy", _c, _c, _u64, _c, _c, _c)
_box_open_easy = _bind("crypto_box_open_easy", _c, _c, _u64, _c, _c, _c)
_randombytes = _lib.randombytes_buf
_randombytes.argtypes = [_c, ctypes.c_size_t]
_randombytes.restype = None

BOX_NONCE_BYTES = 24
BOX_MAC_BYTES = 16


def is_valid_point(p: bytes) -> bool:
    """Canonical encoding of a ristretto255 element (the identity included)."""
    return len(p) == 32 and _is_valid(p) == 1


def point_add(p: bytes, q: bytes) -> bytes:
    out = ctypes.create_string_buffer(32)
    if _add(out, p, q) != 0:
        raise ValueError("invalid point")
    return out.raw


def point_sub(p: bytes, q: bytes) -> bytes:
    out = ctypes.create_string_buffer(32)
    if _sub(out, p, q) != 0:
        raise ValueError("invalid point")
    return out.raw


def scalarmult(n: bytes, p: bytes) -> bytes | None:
    """n·p, or None when the result is the identity (libsodium refuses to return it)."""
    out = ctypes.create_string_buffer(32)
    if _mul(out, n, p) != 0:
        return None
    return out.raw


def scalarmult_base(n: bytes) -> bytes | None:
    out = ctypes.create_string_buffer(32)
    if _mul_base(out, n) != 0:
        return None
    return out.raw


def scalar_reduce(h: bytes) -> bytes:
    if len(h) != 64:
        raise ValueError("scalar_reduce takes 64 bytes")
    out = ctypes.create_string_buffer(32)
    _reduce(out, h)
    return out.raw


def scalar_random() -> bytes:
    out = ctypes.create_string_buffer(32)
    _scalar_random(out)
    return out.raw


def random_bytes(n: int) -> bytes:
    out = ctypes.create_string_buffer(n)
    _randombytes(out, n)
    return out.raw


def sign_seed_keypair(seed: bytes) -> tuple[bytes, bytes]:
    """Ed25519 (public key, 64-byte secret key) from a 32-byte seed."""
    if len(seed) != 32:
        raise ValueError("Ed25519 seeds are 32 bytes")
    pk = ctypes.create_string_buffer(32)
    sk = ctypes.create_string_buffer(64)
    _sign_seed_keypair(pk, sk, seed)
    return pk.raw, sk.raw


def sign_detached(message: bytes, secret_key: bytes) -> bytes:
    sig = ctypes.create_string_buffer(64)
    _sign_detached(sig, None, message, len(message), secret_key)
    return sig.raw


def sign_verify(signature: bytes, message: bytes, public_key: bytes) -> bool:
    if len(signature) != 64 or len(public_key) != 32:
        return False
    return _sign_verify(signature, message, len(message), public_key) == 0


def ed25519_is_valid_point(p: bytes) -> bool:
    """Canonical, on the curve, in the prime-order subgroup, not of small order."""
    return len(p) == 32 and _ed_is_valid(p) == 1


def box_seed_keypair(seed: bytes) -> tuple[bytes, bytes]:
    """X25519 (public, secret) key pair for crypto_box, from a 32-byte seed."""
    pk = ctypes.create_string_buffer(32)
    sk = ctypes.create_string_buffer(32)
    _box_seed_keypair(pk, sk, seed)
    return pk.raw, sk.raw


def box_seal(message: bytes, nonce: bytes, recipient_pk: bytes, sender_sk: bytes) -> bytes:
    out = ctypes.create_string_buffer(len(message) + BOX_MAC_BYTES)
    if _box_easy(out, message, len(message), nonce, recipient_pk, sender_sk) != 0:
        raise ValueError("crypto_box failed")
    return out.raw


def box_open(box: bytes, nonce: bytes, sender_pk: bytes, recipient_sk: bytes) -> bytes | None:
    if len(box) < BOX_MAC_BYTES or len(nonce) != BOX_NONCE_BYTES or len(sender_pk) != 32:
        return None
    out = ctypes.create_string_buffer(len(box) - BOX_MAC_BYTES)
    if _box_open_easy(out, box, len(box), nonce, sender_pk, recipient_sk) != 0:
        return None
    return out.raw

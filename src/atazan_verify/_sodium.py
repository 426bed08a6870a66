"""The handful of libsodium calls the verifier needs, through rbcl's bundled library.

Declared on a private CDLL handle with explicit argument types; every
function returns plain bytes or a flag and never raises on hostile input.
"""

from __future__ import annotations

import ctypes
import threading

import rbcl

_lib = ctypes.CDLL(rbcl._sodium._name)
_P = ctypes.c_char_p


def _fn(name: str, argtypes: list[object]) -> ctypes._CFuncPtr:  # type: ignore[name-defined]
    f = getattr(_lib, name)
    f.argtypes = argtypes
    f.restype = ctypes.c_int
    return f


_valid = _fn("crypto_core_ristretto255_is_valid_point", [_P])
_add = _fn("crypto_core_ristretto255_add", [_P, _P, _P])
_sub = _fn("crypto_core_ristretto255_sub", [_P, _P, _P])
_mul = _fn("crypto_scalarmult_ristretto255", [_P, _P, _P])
_base = _fn("crypto_scalarmult_ristretto255_base", [_P, _P])
_ed_valid = _fn("crypto_core_ed25519_is_valid_point", [_P])
_verify = _fn("crypto_sign_verify_detached", [_P, _P, ctypes.c_ulonglong, _P])
# One output buffer per thread: allocating a ctypes buffer per call costs as
# much as a hash, and libsodium runs without the GIL, so threads (an executor's
# workers) must not share one.
_local = threading.local()


def _buf() -> ctypes.Array[ctypes.c_char]:
    try:
        out: ctypes.Array[ctypes.c_char] = _local.out
    except AttributeError:
        out = _local.out = ctypes.create_string_buffer(32)
    return out


# The raw calls, for a hot loop that keeps its own output buffers (spec.BallotProofCheck):
# each returns 0 on success, -1 for an invalid input encoding or (for the two
# multiplications) a product that is the identity. Every argument is 32 bytes
# (bytes or a 32-byte ctypes buffer); outputs are 32-byte ctypes buffers.
raw_mul = _mul
raw_base = _base
raw_sub = _sub


def buffer() -> ctypes.Array[ctypes.c_char]:
    """A fresh 32-byte output buffer for the raw calls."""
    return ctypes.create_string_buffer(32)


def valid(p: bytes) -> bool:
    return len(p) == 32 and _valid(p) == 1


def add(p: bytes, q: bytes) -> bytes | None:
    out = _buf()
    return out.raw if _add(out, p, q) == 0 else None


def sub(p: bytes, q: bytes) -> bytes | None:
    out = _buf()
    return out.raw if _sub(out, p, q) == 0 else None


def mul(n: bytes, p: bytes) -> bytes | None:
    """None when p is not a valid encoding or the product is the identity."""
    out = _buf()
    return out.raw if _mul(out, n, p) == 0 else None


def base(n: bytes) -> bytes | None:
    out = _buf()
    return out.raw if _base(out, n) == 0 else None


def ed25519_valid(pk: bytes) -> bool:
    return len(pk) == 32 and _ed_valid(pk) == 1


def ed25519_verify(sig: bytes, msg: bytes, pk: bytes) -> bool:
    return len(sig) == 64 and len(pk) == 32 and _verify(sig, msg, len(msg), pk) == 0

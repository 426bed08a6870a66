"""The published specification's primitives, as the verifier reads them (docs/ballot-crypto.md).

Written apart from atazan_ballot on purpose: a verifier that shared the
ballot core's code would share its bugs. Only rbcl's libsodium and the
standard library are used.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from atazan_verify import _sodium as na

PROTOCOL = b"atazan-ballot/1"
L = 2**252 + 27742317777372353535851937790883648493
ZERO = bytes(32)
G = bytes.fromhex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76")
GENESIS = bytes(32)


class Bad(ValueError):
    """A field that does not have the form the specification requires."""


# ---------------------------------------------------------------- encodings
def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_/")


def json_string(x: str) -> str:
    """canonical(x) for a string, as text."""
    if _PLAIN.issuperset(x):
        return f'"{x}"'
    return json.dumps(x, ensure_ascii=False)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d: dict[str, Any] = {}
    for k, v in pairs:
        if k in d:
            raise Bad(f"duplicate key {k!r}")
        d[k] = v
    return d


def _reject(_: str) -> Any:
    raise Bad("non-integer number")


def parse_json(data: bytes) -> Any:
    """Strict JSON: UTF-8, integers only, no duplicate keys."""
    try:
        return json.loads(
            data.decode("utf-8"),
            object_pairs_hook=_pairs,
            parse_float=_reject,
            parse_constant=_reject,
        )
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Bad(f"not JSON: {exc}") from exc


def parse_canonical(data: bytes) -> Any:
    obj = parse_json(data)
    if canonical(obj) != data:
        raise Bad("not canonical JSON (sorted keys, no spaces, UTF-8)")
    return obj


def obj(x: Any, keys: set[str], what: str) -> dict[str, Any]:
    if not isinstance(x, dict):
        raise Bad(f"{what}: expected an object")
    if set(x) != keys:
        extra, missing = sorted(set(x) - keys), sorted(keys - set(x))
        raise Bad(f"{what}: fields differ from the spec (extra {extra}, missing {missing})")
    return x


def lst(x: Any, what: str) -> list[Any]:
    if not isinstance(x, list):
        raise Bad(f"{what}: expected a list")
    return x


def integer(x: Any, what: str, lo: int = 0, hi: int | None = None) -> int:
    if not isinstance(x, int) or isinstance(x, bool):
        raise Bad(f"{what}: expected an integer")
    if x < lo or (hi is not None and x > hi):
        raise Bad(f"{what}: {x} out of range")
    return x


def text(x: Any, what: str) -> str:
    if not isinstance(x, str):
        raise Bad(f"{what}: expected a string")
    return x


def hexbytes(x: Any, n: int, what: str) -> bytes:
    if not isinstance(x, str) or len(x) != 2 * n or x.lower() != x:
        raise Bad(f"{what}: expected {2 * n} lowercase hex digits")
    try:
        b = bytes.fromhex(x)
    except ValueError as exc:
        raise Bad(f"{what}: expected {2 * n} lowercase hex digits") from exc
    if len(b) != n:  # bytes.fromhex skips spaces: "00 11…" is not 2n hex digits
        raise Bad(f"{what}: expected {2 * n} lowercase hex digits")
    return b


def scalar(x: Any, what: str) -> int:
    s = int.from_bytes(hexbytes(x, 32, what), "little")
    if s >= L:
        raise Bad(f"{what}: scalar not reduced mod L")
    return s


def scalar_encoded(x: Any, what: str) -> tuple[bytes, int]:
    """A scalar field as its 32-byte encoding (what libsodium takes) and its value."""
    b = hexbytes(x, 32, what)
    s = int.from_bytes(b, "little")
    if s >= L:
        raise Bad(f"{what}: scalar not reduced mod L")
    return b, s


def point(x: Any, what: str, *, identity_ok: bool = False) -> bytes:
    p = hexbytes(x, 32, what)
    if not na.valid(p):
        raise Bad(f"{what}: not a canonical ristretto255 point")
    if p == ZERO and not identity_ok:
        raise Bad(f"{what}: the identity is not allowed here")
    return p


def ed25519_key(x: Any, what: str) -> bytes:
    k = hexbytes(x, 32, what)
    if not na.ed25519_valid(k):
        raise Bad(f"{what}: not a valid Ed25519 public key")
    return k


# ---------------------------------------------------------------- hashing
def _frame(b: bytes) -> bytes:
    return len(b).to_bytes(4, "big") + b


def h64(tag: str, *parts: bytes) -> bytes:
    return hashlib.sha512(
        _frame(PROTOCOL) + _frame(tag.encode()) + b"".join(_frame(p) for p in parts)
    ).digest()


def challenge(tag: str, *parts: bytes) -> int:
    return int.from_bytes(h64(tag, *parts), "little") % L


def digest(tag: str, *parts: bytes) -> bytes:
    return h64(tag, *parts)[:32]


def u32(n: int) -> bytes:
    return n.to_bytes(4, "big")


def signed(tag: str, body: bytes) -> bytes:
    return _frame(PROTOCOL) + _frame(tag.encode()) + _frame(body)


#: ``signed("ballot", body)`` is this prefix, then ``u32(len(body)) ‖ body``.
SIGNED_BALLOT_PREFIX = _frame(PROTOCOL) + _frame(b"ballot")


def signature_ok(pk: bytes, tag: str, body: Any, sig: bytes) -> bool:
    return na.ed25519_verify(sig, signed(tag, canonical(body)), pk)


def tracking_code(ballot_hash: bytes) -> str:
    import base64

    t = base64.b32encode(ballot_hash[:10]).decode()
    return "-".join(t[i : i + 4] for i in range(0, 16, 4))


def normalize_code(code: str) -> str:
    raw = "".join(c for c in code.upper() if c.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


# ---------------------------------------------------------------- group
def sb(s: int) -> bytes:
    return (s % L).to_bytes(32, "little")


def gmul(s: int) -> bytes:
    s %= L
    if s == 0:
        return ZERO
    r = na.base(sb(s))
    return ZERO if r is None else r


def pmul(s: int, p: bytes) -> bytes | None:
    """s·p for a valid p (identity allowed); None only if p is not a valid encoding."""
    s %= L
    if p == ZERO:
        return ZERO
    if s == 0:
        return ZERO if na.valid(p) else None
    r = na.mul(sb(s), p)
    if r is None:
        return None if not na.valid(p) else ZERO
    return r


def padd(p: bytes, q: bytes) -> bytes:
    r = na.add(p, q)
    if r is None:
        raise Bad("invalid point in addition")
    return r


def psub(p: bytes, q: bytes) -> bytes:
    r = na.sub(p, q)
    if r is None:
        raise Bad("invalid point in subtraction")
    return r


def lagrange0(j: int, indices: list[int]) -> int:
    num = den = 1
    for k in indices:
        if k != j:
            num = num * k % L
            den = den * (k - j) % L
    return num * pow(den, L - 2, L) % L


def bsgs(target: bytes, bound: int) -> int | None:
    """The m in [0, bound] with m·G = target, else None."""
    m = math.isqrt(max(bound, 0)) + 1
    table: dict[bytes, int] = {}
    cur = ZERO
    for j in range(m):
        table.setdefault(cur, j)
        cur = padd(cur, G)
    giant = gmul(m)
    cur = target
    for i in range(m + 1):
        hit = table.get(cur)
        if hit is not None:
            found = i * m + hit
            return found if found <= bound else None
        cur = psub(cur, giant)
    return None


# ---------------------------------------------------------------- proofs
def schnorr_ok(tag: str, ctx: list[bytes], big_x: bytes, c: int, v: int) -> bool:
    cx = pmul(c, big_x)
    if cx is None:
        return False
    return challenge(tag, *ctx, psub(gmul(v), cx)) == c


def dleq_ok(tag: str, ctx: list[bytes], big_x: bytes, a: bytes, d: bytes, c: int, v: int) -> bool:
    """Chaum–Pedersen: log_G(big_x) = log_a(d)."""
    cx, va, cd = pmul(c, big_x), pmul(v, a), pmul(c, d)
    if cx is None or va is None or cd is None:
        return False
    return challenge(tag, *ctx, psub(gmul(v), cx), psub(va, cd)) == c


def zero_one_ok(
    ctx: list[bytes], y: bytes, alpha: bytes, beta: bytes, c0: int, c1: int, v0: int, v1: int
) -> bool:
    """CDS disjunction: (alpha, beta) encrypts 0 or 1 under y (alpha, beta valid, non-identity)."""
    beta1 = na.sub(beta, G)
    if beta1 is None:
        return False
    ca0 = pmul(c0, alpha)
    cb0 = pmul(c0, beta)
    ca1 = pmul(c1, alpha)
    cb1 = pmul(c1, beta1)
    vy0 = pmul(v0, y)
    vy1 = pmul(v1, y)
    if ca0 is None or cb0 is None or ca1 is None or cb1 is None or vy0 is None or vy1 is None:
        return False
    a0 = psub(gmul(v0), ca0)
    b0 = psub(vy0, cb0)
    a1 = psub(gmul(v1), ca1)
    b1 = psub(vy1, cb1)
    return challenge("ballot-proof", *ctx, a0, b0, a1, b1) == (c0 + c1) % L


_F32 = (32).to_bytes(4, "big")


class BallotProofCheck:
    """``zero_one_ok`` for the ballots of one election, with its fixed inputs prepared once.

    The challenge's first inputs (fingerprint, joint key) are hashed once into
    a SHA-512 state that each ballot copies; the four commitments are computed
    into buffers kept between ballots, with the generator's terms by fixed-base
    multiplication. It computes exactly what ``zero_one_ok`` computes; whenever
    a libsodium call refuses (an invalid encoding, a zero scalar or an identity
    product), or the ballot names another election, it defers to
    ``zero_one_ok``, so edge cases get the reference code's verdict.

    Not thread-safe (the buffers are shared): one instance per thread.
    """

    def __init__(self, fingerprint: bytes, joint_key: bytes) -> None:
        self.fingerprint = fingerprint
        self.joint_key = joint_key
        self._prefix = hashlib.sha512(
            _frame(PROTOCOL) + _frame(b"ballot-proof") + _frame(fingerprint) + _frame(joint_key)
        )
        buf = na.buffer
        self._g0, self._ca0, self._a0 = buf(), buf(), buf()
        self._y0, self._cb0, self._b0 = buf(), buf(), buf()
        self._g1, self._ca1, self._a1 = buf(), buf(), buf()
        self._y1, self._cb1, self._b1 = buf(), buf(), buf()
        self._beta1 = buf()

    def __call__(
        self,
        election: bytes,
        credential: bytes,
        unit: bytes,
        alpha: bytes,
        beta: bytes,
        c0: tuple[bytes, int],
        c1: tuple[bytes, int],
        v0: tuple[bytes, int],
        v1: tuple[bytes, int],
    ) -> bool:
        """The proof (c0, c1, v0, v1), scalars as (encoding, value), against the statement."""
        y = self.joint_key
        if (
            election != self.fingerprint
            or len(alpha) != 32
            or len(beta) != 32
            or len(credential) != 32
        ):
            return self._reference(election, credential, unit, alpha, beta, c0, c1, v0, v1)
        mul, base, sub = na.raw_mul, na.raw_base, na.raw_sub
        g0, ca0, a0 = self._g0, self._ca0, self._a0
        y0, cb0, b0 = self._y0, self._cb0, self._b0
        g1, ca1, a1 = self._g1, self._ca1, self._a1
        y1, cb1, b1 = self._y1, self._cb1, self._b1
        beta1 = self._beta1
        # a_j = v_j·G − c_j·α,  b_j = v_j·Y − c_j·(β − j·G); any refusal: the reference code.
        if (
            base(g0, v0[0])
            or mul(ca0, c0[0], alpha)
            or sub(a0, g0, ca0)
            or mul(y0, v0[0], y)
            or mul(cb0, c0[0], beta)
            or sub(b0, y0, cb0)
            or sub(beta1, beta, G)
            or base(g1, v1[0])
            or mul(ca1, c1[0], alpha)
            or sub(a1, g1, ca1)
            or mul(y1, v1[0], y)
            or mul(cb1, c1[0], beta1)
            or sub(b1, y1, cb1)
        ):
            return self._reference(election, credential, unit, alpha, beta, c0, c1, v0, v1)
        h = self._prefix.copy()
        h.update(
            b"".join(
                (
                    _F32, credential, len(unit).to_bytes(4, "big"), unit,
                    _F32, alpha, _F32, beta,
                    _F32, a0.raw, _F32, b0.raw, _F32, a1.raw, _F32, b1.raw,
                )
            )
        )  # fmt: skip
        return int.from_bytes(h.digest(), "little") % L == (c0[1] + c1[1]) % L

    def _reference(
        self,
        election: bytes,
        credential: bytes,
        unit: bytes,
        alpha: bytes,
        beta: bytes,
        c0: tuple[bytes, int],
        c1: tuple[bytes, int],
        v0: tuple[bytes, int],
        v1: tuple[bytes, int],
    ) -> bool:
        ctx = [election, self.joint_key, credential, unit, alpha, beta]
        return zero_one_ok(ctx, self.joint_key, alpha, beta, c0[1], c1[1], v0[1], v1[1])

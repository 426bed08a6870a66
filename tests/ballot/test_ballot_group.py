"""Canonical encodings: one value, one encoding; the identity only where it belongs."""

from __future__ import annotations

import pytest

from atazan_ballot.canonical import CanonicalError, dumps, loads
from atazan_ballot.group import (
    IDENTITY,
    EncodingError,
    G,
    L,
    base_mul,
    discrete_log,
    mul,
    point_from_hex,
    scalar_from_hex,
    scalar_hex,
)

P = 2**255 - 19


def test_generator_and_small_multiples_match_rfc9496() -> None:
    # RFC 9496, appendix A.1: encodings of B, 2B, 3B, 4B.
    assert G.hex() == "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"
    assert base_mul(2).hex() == "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919"
    assert base_mul(3).hex() == "94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259"
    assert base_mul(4).hex() == "da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57"


@pytest.mark.parametrize(
    "encoding",
    [
        (P).to_bytes(32, "little").hex(),  # field element not reduced
        (P + 2).to_bytes(32, "little").hex(),
        (1).to_bytes(32, "little").hex(),  # odd ("negative") field element
        "ff" * 32,  # high bit set
        # field element above p
        "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    ],
)
def test_non_canonical_points_are_rejected(encoding: str) -> None:
    with pytest.raises(EncodingError):
        point_from_hex(encoding, allow_identity=True)


def test_identity_rejected_unless_allowed() -> None:
    with pytest.raises(EncodingError):
        point_from_hex(IDENTITY.hex())
    assert point_from_hex(IDENTITY.hex(), allow_identity=True) == IDENTITY


def test_hex_must_be_lowercase_and_exact() -> None:
    with pytest.raises(EncodingError):
        point_from_hex(G.hex().upper())
    with pytest.raises(EncodingError):
        point_from_hex(G.hex()[:-2])
    with pytest.raises(EncodingError):
        scalar_from_hex("zz" * 32)


def test_scalars_must_be_reduced() -> None:
    assert scalar_from_hex(scalar_hex(L - 1)) == L - 1
    with pytest.raises(EncodingError):
        scalar_from_hex(L.to_bytes(32, "little").hex())
    with pytest.raises(EncodingError):
        scalar_from_hex((L + 5).to_bytes(32, "little").hex())


def test_zero_scalar_and_identity_products() -> None:
    assert base_mul(0) == IDENTITY
    assert base_mul(L) == IDENTITY
    assert mul(0, G) == IDENTITY
    assert mul(5, IDENTITY) == IDENTITY
    assert mul(3, base_mul(5)) == base_mul(15)


@pytest.mark.parametrize("m,bound", [(0, 0), (0, 10), (7, 7), (12345, 20000), (999, 1000)])
def test_discrete_log_within_bound(m: int, bound: int) -> None:
    assert discrete_log(base_mul(m), bound) == m


def test_discrete_log_outside_bound_is_none() -> None:
    assert discrete_log(base_mul(11), 10) is None
    assert discrete_log(base_mul(L - 1), 100) is None


def test_canonical_json() -> None:
    assert dumps({"b": 1, "a": ["é", True, None]}) == '{"a":["é",true,null],"b":1}'.encode()
    assert loads(b'{"a":1}') == {"a": 1}
    for bad in (b'{"a": 1}', b'{"b":1,"a":2}', b'{"a":1.5}', b'{"a":1,"a":1}', b'{"a":"\\u00e9"}'):
        with pytest.raises(CanonicalError):
            loads(bad)
    with pytest.raises(CanonicalError):
        dumps({"x": 0.5})

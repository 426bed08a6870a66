"""The independent verifier against the same fixed-seed vectors as the ballot core."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from atazan_verify import spec
from atazan_verify.verify import BallotContext, check_ballot

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def load(name: str) -> Any:
    return json.loads((VECTORS / name).read_text())


def sc(h: str) -> int:
    return spec.scalar(h, "vector")


def test_hash_to_scalar() -> None:
    for v in load("hash_to_scalar.json"):
        parts = [bytes.fromhex(p) for p in v["parts"]]
        assert spec.sb(spec.challenge(v["tag"], *parts)).hex() == v["scalar"]
        assert spec.digest(v["tag"], *parts).hex() == v["digest"]


def test_group_and_keys() -> None:
    kg = load("keygen.json")
    assert spec.G.hex() == kg["rfc9496_multiples_of_G"][0]["point"]
    for v in kg["rfc9496_multiples_of_G"]:
        assert spec.gmul(v["k"]).hex() == v["point"]
    for v in kg["seeded_scalars"]:
        assert spec.gmul(sc(v["scalar"])).hex() == v["public"]
    for v in kg["ed25519"]:
        assert spec.ed25519_key(v["public"], "key")


def test_encryption() -> None:
    enc = load("encryption.json")
    y = spec.gmul(sc(enc["secret"]))
    assert y.hex() == enc["public_key"]
    for c in enc["cases"]:
        r = sc(c["r"])
        beta = spec.pmul(r, y)
        assert beta is not None
        if c["m"]:
            beta = spec.padd(beta, spec.gmul(c["m"]))
        assert (spec.gmul(r).hex(), beta.hex()) == (c["alpha"], c["beta"])


def test_proofs() -> None:
    pv = load("proofs.json")
    y = bytes.fromhex(pv["public_key"])
    for z in pv["zero_one"]:
        ctx = [bytes.fromhex(c) for c in z["context"]]
        p = z["proof"]
        args = (ctx, y, bytes.fromhex(z["alpha"]), bytes.fromhex(z["beta"]))
        assert spec.zero_one_ok(*args, sc(p["c0"]), sc(p["c1"]), sc(p["v0"]), sc(p["v1"]))
        assert not spec.zero_one_ok(*args, sc(p["c1"]), sc(p["c0"]), sc(p["v0"]), sc(p["v1"]))
    s = pv["schnorr"]
    ctx = [bytes.fromhex(c) for c in s["context"]]
    assert spec.schnorr_ok(
        s["tag"], ctx, bytes.fromhex(s["public"]), sc(s["proof"]["c"]), sc(s["proof"]["v"])
    )
    d = pv["dleq"]
    ctx = [bytes.fromhex(c) for c in d["context"]]
    args2 = (
        d["tag"],
        ctx,
        bytes.fromhex(d["public"]),
        bytes.fromhex(d["base"]),
        bytes.fromhex(d["share"]),
    )
    assert spec.dleq_ok(*args2, sc(d["proof"]["c"]), sc(d["proof"]["v"]))
    assert not spec.dleq_ok(*args2, sc(d["proof"]["c"]), (sc(d["proof"]["v"]) + 1) % spec.L)


def test_signatures() -> None:
    sigs = load("signature.json")
    for v in sigs[:-1]:
        pk = bytes.fromhex(v["public"])
        msg = spec.signed(v["tag"], v["body"].encode())
        assert spec.na.ed25519_verify(bytes.fromhex(v["signature"]), msg, pk)
        assert not spec.na.ed25519_verify(bytes.fromhex(v["signature"]), msg + b"x", pk)
    rfc_pk = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    assert spec.na.ed25519_verify(
        bytes.fromhex(sigs[-1]["rfc8032_test1_empty_message"]), b"", rfc_pk
    )


def test_ballot_vector_passes_the_ballot_check() -> None:
    bv = load("ballot.json")
    b = bv["ballot"]
    ctx = BallotContext(
        bytes.fromhex(bv["fingerprint"]),
        bytes.fromhex(bv["joint_key"]),
        {bytes.fromhex(b["credential"]): "abroad"},
        frozenset({"astana", "abroad"}),
    )
    out = check_ballot(b, ctx)
    assert out.failures == []
    assert out.hash is not None and out.hash.hex() == bv["hash"]
    assert spec.tracking_code(out.hash) == bv["tracking_code"]
    assert spec.canonical(b) == bv["canonical"].encode()
    wrong_unit = check_ballot({**b, "unit": "astana"}, ctx)
    assert {c for c, _ in wrong_unit.failures} == {
        "ballot.unit",
        "ballot.signature",
        "ballot.proof",
    }

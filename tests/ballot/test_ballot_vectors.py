"""Fixed-seed vectors (tests/vectors/*.json): the ballot core must reproduce them exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from atazan_ballot import Ballot, SeededRandom, SigningKey, canonical
from atazan_ballot._sodium import sign_detached
from atazan_ballot.ballot import ElectionContext, prepare_ballot
from atazan_ballot.elgamal import encrypt
from atazan_ballot.group import base_mul, point_from_hex, scalar_from_hex, scalar_hex
from atazan_ballot.hashing import digest, hash_to_scalar
from atazan_ballot.proofs import (
    DleqProof,
    SchnorrProof,
    ZeroOneProof,
    verify_dleq,
    verify_schnorr,
    verify_zero_one,
)

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def load(name: str) -> Any:
    return json.loads((VECTORS / name).read_text())


def test_hash_to_scalar_vectors() -> None:
    for v in load("hash_to_scalar.json"):
        parts = [bytes.fromhex(p) for p in v["parts"]]
        assert scalar_hex(hash_to_scalar(v["tag"], *parts)) == v["scalar"]
        assert digest(v["tag"], *parts).hex() == v["digest"]


def test_keygen_vectors() -> None:
    kg = load("keygen.json")
    for v in kg["rfc9496_multiples_of_G"]:
        assert base_mul(v["k"]).hex() == v["point"]
    for v in kg["seeded_scalars"]:
        x = SeededRandom(v["seed"]).random_scalar()
        assert scalar_hex(x) == v["scalar"]
        assert base_mul(x).hex() == v["public"]
    for v in kg["ed25519"]:
        assert SigningKey.from_seed(bytes.fromhex(v["seed"])).public.hex() == v["public"]
    # RFC 8032 section 7.1, test 1.
    assert (
        kg["ed25519"][0]["public"]
        == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    )


def test_encryption_vectors() -> None:
    enc = load("encryption.json")
    y = base_mul(scalar_from_hex(enc["secret"]))
    assert y.hex() == enc["public_key"]
    for c in enc["cases"]:
        ct = encrypt(y, c["m"], scalar_from_hex(c["r"]))
        assert (ct.alpha.hex(), ct.beta.hex()) == (c["alpha"], c["beta"])


def test_proof_vectors_verify() -> None:
    pv = load("proofs.json")
    y = point_from_hex(pv["public_key"])
    for z in pv["zero_one"]:
        ctx = [bytes.fromhex(c) for c in z["context"]]
        a, b = point_from_hex(z["alpha"]), point_from_hex(z["beta"])
        assert verify_zero_one(ctx, y, a, b, ZeroOneProof.from_json(z["proof"]))
    s = pv["schnorr"]
    assert verify_schnorr(
        s["tag"],
        [bytes.fromhex(c) for c in s["context"]],
        point_from_hex(s["public"]),
        SchnorrProof.from_json(s["proof"]),
    )
    d = pv["dleq"]
    assert verify_dleq(
        d["tag"],
        [bytes.fromhex(c) for c in d["context"]],
        point_from_hex(d["public"]),
        point_from_hex(d["base"]),
        point_from_hex(d["share"]),
        DleqProof.from_json(d["proof"]),
    )


def test_signature_vectors() -> None:
    sigs = load("signature.json")
    for v in sigs[:-1]:
        key = SigningKey.from_seed(
            bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
        )
        assert key.public.hex() == v["public"]
        assert key.sign(v["tag"], v["body"].encode()).hex() == v["signature"]
    rfc = SigningKey.from_seed(
        bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    )
    expected = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    assert (
        sign_detached(b"", rfc._secret).hex() == expected == sigs[-1]["rfc8032_test1_empty_message"]
    )


def test_ballot_vector_is_reproduced() -> None:
    bv = load("ballot.json")
    ctx = ElectionContext(
        bytes.fromhex(bv["fingerprint"]), point_from_hex(bv["joint_key"]), ("astana", "abroad")
    )
    voter = SigningKey.from_seed(bytes(range(32)))
    prepared = prepare_ballot(ctx, voter, "abroad", 1, SeededRandom("vectors/ballot"))
    assert prepared.ballot.to_json() == bv["ballot"]
    assert prepared.ballot.canonical_bytes() == bv["canonical"].encode()
    assert canonical.dumps(bv["ballot"]) == bv["canonical"].encode()
    assert Ballot.from_json(bv["ballot"]).hash.hex() == bv["hash"]
    assert prepared.tracking_code == bv["tracking_code"]
    assert scalar_hex(prepared.randomness) == bv["randomness"]

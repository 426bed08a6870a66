"""Regenerate the fixed-seed test vectors: .venv/bin/python tests/vectors/make_vectors.py

The vectors pin the encodings of docs/ballot-crypto.md. The ballot core must
reproduce them byte for byte and the independent verifier must accept them,
so a change to either that alters the format fails a test. Regenerate only
for a deliberate, versioned format change.
"""

from __future__ import annotations

import json
from pathlib import Path

from atazan_ballot import canonical
from atazan_ballot.ballot import ElectionContext, prepare_ballot
from atazan_ballot.elgamal import encrypt
from atazan_ballot.group import base_mul, mul, scalar_hex
from atazan_ballot.hashing import digest, hash_to_scalar, u32
from atazan_ballot.proofs import (
    TAG_DECRYPTION,
    TAG_DKG_POK,
    prove_dleq,
    prove_schnorr,
    prove_zero_one,
)
from atazan_ballot.rng import SeededRandom
from atazan_ballot.signing import SigningKey

HERE = Path(__file__).parent


def write(name: str, data: object) -> None:
    (HERE / name).write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def main() -> None:
    hashes = []
    for tag, parts in [
        ("ballot-proof", [b""]),
        ("manifest", [b'{"a":1}']),
        ("dkg-pok", [bytes(32), u32(1), bytes(range(32))]),
        ("decryption-proof", [b"\xff" * 64, "алматы".encode()]),
        ("board-entry", []),
    ]:
        hashes.append(
            {
                "tag": tag,
                "parts": [p.hex() for p in parts],
                "scalar": scalar_hex(hash_to_scalar(tag, *parts)),
                "digest": digest(tag, *parts).hex(),
            }
        )
    write("hash_to_scalar.json", hashes)

    keygen = {"rfc9496_multiples_of_G": [], "seeded_scalars": [], "ed25519": []}
    for k in (1, 2, 3, 4):
        keygen["rfc9496_multiples_of_G"].append({"k": k, "point": base_mul(k).hex()})
    for seed in (0, 1, 2026):
        rng = SeededRandom(seed)
        x = rng.random_scalar()
        keygen["seeded_scalars"].append(
            {"seed": seed, "scalar": scalar_hex(x), "public": base_mul(x).hex()}
        )
    for seed_hex in ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "00" * 32):
        k = SigningKey.from_seed(bytes.fromhex(seed_hex))
        keygen["ed25519"].append({"seed": seed_hex, "public": k.public.hex()})
    write("keygen.json", keygen)

    rng = SeededRandom("vectors/encryption")
    secret = rng.random_scalar()
    y = base_mul(secret)
    enc = []
    for m in (0, 1, 2, 7):
        r = rng.random_scalar()
        ct = encrypt(y, m, r)
        enc.append({"m": m, "r": scalar_hex(r), "alpha": ct.alpha.hex(), "beta": ct.beta.hex()})
    write("encryption.json", {"secret": scalar_hex(secret), "public_key": y.hex(), "cases": enc})

    rng = SeededRandom("vectors/proofs")
    fp = digest("manifest", b"vector election")
    cred = SigningKey.from_seed(bytes(range(32))).public
    zero_one = []
    for m in (0, 1):
        r = rng.random_scalar()
        ct = encrypt(y, m, r)
        ctx = [fp, y, cred, b"astana", ct.alpha, ct.beta]
        p = prove_zero_one(ctx, y, ct.alpha, ct.beta, m, r, rng)
        zero_one.append(
            {
                "m": m,
                "context": [c.hex() for c in ctx],
                "alpha": ct.alpha.hex(),
                "beta": ct.beta.hex(),
                "proof": p.to_json(),
            }
        )
    x = rng.random_scalar()
    big_x = base_mul(x)
    schnorr_ctx = [fp, u32(2), big_x]
    schnorr = prove_schnorr(TAG_DKG_POK, schnorr_ctx, x, rng)
    a = base_mul(rng.random_scalar())
    d = mul(x, a)
    dleq_ctx = [fp, u32(2), b"astana", big_x, a, d]
    dleq = prove_dleq(TAG_DECRYPTION, dleq_ctx, x, a, rng)
    write(
        "proofs.json",
        {
            "public_key": y.hex(),
            "zero_one": zero_one,
            "schnorr": {
                "tag": TAG_DKG_POK,
                "context": [c.hex() for c in schnorr_ctx],
                "public": big_x.hex(),
                "proof": schnorr.to_json(),
            },
            "dleq": {
                "tag": TAG_DECRYPTION,
                "context": [c.hex() for c in dleq_ctx],
                "public": big_x.hex(),
                "base": a.hex(),
                "share": d.hex(),
                "proof": dleq.to_json(),
            },
        },
    )

    key = SigningKey.from_seed(
        bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    )
    sigs = []
    for tag, body in [
        ("ballot", {"x": 1}),
        ("board-head", {"fingerprint": fp.hex(), "hash": "00" * 32, "seq": 0}),
    ]:
        raw = canonical.dumps(body)
        sigs.append(
            {
                "tag": tag,
                "public": key.public.hex(),
                "body": raw.decode(),
                "signature": key.sign(tag, raw).hex(),
            }
        )
    rfc = SigningKey.from_seed(key.seed)
    from atazan_ballot import _sodium

    sigs.append({"rfc8032_test1_empty_message": _sodium.sign_detached(b"", rfc._secret).hex()})
    write("signature.json", sigs)

    voter = SigningKey.from_seed(bytes(range(32)))
    ctx2 = ElectionContext(fp, y, ("astana", "abroad"))
    prepared = prepare_ballot(ctx2, voter, "abroad", 1, SeededRandom("vectors/ballot"))
    write(
        "ballot.json",
        {
            "fingerprint": fp.hex(),
            "joint_key": y.hex(),
            "ballot": prepared.ballot.to_json(),
            "canonical": prepared.ballot.canonical_bytes().decode(),
            "hash": prepared.ballot.hash.hex(),
            "tracking_code": prepared.tracking_code,
            "choice": prepared.choice,
            "randomness": scalar_hex(prepared.randomness),
        },
    )


if __name__ == "__main__":
    main()

"""The verifier's fast paths give the reference code's verdicts, and name every bad ballot.

``spec.BallotProofCheck`` is the per-ballot hot loop; ``spec.zero_one_ok`` is
the plain transcription of the specification. Chunked checking (forked
processes or an executor) must report exactly the ballots that are bad.
"""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from record_tools import load, reseal, save

from atazan_verify import spec, verify_record
from atazan_verify.spec import L
from atazan_verify.verify import BallotContext, check_ballot

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def enc(s: int) -> tuple[bytes, int]:
    return spec.sb(s), s % L


def prove(
    fp: bytes, y: bytes, cred: bytes, unit: bytes, m: int, r: int, w: int, cs: int, vs: int
) -> tuple[bytes, bytes, list[int]]:
    """A 0/1 proof made with spec's primitives, with the simulated branch's (c, v) chosen."""
    alpha = spec.gmul(r)
    ry = spec.pmul(r, y)
    assert ry is not None
    beta = ry if m == 0 else spec.padd(ry, spec.G)
    s = 1 - m
    beta_s = beta if s == 0 else spec.psub(beta, spec.G)
    ca, cb = spec.pmul(cs, alpha), spec.pmul(cs, beta_s)
    wy = spec.pmul(w, y)
    vy = spec.pmul(vs, y)
    assert ca is not None and cb is not None and wy is not None and vy is not None
    a_s, b_s = spec.psub(spec.gmul(vs), ca), spec.psub(vy, cb)
    a_m, b_m = spec.gmul(w), wy
    commits = (a_m, b_m, a_s, b_s) if m == 0 else (a_s, b_s, a_m, b_m)
    c = spec.challenge("ballot-proof", fp, y, cred, unit, alpha, beta, *commits)
    cm = (c - cs) % L
    vm = (w + cm * r) % L
    c0, c1, v0, v1 = (cm, cs, vm, vs) if m == 0 else (cs, cm, vs, vm)
    return alpha, beta, [c0, c1, v0, v1]


def test_fast_proof_check_agrees_with_the_reference() -> None:
    fp, cred, unit = bytes(range(32)), bytes(range(1, 33)), b"north"
    y = spec.gmul(123456789)
    check = spec.BallotProofCheck(fp, y)

    def both(election: bytes, a: bytes, b: bytes, sc: list[int], u: bytes = unit) -> bool:
        fast = check(election, cred, u, a, b, *(enc(x) for x in sc))  # type: ignore[misc]
        ref = spec.zero_one_ok([election, y, cred, u, a, b], y, a, b, *sc)
        assert fast == ref, (election.hex(), a.hex(), b.hex(), sc)
        return fast

    # Valid proofs, among them simulated branches with c or v zero: libsodium
    # refuses those products, so the fast path defers to the reference code.
    for m, cs, vs in ((0, 5, 7), (1, 5, 7), (0, 0, 9), (1, 9, 0), (0, 0, 0), (1, 0, 0)):
        alpha, beta, sc = prove(fp, y, cred, unit, m, 1000 + m, 4242, cs, vs)
        assert both(fp, alpha, beta, sc)
        assert not both(bytes(32), alpha, beta, sc)  # another election
        assert not both(fp, alpha, beta, sc, b"south")  # another unit
        assert not both(fp, beta, alpha, sc)
        for k in range(4):
            for change in (0, 1, L - 1, sc[k] + 1):
                if change % L == sc[k]:
                    continue
                bad = list(sc)
                bad[k] = change % L
                assert not both(fp, alpha, beta, bad)
        p = 2**255 - 19
        for junk in (spec.ZERO, spec.G, (p + 1).to_bytes(32, "little"), b"\xff" * 32):
            assert not both(fp, junk, beta, sc)
            assert not both(fp, alpha, junk, sc)
    # An encryption of 2 with an otherwise well-formed proof.
    r = 77
    ry = spec.pmul(r, y)
    assert ry is not None
    two = spec.padd(spec.padd(ry, spec.G), spec.G)
    _, _, sc = prove(fp, y, cred, unit, 1, r, 31, 3, 4)
    assert not both(fp, spec.gmul(r), two, sc)


def test_ballot_vector_through_the_fast_check() -> None:
    bv = json.loads((VECTORS / "ballot.json").read_text())
    b: dict[str, Any] = bv["ballot"]
    ctx = BallotContext(
        bytes.fromhex(bv["fingerprint"]),
        bytes.fromhex(bv["joint_key"]),
        {bytes.fromhex(b["credential"]): "abroad"},
        frozenset({"astana", "abroad"}),
    )
    assert check_ballot(b, ctx).failures == []
    spaced = {**b, "ciphertext": {**b["ciphertext"], "alpha": "00 " + b["ciphertext"]["alpha"][3:]}}
    assert [c for c, _ in check_ballot(spaced, ctx).failures] == ["ballot.format"]
    with pytest.raises(spec.Bad):
        spec.hexbytes("0 " * 32, 32, "x")


@pytest.fixture(scope="module")
def record70(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from atazan_ballot import simulate_election

    path = tmp_path_factory.mktemp("r70") / "r"
    simulate_election(70, path, seed=5, units=["a", "b", "c"], revotes=5, audits=0)
    return path


@pytest.mark.parametrize("field", ["proof.v1", "ciphertext.beta", "signature"])
def test_one_bad_ballot_among_many_is_named_exactly(
    record70: Path, tmp_path: Path, field: str
) -> None:
    import shutil

    rec = tmp_path / "r"
    shutil.copytree(record70, rec)
    ballots = load(rec, "ballots.json")
    victim = 41
    outer, inner = field.split(".") if "." in field else (field, None)
    if inner is None:
        ballots[victim][outer] = "00" * 64
    elif inner == "beta":
        # an encryption of 2 instead of 0 or 1 (β + G), the proof left as it was
        beta = bytes.fromhex(ballots[victim][outer][inner])
        ballots[victim][outer][inner] = spec.padd(beta, spec.G).hex()
    else:
        v = int.from_bytes(bytes.fromhex(ballots[victim][outer][inner]), "little")
        ballots[victim][outer][inner] = spec.sb(v + 1).hex()
    save(rec, "ballots.json", ballots)
    reseal(rec, seed=5)

    reports = [verify_record(rec), verify_record(rec, jobs=2)]
    with ProcessPoolExecutor(2) as pool:
        reports.append(verify_record(rec, jobs=2, executor=pool))
    with ThreadPoolExecutor(2) as pool:
        reports.append(verify_record(rec, jobs=3, executor=pool))
    first = [str(f) for f in reports[0].failures]
    for report in reports:
        assert [str(f) for f in report.failures] == first
        named = {f.entry.split()[0] for f in report.failures if f.file == "ballots.json"}
        assert named == {f"ballots[{victim}]"}
        mine = {f.check for f in report.failures if f.file == "ballots.json"}
        assert mine == (
            {"ballot.signature"} if inner is None else {"ballot.proof", "ballot.signature"}
        )
        assert report.stats["ballots_valid"] == 74


def test_executor_gives_the_same_report(record70: Path) -> None:
    one = verify_record(record70)
    with ProcessPoolExecutor(2) as pool:
        other = verify_record(record70, jobs=2, executor=pool)
    assert one.ok and other.ok
    assert one.results == other.results and one.stats == other.stats

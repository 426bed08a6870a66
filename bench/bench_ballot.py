"""Ballot verification speed: Atazan's verifier against a classic prime-group baseline.

    .venv/bin/python bench/bench_ballot.py [--ballots N] [--baseline M] [--jobs J] [--no-belenios]

1. Simulates an election of N ballots (seeded, 21 units, 3 trustees, t = 2).
2. Times ``atazan_verify.check_ballot`` over every ballot on one core: the
   ballot's signature, its 0/1 proof and its context, i.e. the per-ballot cost.
3. Times the whole ``verify_record`` (board, credentials, DKG, tally,
   decryptions, result) on one core and with ``--jobs J``.
4. Times the same work (ElGamal, CDS 0/1 proof and a Schnorr signature) over
   the 3072-bit MODP group of RFC 3526 with Python's pow(), on M ballots, in
   this process, and prints the ratio.
5. If ``belenios-tool`` is installed, times its ``election verify`` on a
   BELENIOS-2048 election of N ballots (bench/belenios_peer.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from atazan_ballot import simulate_election  # noqa: E402
from atazan_verify import spec, verify_record  # noqa: E402
from atazan_verify.verify import BallotContext, check_ballot  # noqa: E402


# ---------------------------------------------------------------- the baseline group
def _pi_digits_scaled(bits: int) -> int:
    """floor(pi · 2^bits), by Machin's formula in integers."""
    guard = 64
    one = 1 << (bits + guard)

    def arctan_inv(x: int) -> int:
        total, term, k, x2 = 0, one // x, 1, x * x
        sign = 1
        while term:
            total += sign * (term // k)
            term //= x2
            k += 2
            sign = -sign
        return total

    return (4 * (4 * arctan_inv(5) - arctan_inv(239))) >> guard


def modp3072() -> int:
    """RFC 3526 group 15: p = 2^3072 - 2^3008 - 1 + 2^64·(floor(2^2942·pi) + 1690314)."""
    return 2**3072 - 2**3008 - 1 + 2**64 * (_pi_digits_scaled(2942) + 1690314)


class PrimeGroupBaseline:
    """Exponential ElGamal, the CDS 0/1 proof and a Schnorr signature mod a 3072-bit prime.

    Exponents are 256-bit (randomness, keys, challenges), as short-exponent
    deployments use; responses are left unreduced (at most ~513 bits), so
    every verification exponent is at most 513 bits.
    """

    def __init__(self, seed: int) -> None:
        import random

        self.p = modp3072()
        self.g = 4  # a square: generates the subgroup of quadratic residues
        self.rnd = random.Random(seed)
        self.x = self.rnd.getrandbits(256)
        self.y = pow(self.g, self.x, self.p)

    def h(self, *parts: int) -> int:
        data = b"".join(v.to_bytes(400, "big") for v in parts)
        return int.from_bytes(hashlib.sha256(data).digest(), "big")

    def make_ballot(self, m: int) -> tuple[int, ...]:
        p, g, y, rnd = self.p, self.g, self.y, self.rnd
        r = rnd.getrandbits(256)
        alpha, beta = pow(g, r, p), pow(y, r, p) * pow(g, m, p) % p
        inv = pow(alpha, -1, p)
        c_sim, v_sim = rnd.getrandbits(256), rnd.getrandbits(256 + 257)
        beta_sim = beta * pow(g, -1, p) % p if m == 0 else beta
        a_sim = pow(g, v_sim, p) * pow(inv, c_sim, p) % p
        b_sim = pow(y, v_sim, p) * pow(beta_sim, -c_sim, p) % p
        w = rnd.getrandbits(256 + 257)
        a_re, b_re = pow(g, w, p), pow(y, w, p)
        commits = (a_re, b_re, a_sim, b_sim) if m == 0 else (a_sim, b_sim, a_re, b_re)
        c = self.h(alpha, beta, *commits)
        c_re = (c - c_sim) % 2**256
        v_re = w + c_re * r
        c0, c1, v0, v1 = (c_re, c_sim, v_re, v_sim) if m == 0 else (c_sim, c_re, v_sim, v_re)
        sk = rnd.getrandbits(256)
        pk = pow(g, sk, p)
        k = rnd.getrandbits(256)
        e = self.h(pow(g, k, p), pk, alpha, beta, c0, c1, v0, v1)
        s = k + e * sk
        return (pk, alpha, beta, c0, c1, v0, v1, e, s)

    def verify_ballot(self, b: tuple[int, ...]) -> bool:
        p, g, y = self.p, self.g, self.y
        pk, alpha, beta, c0, c1, v0, v1, e, s = b
        if not (1 < alpha < p and 1 < beta < p):
            return False
        ginv = pow(g, -1, p)
        a0 = pow(g, v0, p) * pow(pow(alpha, c0, p), -1, p) % p
        b0 = pow(y, v0, p) * pow(pow(beta, c0, p), -1, p) % p
        a1 = pow(g, v1, p) * pow(pow(alpha, c1, p), -1, p) % p
        b1 = pow(y, v1, p) * pow(pow(beta * ginv % p, c1, p), -1, p) % p
        if (c0 + c1) % 2**256 != self.h(alpha, beta, a0, b0, a1, b1):
            return False
        r = pow(g, s, p) * pow(pow(pk, e, p), -1, p) % p
        return e == self.h(r, pk, alpha, beta, c0, c1, v0, v1)


# ---------------------------------------------------------------- measurements
def time_primitives() -> dict[str, float]:
    n = 400
    s = spec.sb(123456789123456789)
    p = spec.gmul(987654321)
    out: dict[str, float] = {}
    t = time.process_time()
    for _ in range(n):
        spec.na.mul(s, p)
    out["ristretto255 variable-base multiplication (µs)"] = (time.process_time() - t) / n * 1e6
    t = time.process_time()
    for _ in range(n):
        spec.na.base(s)
    out["ristretto255 fixed-base multiplication (µs)"] = (time.process_time() - t) / n * 1e6
    t = time.process_time()
    for _ in range(n):
        spec.na.add(p, p)
    out["ristretto255 addition (µs)"] = (time.process_time() - t) / n * 1e6
    return out


def time_ballot_checks(record: Path) -> tuple[float, int]:
    """CPU seconds for check_ballot over every ballot, one core, best of 3.

    CPU time, not wall time: on a shared machine the process is descheduled
    now and then, which says nothing about the verifier.
    """
    report = verify_record(record)  # for the joint key and credentials, as the verifier sees them
    assert report.ok, [str(f) for f in report.failures[:5]]
    dkg = json.loads((record / "dkg.json").read_bytes())
    creds = json.loads((record / "credentials.json").read_bytes())["credentials"]
    manifest = json.loads((record / "manifest.json").read_bytes())
    fp = spec.digest("manifest", (record / "manifest.json").read_bytes())
    ctx = BallotContext(
        fp,
        bytes.fromhex(dkg["joint_key"]),
        {bytes.fromhex(c["credential"]): c["unit"] for c in creds},
        frozenset(manifest["units"]),
    )
    raw = (record / "ballots.json").read_bytes()
    items = json.loads(raw)
    pairs = [(x, spec.canonical(x)) for x in items]
    runs = []
    for _ in range(3):
        t = time.process_time()
        outs = [check_ballot(x, ctx, w) for x, w in pairs]
        runs.append(time.process_time() - t)
        assert all(not o.failures for o in outs)
    return min(runs), len(items)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--ballots", type=int, default=1000)
    ap.add_argument(
        "--baseline", type=int, default=200, help="ballots for the prime-group baseline"
    )
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-belenios", action="store_true")
    args = ap.parse_args(argv)
    n = args.ballots
    print(f"Python {platform.python_version()} on {platform.machine()}, {n} ballots")

    with tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "record"
        t = time.perf_counter()
        simulate_election(n, record, seed=1, revotes=0, audits=0)
        gen = time.perf_counter() - t
        print(f"simulate_election: {gen:.2f} s ({gen / n * 1e3:.2f} ms per ballot, all phases)")

        for name, us in time_primitives().items():
            print(f"  {name}: {us:.1f}")

        secs, count = time_ballot_checks(record)
        per = secs / count * 1e3
        print(
            f"ballot check (signature + 0/1 proof + context), one core: {per:.3f} ms CPU per ballot,"
            f" {count / secs:.0f} ballots/s"
        )

        full, wall = [], []
        for _ in range(2):
            t, w = time.process_time(), time.perf_counter()
            assert verify_record(record).ok
            full.append(time.process_time() - t)
            wall.append(time.perf_counter() - w)
        print(
            f"whole record verify_record, one core: {min(full):.2f} s CPU, {min(wall):.2f} s wall"
            f" ({min(full) / n * 1e3:.3f} ms CPU per ballot)"
        )
        t = time.perf_counter()
        assert verify_record(record, jobs=args.jobs).ok
        par = time.perf_counter() - t
        print(
            f"whole record verify_record --jobs {args.jobs}: {par:.2f} s wall ({par / n * 1e3:.3f} ms per ballot)"
        )

    base = PrimeGroupBaseline(seed=1)
    ballots = [base.make_ballot(i % 2) for i in range(args.baseline)]
    times = []
    for b in ballots:
        t = time.process_time()
        assert base.verify_ballot(b)
        times.append(time.process_time() - t)
    base_per = statistics.fmean(times) * 1e3
    print(
        f"baseline, 3072-bit MODP group with pow() (same checks), one core: {base_per:.2f} ms CPU per ballot, "
        f"{1e3 / base_per:.0f} ballots/s over {args.baseline} ballots"
    )
    print(f"ratio Atazan / baseline: {per / base_per:.3f} (Atazan is {base_per / per:.1f}x faster)")

    if not args.no_belenios:
        try:
            import belenios_peer
        except ImportError:
            belenios_peer = None  # type: ignore[assignment]
        if belenios_peer is None or not belenios_peer.available():
            print("belenios-tool: not installed, skipped")
        else:
            with tempfile.TemporaryDirectory() as tmp:
                res = belenios_peer.run_election(
                    n, Path(tmp) / "belenios", progress=lambda _m: None
                )
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                belenios_peer._run(["election", "verify"], res.directory)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
                b_per = cpu / n * 1e3
                print(
                    f"belenios-tool {belenios_peer.version()} election verify ({belenios_peer.GROUP}),"
                    f" {n} ballots: {cpu:.2f} s CPU ({b_per:.2f} ms per ballot; wall {res.verify_seconds:.2f} s"
                    f" in the first run); Atazan's whole-record check is {b_per / (min(full) / n * 1e3):.1f}x faster"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())

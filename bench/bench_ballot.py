"""Ballot verification speed: Atazan's verifier against a classic prime-group baseline.

    .venv/bin/python bench/bench_ballot.py [--ballots N] [--record DIR] [--repeat R]
        [--check-sample K] [--baseline M] [--jobs J] [--dask] [--no-belenios] [--belenios-ballots B]

1. Simulates an election of N ballots (seeded, 21 units, 3 trustees, t = 2).
   With ``--record DIR`` the record is kept there and reused by later runs.
2. Times ``atazan_verify.check_ballot`` over the first K ballots on one core:
   the ballot's signature, its 0/1 proof and its context, i.e. the per-ballot cost.
3. Times the whole ``verify_record`` (board, credentials, DKG, ballots, tally,
   decryptions, result) on one core and with ``--jobs J``, extrapolated to
   ``--extrapolate`` ballots (12.5 million); with ``--dask``, also on a Dask
   LocalCluster of J single-threaded worker processes, checking that the
   tally is identical. Each measurement is repeated R times; ranges are shown.
4. Times the same work (ElGamal, CDS 0/1 proof and a Schnorr signature) over
   the 3072-bit MODP group of RFC 3526 with Python's pow(), on M ballots, in
   this process, and prints the ratio.
5. If ``belenios-tool`` is installed, times its ``election verify`` on a
   BELENIOS-2048 election of B ballots (bench/belenios_peer.py; making its
   ballots takes one belenios-tool process each, so B may need to be smaller).
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
from typing import Any

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


def ballot_context(record: Path) -> BallotContext:
    """The joint key, credentials and units as the verifier sees them."""
    dkg = json.loads((record / "dkg.json").read_bytes())
    creds = json.loads((record / "credentials.json").read_bytes())["credentials"]
    manifest = json.loads((record / "manifest.json").read_bytes())
    fp = spec.digest("manifest", (record / "manifest.json").read_bytes())
    return BallotContext(
        fp,
        bytes.fromhex(dkg["joint_key"]),
        {bytes.fromhex(c["credential"]): c["unit"] for c in creds},
        frozenset(manifest["units"]),
    )


def time_ballot_checks(record: Path, sample: int, repeat: int) -> tuple[list[float], int]:
    """CPU seconds for check_ballot over the first ``sample`` ballots, one core, per run.

    CPU time, not wall time: on a shared machine the process is descheduled
    now and then, which says nothing about the verifier.
    """
    ctx = ballot_context(record)
    items = json.loads((record / "ballots.json").read_bytes())[:sample]
    pairs = [(x, spec.canonical(x)) for x in items]
    runs = []
    for _ in range(repeat):
        t = time.process_time()
        outs = [check_ballot(x, ctx, w) for x, w in pairs]
        runs.append(time.process_time() - t)
        assert all(not o.failures for o in outs)
    return runs, len(items)


def cpu_now() -> float:
    """CPU seconds of this process and its finished children (forked verifier workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def span(xs: list[float], fmt: str = "{:.3f}") -> str:
    lo, hi = min(xs), max(xs)
    return (
        fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else f"{fmt.format(lo)}–{fmt.format(hi)}"
    )


def time_whole(
    record: Path, n: int, repeat: int, jobs: int, executor: Any = None
) -> tuple[list[float], list[float], Any]:
    """(CPU seconds, wall seconds, last report) of verify_record per run."""
    cpus, walls, report = [], [], None
    for _ in range(repeat):
        c, w = cpu_now(), time.perf_counter()
        report = verify_record(record, jobs=jobs, **({"executor": executor} if executor else {}))
        walls.append(time.perf_counter() - w)
        cpus.append(cpu_now() - c)
        assert report.ok, [str(f) for f in report.failures[:5]]
    return cpus, walls, report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--ballots", type=int, default=1000)
    ap.add_argument(
        "--record",
        type=Path,
        help="reuse (or make, if missing) the simulated record in this directory",
    )
    ap.add_argument("--repeat", type=int, default=3, help="runs of each measurement (range shown)")
    ap.add_argument(
        "--check-sample", type=int, default=5000, help="ballots in the per-ballot check timing"
    )
    ap.add_argument(
        "--baseline", type=int, default=200, help="ballots for the prime-group baseline (0: skip)"
    )
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument(
        "--dask", action="store_true", help="also verify on a Dask LocalCluster of --jobs workers"
    )
    ap.add_argument(
        "--extrapolate", type=int, default=12_500_000, help="electorate for the extrapolation"
    )
    ap.add_argument("--no-belenios", action="store_true")
    ap.add_argument(
        "--belenios-ballots", type=int, help="size of the Belenios election (default --ballots)"
    )
    args = ap.parse_args(argv)
    n = args.ballots
    big = args.extrapolate
    print(f"Python {platform.python_version()} on {platform.machine()}, {n} ballots")

    with tempfile.TemporaryDirectory() as tmp:
        record = args.record or Path(tmp) / "record"
        if not (record / "board.json").is_file():
            t = time.perf_counter()
            simulate_election(n, record, seed=1, revotes=0, audits=0)
            gen = time.perf_counter() - t
            print(f"simulate_election: {gen:.2f} s ({gen / n * 1e3:.2f} ms per ballot, all phases)")
        n = len(json.loads((record / "ballots.json").read_bytes()))
        print(f"record {record}: {n} ballots")

        for name, us in time_primitives().items():
            print(f"  {name}: {us:.1f}")

        runs, count = time_ballot_checks(record, args.check_sample, args.repeat)
        pers = [r / count * 1e3 for r in runs]
        per = min(pers)
        print(
            f"ballot check (signature + 0/1 proof + context), one core, {count} ballots x {args.repeat}:"
            f" {span(pers)} ms CPU per ballot, {span([count / r for r in runs], '{:,.0f}')} ballots/s"
        )

        cpus, walls, one = time_whole(record, n, args.repeat, 1)
        full = [c / n * 1e3 for c in cpus]
        print(
            f"whole record verify_record (verify and tally), one core, x {args.repeat}:"
            f" {span(cpus, '{:.2f}')} s CPU, {span(walls, '{:.2f}')} s wall"
            f" ({span(full)} ms CPU per ballot); {big:,} ballots:"
            f" {span([c / n * big / 3600 for c in cpus], '{:.2f}')} h on one core"
        )
        cpus, walls, par = time_whole(record, n, args.repeat, args.jobs)
        assert par.results == one.results
        print(
            f"whole record verify_record --jobs {args.jobs}, x {args.repeat}: {span(walls, '{:.2f}')} s wall,"
            f" {span(cpus, '{:.2f}')} s CPU over all processes ({span([c / n * 1e3 for c in cpus])} ms CPU"
            f" per ballot); {big:,} ballots: {span([w / n * big / 3600 for w in walls], '{:.2f}')} h wall"
            f" on {args.jobs} cores; same tally: {par.results == one.results}"
        )
        if args.dask:
            from dask.distributed import Client, LocalCluster

            with (
                LocalCluster(
                    n_workers=args.jobs,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                ) as cluster,
                Client(cluster) as client,
            ):
                pool = client.get_executor()
                verify_record(record, jobs=args.jobs, executor=pool)  # workers warm: imports
                walls = []
                for _ in range(args.repeat):
                    w = time.perf_counter()
                    dk = verify_record(record, jobs=args.jobs, executor=pool)
                    walls.append(time.perf_counter() - w)
                    assert dk.ok and dk.results == one.results
            print(
                f"whole record on a Dask LocalCluster ({args.jobs} worker processes, 1 thread each),"
                f" x {args.repeat}: {span(walls, '{:.2f}')} s wall ({span([w / n * 1e3 for w in walls])} ms"
                f" per ballot); {big:,} ballots: {span([w / n * big / 3600 for w in walls], '{:.2f}')} h wall;"
                f" same tally as one core: {dk.results == one.results}"
            )

    if args.baseline:
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
        print(
            f"ratio Atazan / baseline: {per / base_per:.3f} (Atazan is {base_per / per:.1f}x faster)"
        )

    if not args.no_belenios:
        try:
            import belenios_peer
        except ImportError:
            belenios_peer = None  # type: ignore[assignment]
        if belenios_peer is None or not belenios_peer.available():
            print("belenios-tool: not installed, skipped")
        else:
            m = args.belenios_ballots or n
            with tempfile.TemporaryDirectory() as tmp:
                res = belenios_peer.run_election(
                    m, Path(tmp) / "belenios", progress=lambda _m: None
                )
                b_cpus = []
                for _ in range(args.repeat):
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    belenios_peer._run(["election", "verify"], res.directory)
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    b_cpus.append(
                        (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
                    )
                b_per = [c / m * 1e3 for c in b_cpus]
                ours = min(full)
                print(
                    f"belenios-tool {belenios_peer.version()} election verify ({belenios_peer.GROUP}),"
                    f" {m} ballots, x {args.repeat}: {span(b_cpus, '{:.2f}')} s CPU ({span(b_per, '{:.2f}')} ms"
                    f" per ballot; ballot generation {res.generate_seconds:.0f} s wall); Atazan's whole-record"
                    f" check ({ours:.3f} ms CPU per ballot) is {span([b / ours for b in b_per], '{:.1f}')}x faster"
                    f" per ballot; {big:,} ballots: {span([b * big / 1e3 / 3600 for b in b_per], '{:.1f}')} h"
                    f" on one core"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())

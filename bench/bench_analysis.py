"""Benchmark of the proposal analysis: every step, at growing sizes, locally and on Dask.

Synthetic consultations are written from the demo's vocabulary in Kazakh,
Russian and English (each letter with its own context line, 7% organised
campaigns, 1.5% resubmissions), optionally mixed with real Spanish sentences
from ../shared/data. Each size runs in a child process, so its peak memory
(maximum resident set size) is its own. The smallest size is the baseline:
the table shows each size's cost per proposal as a ratio to it, so linear
growth reads as a ratio near 1.

Then one size runs again with the per-record steps on a Dask LocalCluster
(two worker processes) and the results are compared with the local run.

Run: .venv/bin/python bench/bench_analysis.py [--sizes 10000,100000,1000000] [--dask-size 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def synthetic(count: int, seed: int = 11) -> list[Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atazan.settings")
    import django

    django.setup()
    from atazan.proposals.demo import (
        CAMPAIGN_TEMPLATES,
        LANGUAGE_WEIGHTS,
        TOPIC_WEIGHTS,
        _pick,
        campaign_copy,
        compose,
        with_context,
    )
    from atazan_analysis.records import Record

    rng = random.Random(seed)
    records: list[Any] = []
    for index in range(count):
        draw = rng.random()
        if draw < 0.07:
            language, _topic, template = rng.choice(CAMPAIGN_TEMPLATES)
            text = campaign_copy(rng, template, language, "Сәуле")
        elif draw < 0.085 and records:
            text = rng.choice(records).text
        else:
            language = _pick(rng, LANGUAGE_WEIGHTS)
            text = with_context(
                rng, compose(rng, language, _pick(rng, TOPIC_WEIGHTS), None)[1], language
            )
        records.append(Record(f"b{index:07d}", text))
    return records


def constitution() -> list[Any]:
    from atazan_texts.io import load_document

    samples = ROOT / "src" / "atazan" / "constitution" / "samples"
    return [
        load_document(samples / f"kenbel-1998.{lang}.txt", language=lang, uid_namespace="bench")
        for lang in ("ru", "en", "kk")
    ]


def _resident_mb() -> int:
    """This process's resident memory now, in MB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20)


def code_digest() -> str:
    """A hash of the analysis package's source, to tell whether two children ran the same code."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "atazan_analysis").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def one_size(count: int, dask_workers: int) -> dict[str, Any]:
    """Run in a child: generate, analyse, report timings and peak memory."""
    code = code_digest()
    from atazan_analysis import pipeline

    records = synthetic(count)
    documents = constitution()
    input_mb = _resident_mb()  # the generated records and loaded libraries, before the run
    started = time.perf_counter()
    client = cluster = None
    if dask_workers:
        from dask.distributed import Client, LocalCluster

        cluster = LocalCluster(
            n_workers=dask_workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
        started = time.perf_counter()
    result = pipeline.run(
        records,
        constitution=documents,
        client=client,
        taxonomy=["Парламент", "Права человека", "Суды", "Жергілікті басқару", "Courts"],
    )
    seconds = time.perf_counter() - started
    if client is not None and cluster is not None:
        client.close()
        cluster.close()
    digest = pipeline.fingerprint(records)
    outcome = json.dumps(
        [
            [
                p.id,
                p.language,
                p.cited,
                [lk.eid for lk in p.links],
                p.duplicate_of,
                p.campaign,
                p.theme,
                p.taxonomy_label,
            ]
            for p in result.proposals
        ]
        + [[t.id, t.label, t.members] for t in result.themes]
        + [[c.id, c.representative_id, c.members] for c in result.campaigns],
        ensure_ascii=False,
    )
    import hashlib

    return {
        "size": count,
        "seconds": round(seconds, 2),
        "per_1000": round(seconds / count * 1000, 3),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "input_mb": input_mb,
        # Dask workers are this process's children; after the cluster closes, the largest one.
        "worker_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "timings": result.info["timings"],
        "counts": result.info["counts"],
        "input": digest[:16],
        "results_sha256": hashlib.sha256(outcome.encode()).hexdigest()[:16],
        "dask_workers": dask_workers,
        "code": code,
    }


def child(count: int, dask_workers: int = 0) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(count), "--dask-workers", str(dask_workers)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{count:,} proposals failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


STEPS = ("prepare", "duplicates", "themes", "links", "taxonomy", "coverage")


def print_table(rows: list[dict[str, Any]]) -> None:
    """Markdown rows: cost per 1,000 proposals as a ratio to the first (smallest) size."""
    base = rows[0]["per_1000"]
    print(
        "| proposals | seconds | s per 1,000 | ratio | peak MB | input MB | "
        + " | ".join(STEPS)
        + " |"
    )
    print("|---" * (6 + len(STEPS)) + "|")
    for row in rows:
        steps = " | ".join(str(row["timings"].get(step, "")) for step in STEPS)
        print(
            f"| {row['size']:,} | {row['seconds']} | {row['per_1000']} | "
            f"{row['per_1000'] / base:.2f} | {row['peak_mb']:,} | {row['input_mb']:,} | {steps} |"
        )
    for row in rows:
        print(f"{row['size']:,}: counts {row['counts']}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--dask-size", type=int, default=100000)
    parser.add_argument("--child", type=int)
    parser.add_argument("--dask-workers", type=int, default=0)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_size(args.child, args.dask_workers)))
        return
    rows = []
    remote: dict[str, Any] | None = None
    for size in args.sizes.split(","):
        rows.append(child(int(size)))
        print(f"{rows[-1]['size']:,} done in {rows[-1]['seconds']} s", file=sys.stderr, flush=True)
        print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr, flush=True)
        if rows[-1]["size"] == args.dask_size:  # at once, while the code is the same
            remote = child(args.dask_size, dask_workers=2)
            print(json.dumps(remote, ensure_ascii=False), file=sys.stderr, flush=True)
    local = next((r for r in rows if r["size"] == args.dask_size), None)
    if args.dask_size and local is None:
        local = child(args.dask_size)
        remote = child(args.dask_size, dask_workers=2)
    load = os.getloadavg()
    print(
        f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} ({os.cpu_count()} cores)"
    )
    print_table(rows)
    if local is not None and remote is not None:
        same = local["results_sha256"] == remote["results_sha256"]
        print(
            f"Dask LocalCluster (2 workers), {args.dask_size:,} proposals: {remote['seconds']} s "
            f"(local {local['seconds']} s); peak MB {remote['peak_mb']:,} here, "
            f"{remote['worker_peak_mb']:,} in the largest worker; "
            f"results identical: {same} ({remote['results_sha256']})"
        )
        if local["code"] != remote["code"]:
            print("The analysis code changed between the two runs: the comparison says nothing.")


if __name__ == "__main__":
    main()

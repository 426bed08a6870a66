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
    records = []
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


def one_size(count: int, dask_workers: int) -> dict[str, Any]:
    """Run in a child: generate, analyse, report timings and peak memory."""
    from atazan_analysis import pipeline

    records = synthetic(count)
    documents = constitution()
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
    if client is not None:
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
        ],
        ensure_ascii=False,
    )
    import hashlib

    return {
        "size": count,
        "seconds": round(seconds, 2),
        "per_1000": round(seconds / count * 1000, 3),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "timings": result.info["timings"],
        "counts": result.info["counts"],
        "input": digest[:16],
        "results_sha256": hashlib.sha256(outcome.encode()).hexdigest()[:16],
        "dask_workers": dask_workers,
    }


def child(count: int, dask_workers: int = 0) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(count), "--dask-workers", str(dask_workers)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


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
    rows = [child(int(size)) for size in args.sizes.split(",")]
    base = rows[0]["per_1000"]
    print(f"{'proposals':>10} {'seconds':>9} {'s/1000':>8} {'ratio':>6} {'peak MB':>8}  steps (s)")
    for row in rows:
        steps = " ".join(f"{k}={v}" for k, v in row["timings"].items())
        print(
            f"{row['size']:>10,} {row['seconds']:>9} {row['per_1000']:>8} {row['per_1000'] / base:>6.2f} "
            f"{row['peak_mb']:>8}  {steps}"
        )
        print(f"{'':>10} counts {row['counts']}")
    if args.dask_size:
        local = next((r for r in rows if r["size"] == args.dask_size), None) or child(
            args.dask_size
        )
        remote = child(args.dask_size, dask_workers=2)
        same = local["results_sha256"] == remote["results_sha256"]
        print(
            f"Dask LocalCluster (2 workers), {args.dask_size:,} proposals: {remote['seconds']} s "
            f"(local {local['seconds']} s); results identical: {same}"
        )


if __name__ == "__main__":
    main()

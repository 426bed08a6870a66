"""Benchmark of the open-data proposals export on PostgreSQL: a million proposals.

Target (product issue): the proposals dataset (CSV and JSON Lines, one pass)
is prepared from 1,000,000 proposals in under 60 s with a peak resident
memory under 200 MB; afterwards a download is served from the prepared file.

For each size (``--sizes``, default 100000,1000000; the first is the
baseline the others are compared with):

1. ``proposals_proposal`` is emptied and filled with one ``INSERT ... SELECT
   generate_series`` (bench_trace.bulk_proposals: demo texts, 80% consenting
   to publication, a third of those to their name, 70% answered).
2. A child process (so its peak memory is its own) runs
   ``actions.prepare(..., force=True)`` for ``proposals`` and reports the
   seconds, its peak RSS (``ru_maxrss``), the rows and the bytes written.
3. The same child then asks for the download twice with Django's test client
   (no HTTP): the revision check plus the streamed file, and a conditional
   request answered 304 from the ETag.

Run: .venv/bin/python bench/bench_open_data.py [--sizes 100000,1000000]
     [--database atazan_bench_opendata] [--keep]
PostgreSQL from BENCH_PG (default postgres://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_intake as intake  # noqa: E402  (its database helpers and machine calibration)

ROOT = intake.ROOT


def child(data_dir: str) -> None:
    """Prepare the proposals files in this process and report figures as JSON on stdout."""
    import django

    django.setup()
    from django.test import Client

    from atazan.core.actors import SystemActor
    from atazan.opendata import actions

    started = time.perf_counter()
    manifest = actions.prepare(SystemActor("open data benchmark"), "proposals", force=True)
    prepare_seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    client = Client()
    started = time.perf_counter()
    response: Any = client.get("/open-data/proposals.csv")
    streamed = sum(len(chunk) for chunk in response.streaming_content)
    download_seconds = time.perf_counter() - started
    started = time.perf_counter()
    unchanged = client.get("/open-data/proposals.csv", HTTP_IF_NONE_MATCH=response["ETag"])
    conditional_ms = (time.perf_counter() - started) * 1000
    assert unchanged.status_code == 304, unchanged.status_code
    assert streamed == manifest.files["csv"].bytes
    print(
        json.dumps(
            {
                "rows": manifest.rows,
                "prepare_seconds": round(prepare_seconds, 1),
                "peak_rss_mb": round(peak_mb, 1),
                "csv_mb": round(manifest.files["csv"].bytes / 1e6, 1),
                "jsonl_mb": round(manifest.files["jsonl"].bytes / 1e6, 1),
                "download_seconds": round(download_seconds, 2),
                "conditional_request_ms": round(conditional_ms, 1),
                "peak_rss_after_download_mb": round(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                ),
            }
        )
    )


def load(size: int) -> float:
    """``size`` proposals in the table, nothing else; returns the seconds it took."""
    from django.db import connection

    import bench_trace

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE proposals_proposal, proposals_numbercounter CASCADE")
    bench_trace.bulk_proposals(size)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE proposals_proposal")
    return time.monotonic() - started


def measure(size: int, database: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", os.environ["ATAZAN_DATA_DIR"]],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DATABASE_URL": intake.database_url(database)},
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"the child process failed for {size} proposals")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--database", default="atazan_bench_opendata")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["ATAZAN_DEBUG"] = "0"
    os.environ["ATAZAN_SECRET_KEY"] = intake.BENCH_SECRET
    os.environ["ATAZAN_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "atazan.settings"
    if args.child:
        child(args.child)
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    os.environ["DATABASE_URL"] = intake.database_url(args.database)
    os.environ.setdefault("ATAZAN_DATA_DIR", str(intake.WORK / "opendata"))
    intake.WORK.mkdir(parents=True, exist_ok=True)
    print(f"fresh database {args.database} ...", flush=True)
    intake.fresh_database(args.database)
    import django

    django.setup()
    results: dict[str, Any] = {
        "python": platform.python_version(),
        "postgresql": intake.psql(args.database, "SHOW server_version"),
        "sizes": {},
    }
    for size in sizes:
        print(f"{size:,} proposals ...", flush=True)
        load_seconds = load(size)
        figures = measure(size, args.database)
        figures["load_seconds"] = round(load_seconds, 1)
        figures["rows_per_second"] = round(figures["rows"] / figures["prepare_seconds"])
        results["sizes"][str(size)] = figures
        print(f"  {json.dumps(figures)}", flush=True)
    base = results["sizes"][str(sizes[0])]
    for size in sizes[1:]:
        row = results["sizes"][str(size)]
        row["ratio_to_baseline"] = {
            "size": round(size / sizes[0], 1),
            "prepare_seconds": round(row["prepare_seconds"] / base["prepare_seconds"], 2),
            "peak_rss_mb": round(row["peak_rss_mb"] / base["peak_rss_mb"], 2),
            "conditional_request_ms": round(
                row["conditional_request_ms"] / max(base["conditional_request_ms"], 0.1), 2
            ),
        }
    results["cpu_calibration_ms"] = intake.cpu_calibration_ms()
    print(json.dumps(results, indent=2))
    if not args.keep:
        from django.db import connections

        connections.close_all()
        intake.psql("postgres", f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        print(f"dropped {args.database} (--keep keeps it)")


if __name__ == "__main__":
    main()

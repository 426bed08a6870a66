"""Benchmark of proposal intake on PostgreSQL: bulk import, the analysts' list, the partner API.

1. Bulk import of synthetic exports (texts from the demo vocabulary in Kazakh,
   Russian and English, about one in eight carrying personal data to mask)
   of 10,000, 100,000 and 1,000,000 rows, each into an emptied table, through
   ``atazan proposals import`` in a child process: rows per second and the
   child's peak memory (maximum resident set size).
2. With the million rows stored (statuses, dates and analysts spread as in a
   running consultation), the analysts' list view with filters and full-text
   search, rendered by Django's test client: median and 95th percentile.
3. The partner API under load from a second process: gunicorn serving the
   app, wrk posting proposals with unique Idempotency-Keys for a fixed time.
   Reports accepted (201) responses per second, latency percentiles, and
   checks that the stored count equals the accepted responses. Both
   addresses are measured in the same run, one after the other (the first,
   ``/proposals/api/v1/proposals``, then ``/api/v1/partner/proposals``), and
   the ratio new/old is printed.

Run: .venv/bin/python bench/bench_intake.py
     [--sizes 10000,100000,1000000] [--database atazan_bench] [--api-seconds 30]
     [--skip-import] [--skip-list] [--skip-api]
Needs PostgreSQL (BENCH_PG, default postgres://postgres@127.0.0.1:5432), wrk
(Debian package) and gunicorn (pip). Files go to /tmp/atazan-bench.
With --sqlite the API part runs on a SQLite file instead (one gunicorn worker,
as SQLite has one writer; not the documented figure):
     .venv/bin/python bench/bench_intake.py --sqlite --skip-import --skip-list
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
VENV_BIN = Path(sys.executable).parent
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/atazan-bench"))
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
BENCH_SECRET = "bench-only-secret-key-not-for-production-0123456789"
SERVER_SIDE_BINDING = os.environ.get("BENCH_SERVER_SIDE_BINDING", "1") == "1"
HEADER = [
    "id",
    "type",
    "name",
    "iin",
    "bin",
    "region",
    "language",
    "topic",
    "title",
    "text",
    "email",
    "phone",
    "publish_text",
    "publish_name",
    "received",
]
MAPPING = """
source = "bench-{size}{suffix}"
require_identity = true
require_name = true
[columns]
external_id = "id"
submitter_type = "type"
submitter_name = "name"
iin = "iin"
bin = "bin"
region = "region"
language = "language"
topic = "topic"
title = "title"
text = "text"
contact_email = "email"
contact_phone = "phone"
consent_publish_text = "publish_text"
consent_publish_name = "publish_name"
received_at = "received"
"""


#: The two addresses of the partner API: (registration, status of an unknown number).
API_PATHS = {
    "old": ("/proposals/api/v1/proposals", "/proposals/api/v1/proposals/none"),
    "new": ("/api/v1/partner/proposals", "/api/v1/partner/proposals/none"),
}
#: Set by --sqlite: the benchmark database is this SQLite file instead of PostgreSQL.
SQLITE: dict[str, Path] = {}


def database_url(name: str) -> str:
    if SQLITE:
        return f"sqlite:///{SQLITE['file']}"
    return f"{SERVER}/{name}"


def environment(name: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(name),
        "DJANGO_SETTINGS_MODULE": "atazan.settings",
        "ATAZAN_DATA_DIR": str(WORK / "data"),
        **extra,
    }


def psql(name: str, sql: str) -> str:
    if SQLITE:
        import sqlite3

        if sql.strip().upper() == "CHECKPOINT":
            return ""
        with sqlite3.connect(SQLITE["file"]) as connection:
            row = connection.execute(sql).fetchone()
        return "" if row is None else str(row[0])
    done = subprocess.run(
        ["psql", database_url(name), "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def fresh_database(name: str) -> None:
    if SQLITE:
        SQLITE["file"].unlink(missing_ok=True)
        subprocess.run(
            [str(VENV_BIN / "atazan"), "migrate", "--skip-checks", "-v0"],
            env=environment(name),
            check=True,
        )
        return
    psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql("postgres", f'CREATE DATABASE "{name}"')
    subprocess.run(
        [str(VENV_BIN / "atazan"), "migrate", "--skip-checks", "-v0"],
        env=environment(name),
        check=True,
    )


def empty_proposals(name: str) -> None:
    psql(name, "TRUNCATE proposals_proposal, proposals_numbercounter CASCADE")
    psql(name, "VACUUM ANALYZE proposals_proposal")


# Synthetic exports -------------------------------------------------------------


def generate(path: Path, size: int) -> None:
    """A CSV export of ``size`` proposals written like the demo ones."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atazan.settings")
    django.setup()
    from atazan.proposals import demo

    rng = random.Random(size)
    regions = [r for r, _ in demo.Region.choices]
    topics = list(demo.TOPIC_PHRASES)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(size):
            language = demo._pick(rng, demo.LANGUAGE_WEIGHTS)
            kind = demo._pick(rng, demo.TYPE_WEIGHTS)
            organisation = kind in demo.ORGANISATION_TYPES
            phone = demo.random_phone(rng)
            personal = None
            if rng.random() < 0.12:
                personal = {
                    "phone": phone,
                    "email": f"b{n}@example.kz",
                    "iin": demo.random_identifier(rng),
                    "street": "Абая",
                    "street_en": "Abay",
                    "house": "12",
                    "flat": "4",
                    "idcard": f"0{rng.randint(10_000_000, 99_999_999)}",
                    "passport": "12345678",
                }
            topic = rng.choice(topics)
            title, text = demo.compose(rng, language, topic, personal)
            identifier = demo.random_identifier(rng, organisation)
            writer.writerow(
                [
                    f"B{size}-{n}",
                    kind,
                    rng.choice(demo.KK_NAMES) + " " + rng.choice(demo.KK_SURNAMES),
                    "" if organisation else identifier,
                    identifier if organisation else "",
                    rng.choice(regions),
                    language,
                    topic,
                    title,
                    text,
                    f"b{n}@example.kz" if rng.random() < 0.6 else "",
                    phone if rng.random() < 0.5 else "",
                    "yes" if rng.random() < 0.8 else "no",
                    "yes" if rng.random() < 0.3 else "no",
                    f"2026-0{rng.randint(1, 9)}-{rng.randint(10, 28)}T{rng.randint(8, 18):02d}:00:00+05:00",
                ]
            )
    tmp.rename(path)


def export_for(size: int) -> tuple[Path, Path]:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"proposals-{size}.csv"
    if not path.exists():
        started = time.monotonic()
        generate(path, size)
        print(f"  generated {path} in {time.monotonic() - started:.0f} s", flush=True)
    mapping = WORK / f"mapping-{size}.toml"
    mapping.write_text(MAPPING.format(size=size, suffix=""), encoding="utf-8")
    return path, mapping


def _tree_rss_mb(root: int) -> tuple[float, float]:
    """(largest single process, sum over the process tree) resident memory, in MB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="utf-8") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, stack = [], [root]
    while stack:
        pid = stack.pop()
        tree.append(pid)
        stack.extend(children.get(pid, []))
    sizes = [rss.get(pid, 0) for pid in tree]
    return max(sizes, default=0) / 1024, sum(sizes) / 1024


def run_import(name: str, size: int, workers: int) -> dict[str, Any]:
    path, mapping = export_for(size)
    empty_proposals(name)
    command = [
        str(VENV_BIN / "atazan"),
        "proposals",
        "--skip-checks",
        "import",
        str(path),
        "--format",
        "csv",
        "--mapping",
        str(mapping),
        "--workers",
        str(workers),
    ]
    started = time.monotonic()
    process = subprocess.Popen(
        command, env=environment(name), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stderr is not None
    peaks = [0.0, 0.0]
    sampling = True

    def sample() -> None:
        while sampling:
            single, total = _tree_rss_mb(process.pid)
            peaks[0], peaks[1] = max(peaks[0], single), max(peaks[1], total)
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    progress_lines = 0
    for _line in process.stderr:
        progress_lines += 1
    out = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    sampling = False
    if status != 0:
        raise RuntimeError(f"import failed: {out[-2000:]}")
    stored = int(psql(name, "SELECT count(*) FROM proposals_proposal"))
    summary = out.strip().splitlines()[-1]
    return {
        "rows": size,
        "workers": workers,
        "stored": stored,
        "seconds": round(seconds, 1),
        "rows_per_second": round(size / seconds),
        "peak_rss_one_process_mb": round(max(peaks[0], usage.ru_maxrss / 1024)),
        "peak_rss_all_processes_mb": round(peaks[1]),
        "progress_lines": progress_lines,
        "summary": summary,
    }


# The analysts' list ------------------------------------------------------------

# Registration dates spread over 150 days in the order the rows were stored (a
# registration is stored when it happens, so the newest rows are the last ones);
# status and analyst drawn per row from a hash of the id, independent of each other.
SPREAD_SQL = """
WITH bounds AS (SELECT min(id) AS low, max(id) AS high FROM proposals_proposal),
draws AS (
  SELECT p.id,
         (b.high - p.id)::float / greatest(b.high - b.low, 1) * 150 AS age_days,
         abs(hashtext(p.id::text || 'status')) % 10 AS status_draw,
         abs(hashtext(p.id::text || 'analyst')) % 2 AS analyst
  FROM proposals_proposal p, bounds b
)
UPDATE proposals_proposal p SET
  registered_at = now() - make_interval(secs => d.age_days * 86400),
  status = CASE WHEN d.status_draw < 7 AND d.age_days > 10 THEN 'answered'
                WHEN d.status_draw < 9 THEN 'in_review' ELSE 'registered' END,
  outcome = CASE WHEN d.status_draw < 7 AND d.age_days > 10 THEN 'rejected' ELSE '' END,
  answered_at = CASE WHEN d.status_draw < 7 AND d.age_days > 10
                     THEN now() - make_interval(secs => (d.age_days - 10) * 86400) END,
  deadline = (now() - make_interval(secs => d.age_days * 86400) + interval '21 days')::date,
  original_deadline = (now() - make_interval(secs => d.age_days * 86400) + interval '21 days')::date,
  assignee_id = CASE WHEN d.status_draw < 9 THEN (SELECT min(id) FROM core_user) + d.analyst END
FROM draws d WHERE d.id = p.id
"""


def start_server(name: str, workers: int, threads: int = 1) -> tuple[subprocess.Popen[bytes], int]:
    """gunicorn serving Atazan on a free loopback port, against the benchmark database."""
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        port = probe_socket.getsockname()[1]
    server_env = environment(
        name,
        ATAZAN_DEBUG="0",
        ATAZAN_DB_CONN_MAX_AGE="600",
        # Server-side binding: psycopg prepares repeated statements, sparing PostgreSQL
        # the parsing and planning of the same INSERTs on every request.
        DATABASE_URL=database_url(name)
        + ("?server_side_binding=true" if SERVER_SIDE_BINDING and not SQLITE else ""),
        ATAZAN_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ATAZAN_SECRET_KEY=BENCH_SECRET,
        ATAZAN_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "atazan.wsgi:application",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=server_env,
        cwd=ROOT,
    )
    for _ in range(100):
        time.sleep(0.2)
        if server.poll() is not None:
            raise RuntimeError("gunicorn did not start")
        probe = subprocess.run(
            [
                "curl",
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                f"http://127.0.0.1:{port}/proposals/api/v1/proposals/none",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.stdout.strip() in ("401", "404"):
            break
    # One worker answered; give the others time to finish loading before measuring.
    time.sleep(2)
    return server, port


def measure_list(name: str, repeat: int = 15) -> dict[str, Any]:
    """The analysts' list over HTTP from gunicorn (one worker, one request at a time)."""
    import urllib.parse
    import urllib.request

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from atazan.core.actions import create_user
    from atazan.core.actors import SystemActor
    from atazan.core.models import User
    from atazan.core.roles import Role

    users = [
        User.objects.filter(username=n).first()
        or create_user(SystemActor("intake benchmark"), n, None, roles=[Role.ANALYST])
        for n in ("bench-analyst", "bench-analyst2")
    ]
    if (
        psql(
            name,
            "SELECT count(*) FROM (SELECT 1 FROM proposals_proposal WHERE status = 'answered' LIMIT 1) x",
        )
        == "0"
    ):
        started = time.monotonic()
        psql(name, SPREAD_SQL)
        psql(name, "VACUUM ANALYZE proposals_proposal")
        print(
            f"  spread statuses and dates over {psql(name, 'SELECT count(*) FROM proposals_proposal')} rows "
            f"in {time.monotonic() - started:.0f} s",
            flush=True,
        )
    session = SessionStore()
    session[SESSION_KEY] = str(users[0].pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = users[0].get_session_auth_hash()
    session.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; django_language=ru"
    queries = {
        "newest": {},
        "page 20": {"page": "20"},
        "status": {"status": "in_review"},
        "region+topic": {"region": "abai", "topic": "parliament"},
        "language+type": {"language": "en", "submitter_type": "expert"},
        "my cases": {"assignee": "me", "status": "in_review"},
        "unassigned": {"assignee": "none"},
        "overdue": {"queue": "overdue"},
        "due soon": {"queue": "due_soon"},
        "search ru": {"query": "выборы"},
        "search kk": {"query": "парламенттің"},
        "search en": {"query": "elected"},
        "search 2 words": {"query": "судьялардың тәуелсіздігі"},
        "search+filter": {"query": "бюджет", "region": "astana"},
        "search rare": {"query": "мүмкіндігі"},
    }
    server, port = start_server(name, workers=1)
    try:

        def get(params: dict[str, str]) -> float:
            url = f"http://127.0.0.1:{port}/proposals/cases/?" + urllib.parse.urlencode(params)
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            t = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:
                body = response.read()
                # Followed no redirect to the sign-in page: the list itself was served.
                assert response.status == 200 and response.url == url, response.url
                assert b'name="ids"' in body or b"No case matches" in body or b"colspan" in body
            return (time.perf_counter() - t) * 1000

        timings: dict[str, list[float]] = {k: [] for k in queries}
        for params in queries.values():  # warm the caches once
            get(params)
        for _ in range(repeat):
            for label, params in queries.items():
                timings[label].append(get(params))
    finally:
        server.terminate()
        server.wait(timeout=30)
    every = sorted(x for values in timings.values() for x in values)
    return {
        "rows": int(psql(name, "SELECT count(*) FROM proposals_proposal")),
        "requests": len(every),
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(every[int(len(every) * 0.95) - 1], 1),
        "max_ms": round(every[-1], 1),
        "per_query_p95_ms": {
            k: round(sorted(v)[int(len(v) * 0.95) - 1], 1) for k, v in timings.items()
        },
    }


# The partner API under load ---------------------------------------------------------

WRK_SCRIPT = textwrap.dedent(
    """
    -- Unique Idempotency-Key and external_id per request. For the last TAIL
    -- seconds each connection sends only a slow, cheap GET, so every POST has
    -- its answer before wrk stops and accepted responses can be compared
    -- exactly with stored rows.
    local threads = {}
    local count = 0
    function setup(thread)
      count = count + 1
      thread:set("tid", count)
      table.insert(threads, thread)
    end
    function init(args)
      key = args[1]
      prefix = args[2]
      stop_posting = os.time() + tonumber(args[3])
      post_path = args[4]
      status_path = args[5]
      sent = 0
      created = 0
      failed = 0
      posts = 0
      tail = false
    end
    function delay()
      if tail then return 1000 end
      return 0
    end
    function request()
      if os.time() >= stop_posting then
        tail = true
        return wrk.format("GET", status_path, {["Authorization"] = "Bearer " .. key})
      end
      sent = sent + 1
      posts = posts + 1
      local id = prefix .. "-" .. tid .. "-" .. sent
      local body = '{"external_id":"' .. id .. '","language":"ru","title":"Об однопалатном парламенте",' ..
        '"text":"Предлагаю изменить статью 50: депутаты избираются по округам. Тел. 8 701 123 45 67.",' ..
        '"submitter":{"type":"citizen","name":"Сергей Ким","iin":"900102300121","region":"almaty_city",' ..
        '"email":"kim@example.kz"},"consents":{"publish_text":true}}'
      return wrk.format("POST", post_path, {
        ["Content-Type"] = "application/json",
        ["Authorization"] = "Bearer " .. key,
        ["Idempotency-Key"] = id,
      }, body)
    end
    function response(status, headers, body)
      if status == 201 then created = created + 1
      elseif status ~= 404 then failed = failed + 1 end
    end
    function done(summary, latency, requests)
      local c, f, p = 0, 0, 0
      for _, t in ipairs(threads) do
        c = c + t:get("created")
        f = f + t:get("failed")
        p = p + t:get("posts")
      end
      io.write(string.format("RESULT created=%d failed=%d posts=%d requests=%d seconds=%.3f " ..
        "p50=%.1f p90=%.1f p99=%.1f max=%.1f\\n",
        c, f, p, summary.requests, summary.duration / 1e6,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000,
        latency:percentile(99) / 1000, latency.max / 1000))
    end
    """
)

TAIL_SECONDS = 4


def _cpu_times() -> list[int]:
    with open("/proc/stat", encoding="ascii") as handle:
        return [int(x) for x in handle.readline().split()[1:]]


def steal_share(before: list[int], after: list[int]) -> float:
    """Share of CPU time the hypervisor gave to others (steal) between two readings."""
    delta = [b - a for a, b in zip(before, after, strict=False)]
    return round(delta[7] / max(sum(delta), 1), 3) if len(delta) > 7 else 0.0


def cpu_calibration_ms() -> float:
    """A fixed single-core workload, so that runs on machines of different speed compare.

    The same code gave 260 registrations per second one day and 140 on another
    machine of the same kind; this figure shows such a difference next to the result.
    """
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        digest = b"atazan"
        for _ in range(200_000):
            digest = hashlib.sha256(digest).digest()
        json.dumps([{"n": i, "text": "Ата Заң"} for i in range(20_000)], ensure_ascii=False)
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def measure_api(
    name: str,
    seconds: int,
    connections: int = 8,
    workers: int = 3,
    threads: int = 1,
    address: str = "old",
) -> dict[str, Any]:
    """Accepted registrations per second at one of the API's two addresses (:data:`API_PATHS`)."""
    post_path, status_path = API_PATHS[address]
    out = subprocess.run(
        [
            str(VENV_BIN / "atazan"),
            "proposals",
            "--skip-checks",
            "add-partner",
            "Bench portal",
            "--slug",
            f"bench-{int(time.time())}",
        ],
        env=environment(name),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    key = out.strip().rsplit(" ", 1)[-1]
    script = WORK / "api.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    # Start from a quiet database: the million-row update before leaves gigabytes to flush.
    psql(name, "CHECKPOINT")
    server, port = start_server(name, workers, threads)
    try:
        before = int(psql(name, "SELECT count(*) FROM proposals_proposal WHERE channel = 'api'"))
        prefix = f"load{address}{int(time.time())}"
        cpu_before = _cpu_times()
        done = subprocess.run(
            [
                "wrk",
                "-t",
                "2",
                "-c",
                str(connections),
                "-d",
                f"{seconds + TAIL_SECONDS}s",
                "--timeout",
                "5s",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}",
                "--",
                key,
                prefix,
                str(seconds),
                post_path,
                status_path,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        cpu_after = _cpu_times()
    finally:
        server.terminate()
        server.wait(timeout=30)
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT"))
    fields = dict(item.split("=") for item in line.split()[1:])
    stored = (
        int(psql(name, "SELECT count(*) FROM proposals_proposal WHERE channel = 'api'")) - before
    )
    created = int(fields["created"])
    duration = float(seconds)  # the POST phase; the tail only waits for the last answers
    return {
        "address": post_path,
        "connections": connections,
        "gunicorn_workers": workers,
        "gunicorn_threads": threads,
        "seconds": round(duration, 1),
        "posted": int(fields["posts"]),
        "accepted": created,
        "failed": int(fields["failed"]),
        "accepted_per_second": round(created / duration),
        "latency_ms": {k: float(fields[k]) for k in ("p50", "p90", "p99", "max")},
        "stored": stored,
        "stored_equals_accepted": stored == created,
        "cpu_steal_share": steal_share(cpu_before, cpu_after),
        "cpu_calibration_ms": cpu_calibration_ms(),
        "receipt_sweep": sweep_receipts(),
    }


def sweep_receipts() -> dict[str, Any]:
    """Send the receipts the run left in the outbox, as the task worker would (in-memory backend)."""
    import django

    django.setup()
    from django.conf import settings

    try:
        from atazan.proposals.notify import deliver_pending
    except ImportError:  # code from before the outbox (PYTHONPATH=old/src): it sent in the request
        return {}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    started, cpu = time.perf_counter(), time.process_time()
    sent = deliver_pending()
    seconds = time.perf_counter() - started
    return {
        "sent": sent,
        "seconds": round(seconds, 1),
        "per_second": round(sent / seconds) if seconds else 0,
        "cpu_ms_per_message": round((time.process_time() - cpu) / max(sent, 1) * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--database", default="atazan_bench")
    parser.add_argument("--api-seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers for the API")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--import-workers", type=int, default=2)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-list", action="store_true")
    parser.add_argument("--skip-api", action="store_true")
    parser.add_argument("--no-fresh", action="store_true", help="keep the existing database")
    parser.add_argument(
        "--sqlite", action="store_true", help="the API part on a SQLite file (no PostgreSQL)"
    )
    args = parser.parse_args()
    if args.sqlite:
        SQLITE["file"] = WORK / f"{args.database}.sqlite3"
        args.workers = 1  # one writer at a time: more workers only wait for the lock
    # Django is set up once in this process (to generate texts, then to time the list):
    # point it at the benchmark database, without debug query logging, from the start.
    os.environ["DATABASE_URL"] = database_url(args.database)
    os.environ["ATAZAN_DEBUG"] = "0"
    os.environ["ATAZAN_SECRET_KEY"] = BENCH_SECRET  # the server must accept this process's session
    os.environ["DJANGO_SETTINGS_MODULE"] = "atazan.settings"
    os.environ.setdefault("ATAZAN_DATA_DIR", str(WORK / "data"))
    results: dict[str, Any] = {}
    WORK.mkdir(parents=True, exist_ok=True)
    if not args.no_fresh:
        fresh_database(args.database)
    if not args.skip_import:
        results["import"] = []
        for size in [int(s) for s in args.sizes.split(",")]:
            print(f"import {size:,} rows ...", flush=True)
            row = run_import(args.database, size, args.import_workers)
            results["import"].append(row)
            print(f"  {row}", flush=True)
    if not args.skip_list:
        print("list view ...", flush=True)
        results["list"] = measure_list(args.database)
        print(f"  {results['list']}", flush=True)
    if not args.skip_api:
        # Both addresses in the same run, on the same database, one after the other.
        for address in ("old", "new"):
            print(f"partner API under load at {API_PATHS[address][0]} ...", flush=True)
            results[f"api_{address}"] = measure_api(
                args.database,
                args.api_seconds,
                args.connections,
                args.workers,
                args.threads,
                address=address,
            )
            print(f"  {results[f'api_{address}']}", flush=True)
        old = results["api_old"]["accepted_per_second"]
        new = results["api_new"]["accepted_per_second"]
        results["api_ratio_new_to_old"] = round(new / old, 3) if old else None
        print(
            f"accepted/s: {API_PATHS['old'][0]} {old}, {API_PATHS['new'][0]} {new}, "
            f"ratio new/old {results['api_ratio_new_to_old']}",
            flush=True,
        )
    (WORK / "results.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

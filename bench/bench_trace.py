"""Benchmark of the traceability page on PostgreSQL: one provision, 10,000 proposals among a million.

Target (product issue): with 1,000,000 proposals stored, the page explaining a
provision of a consolidated draft behind which stand 10,000 proposals answers
with a 95th percentile under 300 ms.

1. A fresh database (``atazan_bench_trace``), migrated; the sample 1998
   constitution of Kenbel in kk, ru and en (``constitution/samples``).
2. ``--proposals`` synthetic proposals written straight into the table with
   one ``INSERT ... SELECT generate_series`` (texts, titles, languages and
   submitter types drawn from the proposals demo generator; regions,
   channels, statuses and registration dates over 150 days spread per row).
3. An analysis run over all of them: 60 themes, 7% of the letters in
   organised campaigns. The cited theme has ``--linked``/10 members, four in
   five of them also cited directly; 15% of the proposals behind the
   provision belong to three campaigns (so ``support_of`` counts them once).
4. Through ``commission.actions``, as the tests do: a commission of seven,
   a meeting, amendment A-1 replacing one paragraph, citing the theme and
   ``--linked`` proposals (``cite_proposals``), four other amendments on
   other articles citing 2,500 proposals each, every one adopted by a
   recorded roll-call vote, then the consolidated draft, published.
5. ``ANALYZE``, then ``--requests`` GETs after 5 warm-ups, in turn, with
   Django's test client in this process (no HTTP): the trace page of the
   changed paragraph (page 1 and a deep page), and as baselines the trace
   page of an unchanged paragraph of the same draft (same view and
   template, no proposals) and the reading page of the draft in Kazakh.
   Before timing, the figures the page shows are checked against plain SQL.

Run: .venv/bin/python bench/bench_trace.py
     [--proposals 1000000] [--linked 10000] [--requests 100] [--deep-page 150]
     [--database atazan_bench_trace] [--keep] [--no-fresh] [--explain]
``--keep`` leaves the database for ``--no-fresh`` runs (which only measure).
PostgreSQL from BENCH_PG (default postgres://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_intake as intake  # noqa: E402  (its database helpers and machine calibration)

ROOT = intake.ROOT
SAMPLES = ROOT / "src" / "atazan" / "constitution" / "samples"
DRAFT_LABEL = "2026-bench"
POOL = 4000  # distinct texts drawn from the demo generator, reused round-robin
THEMES = 60
CITED_CAMPAIGNS = 3
OTHER_CAMPAIGNS = 300
OTHER_AMENDMENTS = 4
OTHER_LINKED = 2500
CHANGED = "art_41__para_1"  # the paragraph amendment A-1 replaces (article 41, par. 1)
UNCHANGED = "art_42__para_1"  # its neighbour, for the baseline
OTHERS = ["art_13__para_1", "art_50__para_1", "art_63__para_1", "art_80__para_1"]


def log(message: str, started: float | None = None) -> None:
    suffix = f" ({time.monotonic() - started:.1f} s)" if started is not None else ""
    print(f"  {message}{suffix}", flush=True)


# The data ------------------------------------------------------------------------------


def store_texts() -> Any:
    """The sample 1998 constitution in en, ru and kk (as ``load_demo --only texts`` stores it)."""
    from atazan.constitution.actions import import_text
    from atazan.core.actors import SystemActor
    from atazan_texts.io import load_document

    actor = SystemActor("trace benchmark")
    expression = None
    for language in ("en", "ru", "kk"):  # the complete English text first: the others take its uids
        source = (SAMPLES / f"kenbel-1998.{language}.txt").read_bytes()
        expression = import_text(
            actor,
            load_document(source, "txt", language=language),
            work_slug="kenbel",
            version_label="1998",
            language=language,
            source_format="txt",
            source=source,
            publish=True,
        )
    assert expression is not None
    return expression.version


def proposal_pool(rng: random.Random) -> list[tuple[Any, ...]]:
    """POOL rows shaped like the demo's proposals (no personal data in these texts)."""
    from atazan.proposals import demo

    rows = []
    for i in range(POOL):
        language = demo._pick(rng, demo.LANGUAGE_WEIGHTS)
        kind = str(demo._pick(rng, demo.TYPE_WEIGHTS))
        organisation = kind in demo.ORGANISATION_TYPES
        topic = demo._pick(rng, demo.TOPIC_WEIGHTS)
        title, text = demo.compose(rng, language, topic, None)
        identifier = demo.random_identifier(rng, organisation)
        name = rng.choice(demo.KK_NAMES) + " " + rng.choice(demo.KK_SURNAMES)
        rows.append(
            (
                i,
                language,
                topic,
                kind,
                name,
                "" if organisation else identifier,
                identifier if organisation else "",
                title[:500],
                text,
            )
        )
    return rows


def bulk_proposals(count: int) -> None:
    """``count`` proposals in one INSERT ... SELECT, secondary indexes built afterwards."""
    from django.db import connection

    from atazan.proposals.models import Region

    started = time.monotonic()
    rng = random.Random(count)
    pool = proposal_pool(rng)
    regions = [code for code, _label in Region.choices]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_pool (i int PRIMARY KEY, language text, topic text, "
            "submitter_type text, name text, iin text, bin text, title text, text text, "
            "search_vector tsvector)"
        )
        cursor.executemany(
            "INSERT INTO bench_pool (i, language, topic, submitter_type, name, iin, bin, title, text)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            pool,
        )
        # The same vector the table's trigger computes, once per distinct text.
        cursor.execute(
            "UPDATE bench_pool SET search_vector = to_tsvector(CASE language "
            "WHEN 'ru' THEN 'russian'::regconfig WHEN 'en' THEN 'english'::regconfig "
            "ELSE 'simple'::regconfig END, coalesce(title, '') || ' ' || coalesce(text, ''))"
        )
        log(f"{POOL} texts from the demo generator", started)
        # Indexes that back no constraint are dropped for the load and rebuilt after it.
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = 'proposals_proposal'"
            " AND i.indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        secondary = cursor.fetchall()
        for name, _definition in secondary:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("ALTER TABLE proposals_proposal DISABLE TRIGGER proposals_search_trigger")
        insert_started = time.monotonic()
        cursor.execute(
            """
            INSERT INTO proposals_proposal (
              number, channel, source, external_id, partner_id, user_id, registered_by_id,
              submitter_type, submitter_name, iin, bin, region, contact_email, contact_phone,
              postal_address, language, topic, title, text, cited_provisions,
              consent_publish_text, consent_publish_name, public_title, public_text,
              received_at, registered_at, secret_hash, status, outcome, answer, public_answer,
              answered_at, answered_by_id, merged_into_id, forwarded_to, assignee_id,
              assigned_at, original_deadline, deadline, extension_reason, version, search_vector)
            SELECT
              '2026-' || lpad(g::text, greatest(6, length(g::text)), '0'),
              CASE WHEN h.c < 45 THEN 'web' WHEN h.c < 75 THEN 'api' WHEN h.c < 85 THEN 'letter'
                   WHEN h.c < 90 THEN 'meeting' ELSE 'import' END,
              CASE WHEN h.c >= 90 THEN 'bench-import' ELSE '' END,
              'bench-' || g, NULL, NULL, NULL,
              p.submitter_type, p.name, p.iin, p.bin, (%(regions)s::text[])[1 + h.r %% %(nregions)s],
              CASE WHEN h.e < 60 THEN 'b' || g || '@example.kz' ELSE '' END,
              CASE WHEN h.e %% 2 = 0 THEN '+7 701 ' || lpad((g %% 10000000)::text, 7, '0') ELSE '' END,
              '', p.language, p.topic, p.title, p.text, '[]'::jsonb,
              h.e < 80, h.e < 30, p.title, p.text,
              t.at - interval '2 hours', t.at, md5(g::text) || md5('s' || g),
              CASE WHEN h.s < 7 AND t.age > 10 THEN 'answered' WHEN h.s < 9 THEN 'in_review'
                   ELSE 'registered' END,
              CASE WHEN h.s < 7 AND t.age > 10 THEN 'rejected' ELSE '' END,
              '', '',
              CASE WHEN h.s < 7 AND t.age > 10 THEN t.at + interval '10 days' END,
              NULL, NULL, '', NULL, NULL,
              (t.at + interval '21 days')::date, (t.at + interval '21 days')::date, '', 1,
              p.search_vector
            FROM generate_series(1, %(count)s) AS g
            JOIN bench_pool p ON p.i = g %% %(pool)s
            CROSS JOIN LATERAL (
              SELECT abs(hashtext(g::text || 'channel')) %% 100 AS c,
                     abs(hashtext(g::text || 'region')) AS r,
                     abs(hashtext(g::text || 'extra')) %% 100 AS e,
                     abs(hashtext(g::text || 'status')) %% 10 AS s) h
            CROSS JOIN LATERAL (
              SELECT (%(count)s - g)::float / greatest(%(count)s, 1) * 150 AS age,
                     now() - make_interval(secs => (%(count)s - g)::float
                                                   / greatest(%(count)s, 1) * 150 * 86400) AS at) t
            """,
            {"count": count, "pool": POOL, "regions": regions, "nregions": len(regions)},
        )
        log(f"{count:,} proposals inserted", insert_started)
        cursor.execute("ALTER TABLE proposals_proposal ENABLE TRIGGER proposals_search_trigger")
        index_started = time.monotonic()
        for _name, definition in secondary:
            cursor.execute(definition)
        log(f"{len(secondary)} secondary indexes rebuilt", index_started)
        cursor.execute("DROP TABLE bench_pool")


def analysis_run(count: int, linked: int) -> dict[str, Any]:
    """A finished run over every proposal, with the cited theme and campaigns described above."""
    from django.db import connection
    from django.utils import timezone

    from atazan.analysis.models import AnalysisRun, CampaignResult, RunStatus, ThemeResult

    started = time.monotonic()
    theme_size = max(1, linked // 10)
    inside = theme_size * 4 // 5
    with connection.cursor() as cursor:
        # The proposals behind the provision, spread over the whole table: ranks by a hash.
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_pick AS SELECT id, row_number() OVER (ORDER BY md5(id::text))"
            " AS rank FROM proposals_proposal ORDER BY md5(id::text) LIMIT %s",
            [linked + theme_size + OTHER_AMENDMENTS * OTHER_LINKED],
        )
        cursor.execute("CREATE UNIQUE INDEX ON bench_pick (rank)")
        cursor.execute("ANALYZE bench_pick")
        cursor.execute("SELECT id FROM bench_pick ORDER BY rank LIMIT %s", [OTHER_CAMPAIGNS + 3])
        representatives = [row[0] for row in cursor.fetchall()]
    now = timezone.now()
    run = AnalysisRun.objects.create(
        status=RunStatus.DONE,
        started_at=now - dt.timedelta(minutes=20),
        finished_at=now,
        proposals_count=count,
    )
    themes = ThemeResult.objects.bulk_create(
        [
            ThemeResult(
                run=run,
                key=f"t{k:02d}",
                label=f"Theme {k}" if k else "Ақсақалдар кеңесі / Council of elders",
                language="kk" if k == 0 else "en",
                keywords=["кеңес", "council"] if k == 0 else [],
                summary=[],
                size=theme_size if k == 0 else count // THEMES,
                supporters=theme_size if k == 0 else count // THEMES,
            )
            for k in range(THEMES)
        ]
    )
    campaigns = CampaignResult.objects.bulk_create(
        [
            CampaignResult(
                run=run,
                key=f"c{k:03d}",
                representative_id=representatives[k],
                representative_text="Campaign letter",
                supporters=0,
            )
            for k in range(CITED_CAMPAIGNS + OTHER_CAMPAIGNS)
        ]
    )
    theme_ids = [t.pk for t in themes]
    campaign_ids = [c.pk for c in campaigns]
    with connection.cursor() as cursor:
        # rank 1..linked: cited directly by A-1; rank linked-inside+1 .. linked-inside+theme_size:
        # members of the cited theme (``inside`` of them also cited directly). Of the ranks behind
        # the provision, 3 in 20 are letters of the three cited campaigns; elsewhere 7 in 100 are
        # letters of 300 other campaigns, and 85% of the proposals have one of 59 other themes.
        cursor.execute(
            """
            INSERT INTO analysis_proposalanalysis (run_id, proposal_id, language, mixed, flags,
              cited, duplicate_of_id, campaign_id, theme_id, taxonomy_label, taxonomy_score)
            SELECT %(run)s, p.id, p.language, false, '[]'::jsonb, '[]'::jsonb, NULL,
              CASE WHEN k.rank <= %(behind_end)s THEN
                     CASE WHEN k.rank %% 20 < 3 THEN (%(campaigns)s::bigint[])[1 + k.rank %% 20] END
                   WHEN abs(hashtext(p.id::text || 'campaign')) %% 100 < 7 THEN
                     (%(campaigns)s::bigint[])[4 + abs(hashtext(p.id::text || 'which')) %% %(others)s]
              END,
              CASE WHEN k.rank > %(theme_start)s AND k.rank <= %(behind_end)s THEN (%(themes)s::bigint[])[1]
                   WHEN abs(hashtext(p.id::text || 'theme')) %% 100 < 85 THEN
                     (%(themes)s::bigint[])[2 + abs(hashtext(p.id::text || 'which theme')) %% %(other_themes)s]
              END,
              '', 0
            FROM proposals_proposal p LEFT JOIN bench_pick k ON k.id = p.id
            """,
            {
                "run": run.pk,
                "campaigns": campaign_ids,
                "themes": theme_ids,
                "others": OTHER_CAMPAIGNS,
                "other_themes": THEMES - 1,
                "theme_start": linked - inside,
                "behind_end": linked - inside + theme_size,
            },
        )
        cursor.execute(
            "UPDATE analysis_campaignresult c SET supporters = n FROM (SELECT campaign_id, count(*) n"
            " FROM analysis_proposalanalysis WHERE run_id = %s AND campaign_id IS NOT NULL"
            " GROUP BY campaign_id) s WHERE s.campaign_id = c.id",
            [run.pk],
        )
    log(f"analysis run over {count:,} proposals, {THEMES} themes, campaigns", started)
    return {"run": run, "theme": themes[0], "theme_size": theme_size}


def _paragraph(version: Any, suffix: str) -> tuple[str, str]:
    from atazan.constitution.models import Provision

    row = (
        Provision.objects.filter(
            expression__version=version, expression__language="en", eid__endswith="__" + suffix
        )
        .only("uid", "eid")
        .get()
    )
    return row.uid, row.eid


def _replace(version: Any, suffix: str, words: str) -> dict[str, Any]:
    uid, _eid = _paragraph(version, suffix)
    return {
        "kind": "replace",
        "target": uid,
        "texts": {
            "en": {
                "text": f"The council of elders {words} the government on customs and language."
            },
            "ru": {
                "text": f"Совет старейшин ({words}) консультирует правительство по обычаям и языку."
            },
            "kk": {
                "text": f"Ақсақалдар кеңесі ({words}) үкіметке әдет-ғұрып пен тіл бойынша кеңес береді."
            },
        },
    }


def commission_draft(base: Any, linked: int, theme: Any) -> dict[str, Any]:
    """A body of seven, a meeting, adopted amendments and the published draft, all through the actions."""
    from django.db import connection
    from django.utils import timezone

    from atazan.commission import actions
    from atazan.commission.models import BodyKind, Choice, MemberRole
    from atazan.core.actions import create_user
    from atazan.core.actors import SystemActor
    from atazan.core.roles import Role
    from atazan.proposals.models import Proposal

    started = time.monotonic()
    system = SystemActor("trace benchmark")
    body = actions.create_body(
        system,
        slug="commission",
        kind=BodyKind.COMMISSION,
        names={
            "kk": "Конституциялық комиссия",
            "ru": "Конституционная комиссия",
            "en": "Constitutional Commission",
        },
    )
    roles = [MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR, MemberRole.SECRETARY] + [
        MemberRole.MEMBER
    ] * 4
    seats = []
    for n, role in enumerate(roles):
        user = create_user(
            system, f"member{n}", None, roles=[Role.COMMISSION_MEMBER], full_name=f"Мүше {n}"
        )
        seats.append(
            actions.add_member(
                system,
                body,
                user,
                full_name=f"Мүше {n}",
                role=role,
                represents="Абай облысы",
                term_start=dt.date(2025, 9, 1),
            )
        )
    start = timezone.now() - dt.timedelta(hours=1)
    meeting = actions.schedule_meeting(
        system,
        body,
        titles={"kk": "Бірінші отырыс", "ru": "Первое заседание", "en": "First meeting"},
        starts_at=start,
        ends_at=start + dt.timedelta(hours=4),
        place="Ordatau, Palace of Independence",
    )
    actions.start_meeting(system, meeting)
    actions.record_attendance(system, meeting, {seat.pk: True for seat in seats})
    rationale = {"kk": "Азаматтар ұсынды", "ru": "Предложили граждане", "en": "Citizens asked"}
    amendment = actions.propose_amendment(
        system,
        body,
        base,
        number="A-1",
        edit=_replace(base, CHANGED, "guides"),
        rationale=rationale,
        themes=[theme],
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM bench_pick WHERE rank <= %s", [linked])
        direct = [row[0] for row in cursor.fetchall()]
    actions.cite_proposals(system, amendment, Proposal.objects.filter(pk__in=direct).only("pk"))
    amendments = [amendment]
    for n, suffix in enumerate(OTHERS[:OTHER_AMENDMENTS], start=2):
        other = actions.propose_amendment(
            system,
            body,
            base,
            number=f"A-{n}",
            edit=_replace(base, suffix, f"advises ({n})"),
            rationale=rationale,
        )
        with connection.cursor() as cursor:
            # Each cites the proposals of its own slice of ranks, some of them also behind A-1.
            low = linked // 2 + (n - 2) * OTHER_LINKED
            cursor.execute(
                "SELECT id FROM bench_pick WHERE rank > %s AND rank <= %s",
                [low, low + OTHER_LINKED],
            )
            cited = [row[0] for row in cursor.fetchall()]
        actions.cite_proposals(system, other, Proposal.objects.filter(pk__in=cited).only("pk"))
        amendments.append(other)
    for each in amendments:
        vote = actions.open_vote(system, meeting, each)
        for seat, choice in zip(seats, [Choice.FOR] * 6 + [Choice.ABSTAIN], strict=True):
            actions.cast_vote(seat.user, vote, choice)
        actions.close_vote(system, vote)
    actions.end_meeting(system, meeting)
    draft = actions.consolidate_draft(system, body, base, label=DRAFT_LABEL)
    draft = actions.publish_draft(system, draft, open_comments=True)
    log(
        f"commission: {len(amendments)} amendments adopted by roll call, draft {DRAFT_LABEL} published",
        started,
    )
    return {"draft": draft, "amendment": amendment}


def build(args: argparse.Namespace) -> None:
    from django.db import connection

    started = time.monotonic()
    base = store_texts()
    log("1998 texts stored in en, ru, kk", started)
    bulk_proposals(args.proposals)
    made = analysis_run(args.proposals, args.linked)
    commission_draft(base, args.linked, made["theme"])
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_pick")
    analyze_started = time.monotonic()
    intake.psql(args.database, "ANALYZE")
    log("ANALYZE", analyze_started)
    log("data ready", started)


# Checking and measuring ------------------------------------------------------------------


def expected_figures(draft: Any, uid: str, page: int) -> dict[str, Any]:
    """What the trace must show, computed with plain SQL independently of the selectors."""
    from django.db import connection

    from atazan.commission.selectors import PROPOSALS_PER_PAGE

    behind = """
        SELECT s.proposal_id AS id FROM commission_amendmentsource s
        JOIN commission_provisionsource ps ON ps.amendment_id = s.amendment_id
        WHERE ps.draft_id = %(draft)s AND ps.provision_uid = %(uid)s
        UNION
        SELECT a.proposal_id FROM analysis_proposalanalysis a
        JOIN commission_amendment_themes t ON t.themeresult_id = a.theme_id
        JOIN commission_provisionsource ps ON ps.amendment_id = t.amendment_id
        WHERE ps.draft_id = %(draft)s AND ps.provision_uid = %(uid)s
    """
    params = {"draft": draft.pk, "uid": uid}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({behind}) b", params)
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT count(*), count(DISTINCT a.campaign_id) FROM analysis_proposalanalysis a"
            f" WHERE a.run_id = (SELECT id FROM analysis_analysisrun WHERE status = 'done'"
            f"   ORDER BY finished_at DESC, id DESC LIMIT 1)"
            f" AND a.campaign_id IS NOT NULL AND a.proposal_id IN ({behind})",
            params,
        )
        letters, campaigns = cursor.fetchone()
        cursor.execute(
            f"SELECT p.region, count(*) FROM proposals_proposal p WHERE p.id IN ({behind})"
            " GROUP BY p.region ORDER BY count(*) DESC, p.region",
            params,
        )
        by_region = [(region or "", n) for region, n in cursor.fetchall()]
        pages = max(1, -(-total // PROPOSALS_PER_PAGE))
        page = min(max(page, 1), pages)
        cursor.execute(
            f"SELECT p.number FROM proposals_proposal p WHERE p.id IN ({behind})"
            " ORDER BY p.registered_at DESC, p.id DESC LIMIT %(limit)s OFFSET %(offset)s",
            {**params, "limit": PROPOSALS_PER_PAGE, "offset": (page - 1) * PROPOSALS_PER_PAGE},
        )
        numbers = [row[0] for row in cursor.fetchall()]
    return {
        "proposals": total,
        "ideas": total - letters + campaigns,
        "campaigns": campaigns,
        "by_region": by_region,
        "pages": pages,
        "numbers": numbers,
    }


def check(draft: Any, uid: str, deep: int) -> dict[str, Any]:
    from atazan.commission import selectors

    for page in (1, deep):
        trace = selectors.provision_trace(draft, uid, page)
        want = expected_figures(draft, uid, page)
        got = {
            "proposals": trace.support.proposals,
            "ideas": trace.support.ideas,
            "campaigns": trace.support.campaigns,
            "by_region": trace.by_region,
            "pages": trace.pages,
            "numbers": [p.number for p in trace.proposals],
        }
        if got != want:
            raise SystemExit(
                f"page {page}: the trace differs from plain SQL:\n"
                + "\n".join(f"  {k}: {got[k]!r} != {want[k]!r}" for k in want if got[k] != want[k])
            )
    return {k: want[k] for k in ("proposals", "ideas", "campaigns", "pages")} | {
        "regions": len(want["by_region"])
    }


def explain(client: Any, url: str, params: dict[str, str]) -> None:
    """The queries of one request, slowest first, with EXPLAIN ANALYZE of the slow ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url, params)
    timed = []
    for query in captured.captured_queries:
        sql = query["sql"]
        with connection.cursor() as cursor:
            t = time.perf_counter()
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            timed.append(((time.perf_counter() - t) * 1000, sql, plan))
    print(f"  {len(timed)} queries for {url} {params}")
    for ms, sql, plan in sorted(timed, key=lambda x: -x[0])[:6]:
        print(f"\n  --- {ms:.1f} ms: {sql[:600]}\n{plan}")


def measure(args: argparse.Namespace) -> dict[str, Any]:
    from django.test import Client
    from django.urls import reverse

    from atazan.commission.models import Draft

    draft = Draft.objects.select_related("version", "base").get(version__label=DRAFT_LABEL)
    changed, _ = _paragraph(draft.base, CHANGED)
    unchanged, _ = _paragraph(draft.base, UNCHANGED)
    started = time.monotonic()
    figures = check(draft, changed, args.deep_page)
    log(f"the trace matches plain SQL on pages 1 and {args.deep_page}: {figures}", started)
    trace_url = reverse("commission:provision", kwargs={"pk": draft.pk, "uid": changed})
    requests = {
        "trace, page 1": (trace_url, {}),
        f"trace, page {args.deep_page}": (trace_url, {"page": str(args.deep_page)}),
        "baseline: trace of an unchanged paragraph": (
            reverse("commission:provision", kwargs={"pk": draft.pk, "uid": unchanged}),
            {},
        ),
        "baseline: reading page of the draft (kk)": (
            reverse(
                "constitution:read",
                kwargs={"work": "kenbel", "version": DRAFT_LABEL, "lang": "kk"},
            ),
            {},
        ),
    }
    client = Client()
    if args.explain:
        explain(client, trace_url, {"page": str(args.deep_page)})
        explain(client, trace_url, {})
    expected = f"{figures['proposals']}</span>".encode()

    def get(url: str, params: dict[str, str]) -> float:
        t = time.perf_counter()
        response = client.get(url, params)
        ms = (time.perf_counter() - t) * 1000
        assert response.status_code == 200, (url, response.status_code)
        if url == trace_url:
            assert expected in response.content, "the page does not show the count"
        return ms

    for _ in range(5):
        for url, params in requests.values():
            get(url, params)
    timings: dict[str, list[float]] = {label: [] for label in requests}
    load_before = os.getloadavg()[0]
    for _ in range(args.requests):  # in turn, so that every page sees the same machine
        for label, (url, params) in requests.items():
            timings[label].append(get(url, params))
    load_after = os.getloadavg()[0]

    def summary(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {
            "p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
            "max_ms": round(ordered[-1], 1),
        }

    pages = {label: summary(values) for label, values in timings.items()}
    base_label = "baseline: trace of an unchanged paragraph"
    for row in pages.values():
        row["p95_ratio_to_unchanged_trace"] = round(row["p95_ms"] / pages[base_label]["p95_ms"], 2)
    return {
        "figures": figures,
        "pages": pages,
        "load_average_1min": [round(load_before, 2), round(load_after, 2)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=1_000_000)
    parser.add_argument("--linked", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--deep-page", type=int, default=150)
    parser.add_argument("--database", default="atazan_bench_trace")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--no-fresh", action="store_true", help="measure a kept database again")
    parser.add_argument("--explain", action="store_true", help="print the slow queries' plans")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = intake.database_url(args.database)
    os.environ["ATAZAN_DEBUG"] = "0"
    os.environ["ATAZAN_SECRET_KEY"] = intake.BENCH_SECRET
    os.environ["ATAZAN_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "atazan.settings"
    os.environ.setdefault("ATAZAN_DATA_DIR", str(intake.WORK / "data"))
    intake.WORK.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if not args.no_fresh:
        print(f"fresh database {args.database} ...", flush=True)
        intake.fresh_database(args.database)
        log("migrated", started)
    import django

    django.setup()
    if not args.no_fresh:
        print(
            f"data: {args.proposals:,} proposals, {args.linked:,} behind one provision ...",
            flush=True,
        )
        build(args)
    print(f"measuring {args.requests} requests per page after 5 warm-ups ...", flush=True)
    results: dict[str, Any] = {
        "database": args.database,
        "proposals": int(intake.psql(args.database, "SELECT count(*) FROM proposals_proposal")),
        "python": platform.python_version(),
        "postgresql": intake.psql(args.database, "SHOW server_version"),
        **measure(args),
        "cpu_calibration_ms": intake.cpu_calibration_ms(),
        "total_seconds": round(time.monotonic() - started),
    }
    print(json.dumps(results, indent=2, ensure_ascii=False))
    (intake.WORK / "trace-results.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    if not args.keep:
        from django.db import connections

        connections.close_all()
        intake.psql("postgres", f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        print(f"dropped {args.database} (--keep keeps it)")


if __name__ == "__main__":
    main()

"""Benchmark of duplicate and campaign detection alone, scored against the generator's truth.

The consultations are bench/bench_analysis.py's synthetic ones (the same seed, so the
same texts). Their truth is rebuilt here by replaying the generator's random draws: a
campaign letter belongs to its template, a resubmission to the letter it repeats, and
every other proposal to itself (texts that happen to be identical are one group). The
generated texts are checked against ``bench_analysis.synthetic`` before scoring.

Scoring counts pairs of records: precision is the share of pairs put together (one
campaign, or a link to the same first text) that truly belong together; recall is the
share of true pairs found. Each size runs in a child process, so its peak memory is its
own; words are prepared before the clock starts. Cost per record is shown as a ratio to
the first size, so linear growth reads as a ratio near 1.

Run: .venv/bin/python bench/bench_duplicates.py [--sizes 10000,100000,1000000]
     [--module path/to/other/duplicates.py]  (the same figures for another version)
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

#: The generated texts are compared with bench_analysis.synthetic on this many records.
_CHECKED = 5_000


def synthetic_with_truth(count: int, seed: int = 11) -> tuple[list[Any], list[str]]:
    """bench_analysis.synthetic's records and, for each, the name of its true group."""
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
    truth: list[str] = []
    group_of_text: dict[str, str] = {}
    for index in range(count):
        draw = rng.random()
        if draw < 0.07:
            # rng.choice on a list of the same length makes the same draw as on the templates.
            template_number = rng.choice(range(len(CAMPAIGN_TEMPLATES)))
            language, _topic, template = CAMPAIGN_TEMPLATES[template_number]
            text = campaign_copy(rng, template, language, "Сәуле")
            group = f"campaign-{template_number}"
        elif draw < 0.085 and records:
            source = rng.choice(range(len(records)))
            text = records[source].text
            group = truth[source]
        else:
            language = _pick(rng, LANGUAGE_WEIGHTS)
            text = with_context(
                rng, compose(rng, language, _pick(rng, TOPIC_WEIGHTS), None)[1], language
            )
            group = f"own-{index}"
        # A proposal that happens to repeat an earlier text word for word is that text's copy.
        group = group_of_text.setdefault(text, group) if group.startswith("own-") else group
        group_of_text.setdefault(text, group)
        records.append(Record(f"b{index:07d}", text))
        truth.append(group)
    return records, truth


def check_against_generator(records: Sequence[Any]) -> None:
    """Fail loudly if the replayed generator no longer writes bench_analysis's texts."""
    from bench_analysis import synthetic

    size = min(len(records), _CHECKED)
    expected = [r.text for r in synthetic(size)]
    if expected != [r.text for r in records[:size]]:
        raise SystemExit("bench_analysis.synthetic changed: the replayed truth is out of date")


def _pairs(counts: Counter[Any]) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def pairwise(predicted: Sequence[str], truth: Sequence[str]) -> dict[str, float]:
    """Pairwise precision and recall of a grouping against the true one."""
    predicted_pairs = _pairs(Counter(predicted))
    true_pairs = _pairs(Counter(truth))
    hits = _pairs(Counter(zip(predicted, truth, strict=True)))
    return {
        "precision": round(hits / predicted_pairs, 4) if predicted_pairs else 1.0,
        "recall": round(hits / true_pairs, 4) if true_pairs else 1.0,
        "true_pairs": true_pairs,
        "predicted_pairs": predicted_pairs,
    }


def predicted_groups(ids: Sequence[str], result: Any) -> list[str]:
    """Each record's group: its campaign, else the first text its link points at, else itself."""
    groups = []
    for record_id in ids:
        root = result.duplicate_of.get(record_id, record_id)
        groups.append(
            result.campaign_of.get(record_id) or result.campaign_of.get(root) or f"r-{root}"
        )
    return groups


def _load(module: str | None) -> Any:
    if not module:
        from atazan_analysis import duplicates

        return duplicates
    spec = importlib.util.spec_from_file_location("other_duplicates", module)
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = loaded  # dataclasses look their module up while it loads
    spec.loader.exec_module(loaded)
    return loaded


def one_size(count: int, module: str | None) -> dict[str, Any]:
    """Run in a child: generate, prepare, time the step, score it."""
    from atazan_analysis.textprep import prepare

    duplicates = _load(module)
    records, truth = synthetic_with_truth(count)
    check_against_generator(records)
    ids = [r.id for r in records]
    words = [prepare(r.text, r.title).words for r in records]
    del records
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    result = duplicates.find_duplicates(ids, words)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    outcome = json.dumps(
        [sorted(result.duplicate_of.items()), sorted(result.campaign_of.items())]
    ).encode()
    true_letters = sum(1 for g in truth if g.startswith("campaign-"))
    return {
        "size": count,
        "seconds": round(seconds, 2),
        "per_1000": seconds / count * 1000,
        "peak_mb": round(peak_mb),
        "peak_mb_before_step": round(before_mb),
        "in_campaigns": len(result.campaign_of),
        "campaign_letters": true_letters,
        "campaigns": len(result.campaigns),
        "links": len(result.duplicate_of),
        "score": pairwise(predicted_groups(ids, result), truth),
        "sha256": hashlib.sha256(outcome).hexdigest()[:16],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--module", help="another duplicates.py to measure the same way")
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_size(args.child, args.module)))
        return
    rows = []
    for size in args.sizes.split(","):
        command = [sys.executable, __file__, "--child", size]
        if args.module:
            command += ["--module", args.module]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{size} records failed:\n{done.stderr[-4000:]}")
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"{int(size):,} done in {rows[-1]['seconds']} s", file=sys.stderr, flush=True)
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(
        "| records | seconds | s per 1,000 | ratio | peak MB | in campaigns (true letters) "
        "| links | precision | recall |"
    )
    print("|---" * 9 + "|")
    base = rows[0]["per_1000"]
    for row in rows:
        score = row["score"]
        print(
            f"| {row['size']:,} | {row['seconds']} | {row['per_1000']:.3f} | "
            f"{row['per_1000'] / base:.2f} | {row['peak_mb']:,} | "
            f"{row['in_campaigns']:,} ({row['campaign_letters']:,}) | {row['links']:,} | "
            f"{score['precision']:.4f} | {score['recall']:.4f} |"
        )
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()

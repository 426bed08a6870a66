"""Every quality measurement of the analysis, in one call (``atazan evaluate_analysis``)."""

from __future__ import annotations

import csv
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from atazan_analysis.language import detect_many

HERE = Path(__file__).resolve().parent


def language_report(path: Path = HERE / "languages.tsv") -> dict[str, Any]:
    """Accuracy per label and script on the labelled set, and of the mixed flag."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    guesses = detect_many([row["text"] for row in rows])
    groups: dict[str, list[bool]] = defaultdict(list)
    mixed_right = 0
    for row, guess in zip(rows, guesses, strict=True):
        name = f"{row['label']} ({row['script']}{', mixed' if row['mixed'] == '1' else ''})"
        groups[name].append(guess.language == row["label"])
        mixed_right += guess.mixed == (row["mixed"] == "1")
    report: dict[str, Any] = {
        name: {"accuracy": round(sum(v) / len(v), 4), "texts": len(v)}
        for name, v in sorted(groups.items())
    }
    report["all"] = {
        "accuracy": round(sum(sum(v) for v in groups.values()) / len(rows), 4),
        "texts": len(rows),
    }
    report["mixed flag"] = {"accuracy": round(mixed_right / len(rows), 4), "texts": len(rows)}
    return report


def spanish_report(shared: Path) -> dict[str, Any]:
    """Share of Spanish texts called "other" (Chile's assemblies; Madrid's portal)."""
    from atazan_analysis.fileio import read_records
    from atazan_analysis.textprep import prepare

    report: dict[str, Any] = {}
    chile = shared / "chile2016-cabildos-regional.csv"
    if chile.exists():
        texts = [r.text for r in read_records(chile, "fundamento").records]
        guesses = Counter(g.language for g in detect_many([prepare(t).text for t in texts]))
        report["chile2016 fundamento"] = {
            "other": round(guesses["other"] / len(texts), 4),
            "texts": len(texts),
            "found": dict(guesses),
        }
    madrid = shared / "decide-madrid-proposals.csv"
    if madrid.exists():
        records = read_records(madrid, "description", "id", "title").records
        guesses = Counter(
            g.language for g in detect_many([prepare(r.text, r.title).text for r in records])
        )
        report["decide-madrid (includes English test posts)"] = {
            "other": round(guesses["other"] / len(records), 4),
            "texts": len(records),
            "found": dict(guesses),
        }
    return report


def citation_report(path: Path = HERE / "citations.tsv") -> dict[str, Any]:
    from atazan_analysis.evaluation.citation_scoring import load_cases, score

    scored = score(load_cases(path))
    return {
        language: {k: v for k, v in figures.items() if k != "failures"}
        for language, figures in scored.items()
    }


def campaign_report(shared: Path) -> dict[str, Any]:
    from atazan_analysis.duplicates import find_duplicates
    from atazan_analysis.evaluation.campaigns import build, score
    from atazan_analysis.fileio import read_records
    from atazan_analysis.textprep import prepare

    madrid = shared / "decide-madrid-proposals.csv"
    if not madrid.exists():
        return {"skipped": f"{madrid} is not present"}
    benchmark = build(read_records(madrid, "description", "id", "title").records)
    started = time.perf_counter()
    prepared = [prepare(r.text, r.title) for r in benchmark.records]
    result = find_duplicates([r.id for r in benchmark.records], [p.words for p in prepared])
    figures = score(benchmark, result.campaign_of)
    figures["seconds"] = round(time.perf_counter() - started, 3)
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()}


def run_all(shared: Path | None) -> dict[str, Any]:
    report: dict[str, Any] = {"language": language_report(), "citations": citation_report()}
    # Held-out sets, written independently of the code and never used to tune it.
    if (HERE / "languages_holdout.tsv").exists():
        report["language (held-out set)"] = language_report(HERE / "languages_holdout.tsv")
    if (HERE / "citations_holdout.tsv").exists():
        report["citations (held-out set)"] = citation_report(HERE / "citations_holdout.tsv")
    if shared is not None and shared.is_dir():
        report["language on Spanish"] = spanish_report(shared)
        report["campaigns (Madrid + generated)"] = campaign_report(shared)
        chile = shared / "chile2016-cabildos-regional.csv"
        if chile.exists():
            from atazan_analysis.evaluation.chile import evaluate

            report["themes and taxonomy (Chile 2016)"] = evaluate(chile)
    return report

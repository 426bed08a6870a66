"""Every quality measurement of the analysis, in one call (``atazan evaluate_analysis``)."""

from __future__ import annotations

import csv
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from atazan_analysis.language import DEFAULT_LANGUAGES, MIN_LETTERS, detect_many

HERE = Path(__file__).resolve().parent


def language_report(
    path: Path = HERE / "languages.tsv", languages: tuple[str, ...] = DEFAULT_LANGUAGES
) -> dict[str, Any]:
    """Accuracy per label and script on a labelled set, and of the mixed flag.

    A row labelled with a language that ``languages`` does not include is expected
    as "other", so one set measures both the default and the any-language mode.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    guesses = detect_many([row["text"] for row in rows], languages=languages)
    groups: dict[str, list[bool]] = defaultdict(list)
    mixed_right = 0
    for row, guess in zip(rows, guesses, strict=True):
        expected = row["label"] if row["label"] in languages else "other"
        name = f"{expected} ({row['script']}{', mixed' if row['mixed'] == '1' else ''})"
        groups[name].append(guess.language == expected)
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


def _spanish_shares(texts: list[str]) -> dict[str, Any]:
    """How Spanish texts come out with the default languages and with Spanish asked for.

    Texts without letters, or with fewer than four ("S/F", "NO", "x"), carry no
    language: they are counted apart, and the shares are over the rest.
    """
    letters = [sum(c.isalpha() for c in t) for t in texts]
    with_language = [t for t, n in zip(texts, letters, strict=True) if n >= MIN_LETTERS]
    figures: dict[str, Any] = {
        "texts": len(texts),
        "without letters": sum(n == 0 for n in letters),
        "with 1 to 3 letters": sum(0 < n < MIN_LETTERS for n in letters),
    }
    for mode, languages, target in (
        ("default", DEFAULT_LANGUAGES, "other"),
        ("es asked for", (*DEFAULT_LANGUAGES, "es"), "es"),
    ):
        found = Counter(g.language for g in detect_many(with_language, languages=languages))
        short = Counter(
            g.language
            for g in detect_many(
                [t for t, n in zip(texts, letters, strict=True) if 0 < n < MIN_LETTERS],
                languages=languages,
            )
        )
        figures[mode] = {
            target: round(found[target] / max(len(with_language), 1), 4),
            "found": dict(found),
            "found for 1 to 3 letters": dict(short),
        }
    return figures


def spanish_report(shared: Path) -> dict[str, Any]:
    """Spanish texts as "other" by default and as "es" when Spanish is asked for."""
    from atazan_analysis.fileio import read_records
    from atazan_analysis.textprep import prepare

    report: dict[str, Any] = {}
    chile = shared / "chile2016-cabildos-regional.csv"
    if chile.exists():
        texts = [prepare(r.text).text for r in read_records(chile, "fundamento").records]
        report["chile2016 fundamento"] = _spanish_shares(texts)
    madrid = shared / "decide-madrid-proposals.csv"
    if madrid.exists():
        records = read_records(madrid, "description", "id", "title").records
        report["decide-madrid (includes English test posts)"] = _spanish_shares(
            [prepare(r.text, r.title).text for r in records]
        )
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
    from atazan_analysis.evaluation.campaigns import build, build_short, score
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
    report: dict[str, Any] = {
        k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()
    }
    # Short letters (three or four sentences) in es, ru, en and kk, with look-alike decoys.
    short = build_short(read_records(madrid, "description", "id", "title").records)
    short_words = [prepare(r.text, r.title).words for r in short.records]
    short_result = find_duplicates([r.id for r in short.records], short_words)
    report["short letters"] = {
        k: round(v, 4) for k, v in score(short, short_result.campaign_of).items()
    }
    return report


def run_all(shared: Path | None) -> dict[str, Any]:
    report: dict[str, Any] = {"language": language_report(), "citations": citation_report()}
    from atazan_analysis.evaluation.linking import linking_report

    report["links without a cited article"] = linking_report()
    report["language (more development texts)"] = language_report(HERE / "languages_more.tsv")
    report["language (more development texts, es asked for)"] = language_report(
        HERE / "languages_more.tsv", (*DEFAULT_LANGUAGES, "es")
    )
    # Held-out sets, written independently of the code and never used to tune it.
    if (HERE / "languages_holdout.tsv").exists():
        report["language (held-out set)"] = language_report(HERE / "languages_holdout.tsv")
    if (HERE / "citations_holdout.tsv").exists():
        report["citations (held-out set)"] = citation_report(HERE / "citations_holdout.tsv")
    if (HERE / "crosslingual_themes.tsv").exists():
        from atazan_analysis.evaluation.crosslingual import evaluate as crosslingual_themes

        report["themes across kk, ru and en"] = crosslingual_themes()
    if shared is not None and shared.is_dir():
        report["language on Spanish"] = spanish_report(shared)
        report["campaigns (Madrid + generated)"] = campaign_report(shared)
        chile = shared / "chile2016-cabildos-regional.csv"
        if chile.exists():
            from atazan_analysis.evaluation.chile import evaluate

            report["themes and taxonomy (Chile 2016)"] = evaluate(chile)
    return report

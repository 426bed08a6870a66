"""Do the kk, ru and en versions of one idea land in one theme?

``crosslingual_themes.tsv`` holds constitutional proposals (idea_id,
language, text): each idea written in Kazakh, Russian and English, plus two
paraphrases in some of those languages. Themes are formed with as many
themes as there are ideas, first per language (how Atazan grouped themes
before), then across languages with the aligned kk/ru/en sample constitution,
and compared with the idea ids.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sklearn.metrics import adjusted_mutual_info_score

from atazan_analysis import pipeline
from atazan_analysis.crosslingual import ParallelSpace
from atazan_analysis.records import Record, Theme
from atazan_analysis.textprep import prepare
from atazan_analysis.themes import Idea, ThemeSettings, cluster_all
from atazan_texts import Document, load_document

HERE = Path(__file__).resolve().parent
SET = HERE / "crosslingual_themes.tsv"
SAMPLES = HERE.parents[1] / "atazan" / "constitution" / "samples"
LANGUAGES = ("kk", "ru", "en")


def load(path: Path = SET) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def sample_constitution(stem: str = "kenbel-1998") -> list[Document]:
    """The aligned kk/ru/en texts shipped with Atazan (one fictional constitution)."""
    return [
        load_document(SAMPLES / f"{stem}.{language}.txt", language=language, uid_namespace=stem)
        for language in LANGUAGES
    ]


def score(rows: Sequence[dict[str, str]], theme_of: dict[str, str | None]) -> dict[str, Any]:
    """How the themes match the ideas: together-rates, AMI and purity, overall and per language."""
    ids = [str(i) for i in range(len(rows))]
    themed = [i for i in ids if theme_of.get(i)]
    truth = [rows[int(i)]["idea_id"] for i in themed]
    found = [str(theme_of[i]) for i in themed]
    translations: dict[str, dict[str, str]] = defaultdict(dict)  # first text per language
    versions: dict[str, set[str | None]] = defaultdict(set)
    for i, row in zip(ids, rows, strict=True):
        translations[row["idea_id"]].setdefault(row["language"], i)
        versions[row["idea_id"]].add(theme_of.get(i))
    complete = [t for t in translations.values() if all(lang in t for lang in LANGUAGES)]
    report: dict[str, Any] = {
        "texts": len(rows),
        "ideas": len(translations),
        "themes": len(set(found)),
        "kk_ru_en_in_one_theme": round(
            sum(len({theme_of.get(t[lang]) for lang in LANGUAGES}) == 1 for t in complete)
            / max(len(complete), 1),
            4,
        ),
        "all_versions_in_one_theme": round(
            sum(len(v) == 1 and None not in v for v in versions.values()) / max(len(versions), 1),
            4,
        ),
        "ami": round(adjusted_mutual_info_score(truth, found), 4) if themed else 0.0,
        "purity": _purity(truth, found),
    }
    within: dict[str, float] = {}
    for language in LANGUAGES:
        part = [k for k, i in enumerate(themed) if rows[int(i)]["language"] == language]
        if part:
            within[language] = round(
                adjusted_mutual_info_score([truth[k] for k in part], [found[k] for k in part]), 4
            )
    report["ami_within_language"] = within
    return report


def _mean(reports: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Figure by figure mean of several reports of the same shape."""
    first = reports[0]
    mean: dict[str, Any] = {}
    for key, value in first.items():
        if isinstance(value, dict):
            mean[key] = _mean([r[key] for r in reports])
        else:
            mean[key] = round(sum(r[key] for r in reports) / len(reports), 4)
    return mean


def _purity(truth: Sequence[str], found: Sequence[str]) -> float:
    """Share of texts whose theme's commonest idea is their own."""
    members: dict[str, Counter[str]] = defaultdict(Counter)
    for gold, theme in zip(truth, found, strict=True):
        members[theme][gold] += 1
    right = sum(counts.most_common(1)[0][1] for counts in members.values())
    return round(right / max(len(truth), 1), 4)


def _theme_of(themes: Sequence[Theme]) -> dict[str, str | None]:
    return {member: theme.id for theme in themes for member in theme.members}


def evaluate(path: Path = SET, seeds: Sequence[int] = (2026, 1, 2, 3, 4)) -> dict[str, Any]:
    """Per-language themes (before) against cross-lingual themes (after), same theme count.

    k-means on 130 texts moves with its seed, so each figure is the mean over ``seeds``.
    """
    rows = load(path)
    ideas = [
        Idea(str(i), row["language"], prepare(row["text"]).words, row["text"])
        for i, row in enumerate(rows)
    ]
    count = len({row["idea_id"] for row in rows})
    documents = sample_constitution()
    space = ParallelSpace.from_documents(documents)
    report: dict[str, Any] = {"seeds": list(seeds)}
    for name, used in (("per_language (before)", None), ("across_languages (after)", space)):
        report[name] = _mean(
            [
                score(
                    rows,
                    _theme_of(
                        cluster_all(ideas, ThemeSettings(seed=seed, per_language=count), used)
                    ),
                )
                for seed in seeds
            ]
        )
    seed = seeds[0]
    # The whole run, with languages detected rather than given.
    result = pipeline.run(
        [Record(str(i), row["text"]) for i, row in enumerate(rows)],
        config=pipeline.Config(seed=seed, themes_per_language=count),
        constitution=documents,
    )
    report["pipeline, languages detected (after)"] = score(
        rows, {p.id: p.theme for p in result.proposals}
    )
    if space is not None:
        report["lexicon_entries"] = {lang: len(lex) for lang, lex in space.lexicons.items()}
        report["aligned_provisions"] = len(space.concepts)
    return report

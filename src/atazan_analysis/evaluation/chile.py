"""Themes and taxonomy measured on Chile's 2016 citizen assemblies (labelled by concept and theme).

Each row's free text (``fundamento``) was written to justify one concept from
a closed list (``concepto_nombre``, about 110) under one of four themes
(``tema``). The concept names become the taxonomy; the themes found by
clustering are compared with the concepts by adjusted mutual information.
Baselines run in the same call: the most frequent concept for every row,
plain word matching without self-training, and k-means on plain TF-IDF.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_mutual_info_score

from atazan_analysis import pipeline
from atazan_analysis.records import Record
from atazan_analysis.taxonomy import TaxonomySettings, assign
from atazan_analysis.textprep import prepare, stems


def load(path: str | Path, limit: int | None = None) -> list[dict[str, str]]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("concepto_nombre")]
    return rows[:limit] if limit else rows


def evaluate(path: str | Path, limit: int | None = None, seed: int = 2026) -> dict[str, Any]:
    rows = load(path, limit)
    concepts = sorted({row["concepto_nombre"] for row in rows if row["concepto_nombre"] != "Otro"})
    tema_of: dict[str, str] = {}
    for concept in concepts:
        tema_of[concept] = Counter(
            r["tema"] for r in rows if r["concepto_nombre"] == concept
        ).most_common(1)[0][0]
    records = [Record(str(i), row["fundamento"]) for i, row in enumerate(rows)]
    result = pipeline.run(
        records,
        config=pipeline.Config(seed=seed, themes_per_language=len(concepts)),
        taxonomy=concepts,
    )
    by_id = {p.id: p for p in result.proposals}
    substantive = [i for i, r in enumerate(records) if len(prepare(r.text).words) >= 5]
    report: dict[str, Any] = {
        "rows": len(rows),
        "rows_with_5_or_more_words": len(substantive),
        "concepts": len(concepts),
        "timings": result.info["timings"],
    }

    # Themes against concepts.
    themed = [i for i in substantive if by_id[str(i)].theme]
    truth = [rows[i]["concepto_nombre"] for i in themed]
    report["themes_ami"] = round(
        adjusted_mutual_info_score(truth, [by_id[str(i)].theme for i in themed]), 4
    )
    report["themes_found"] = len(result.themes)
    texts = [records[i].text for i in themed]
    baseline = KMeans(n_clusters=len(concepts), random_state=seed, n_init=1).fit_predict(
        TfidfVectorizer(min_df=2, max_df=0.5).fit_transform(texts)
    )
    report["baseline_tfidf_kmeans_ami"] = round(adjusted_mutual_info_score(truth, baseline), 4)

    # Taxonomy against concepts and their themes.
    labelled = [i for i in substantive if rows[i]["concepto_nombre"] in tema_of]
    gold = [rows[i]["concepto_nombre"] for i in labelled]
    gold_tema = [rows[i]["tema"] for i in labelled]
    ours = [by_id[str(i)].taxonomy_label for i in labelled]
    report["taxonomy_concept_accuracy"] = _accuracy(ours, gold)
    report["taxonomy_tema_accuracy"] = _accuracy(
        [tema_of.get(x or "", "") for x in ours], gold_tema
    )
    plain = assign(
        [stems(prepare(records[i].text).words, "other") for i in labelled],
        concepts,
        TaxonomySettings(rounds=0),
    )
    plain_labels = [a.label if a else None for a in plain]
    report["baseline_word_match_concept_accuracy"] = _accuracy(plain_labels, gold)
    report["baseline_word_match_tema_accuracy"] = _accuracy(
        [tema_of.get(x or "", "") for x in plain_labels], gold_tema
    )
    majority = Counter(gold).most_common(1)[0][0]
    report["baseline_majority_concept_accuracy"] = _accuracy([majority] * len(gold), gold)
    majority_tema = Counter(gold_tema).most_common(1)[0][0]
    report["baseline_majority_tema_accuracy"] = _accuracy([majority_tema] * len(gold), gold_tema)
    per_tema: dict[str, list[bool]] = defaultdict(list)
    for predicted, concept, tema in zip(ours, gold, gold_tema, strict=True):
        per_tema[tema].append(predicted == concept)
    report["taxonomy_concept_accuracy_per_tema"] = {
        t: round(float(np.mean(v)), 4) for t, v in sorted(per_tema.items())
    }
    return report


def _accuracy(predicted: list[str | None], gold: list[str]) -> float:
    return round(sum(p == g for p, g in zip(predicted, gold, strict=True)) / max(len(gold), 1), 4)

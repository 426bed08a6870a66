"""Themes and taxonomy measured on Chile's 2016 citizen assemblies (labelled by concept and theme).

Each row's free text (``fundamento``) was written to justify one concept from
a closed list (``concepto_nombre``, about 110) under one of four themes
(``tema``). The concept names become the taxonomy; the themes found by
clustering are compared with the concepts by adjusted mutual information.

The taxonomy is measured on the rows with at least five words, against
baselines computed in the same call: the most frequent concept for every row,
and plain TF-IDF matching (cosine of each text with each concept name over
word and character n-grams), which with examples becomes a nearest-centroid
classifier. The gold concepts are used only to score, never by the zero-shot
method. ``python -m atazan_analysis.evaluation.chile FILE`` prints the
taxonomy figures alone; ``evaluate`` adds the themes.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_mutual_info_score
from sklearn.preprocessing import normalize

from atazan_analysis import pipeline
from atazan_analysis.records import Record
from atazan_analysis.taxonomy import Assignment, TaxonomySettings, assign, corpus_language
from atazan_analysis.textprep import prepare, stems, words_of

#: Examples per concept on the learning curve (0 is the zero-shot method on the same split).
SHOTS = (0, 5, 20)
#: A concept name "built from common words" when each of its stems is in at least this share of texts.
COMMON_WORD_SHARE = 0.04


def load(path: str | Path, limit: int | None = None) -> list[dict[str, str]]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("concepto_nombre")]
    return rows[:limit] if limit else rows


def evaluate(path: str | Path, limit: int | None = None, seed: int = 2026) -> dict[str, Any]:
    """Themes (through a full run) and every taxonomy figure."""
    rows = load(path, limit)
    concepts = _concepts(rows)
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

    # The taxonomy as a full run gives it: over every record, duplicates read once.
    labelled = [i for i in substantive if rows[i]["concepto_nombre"] in concepts]
    gold = [rows[i]["concepto_nombre"] for i in labelled]
    in_run = [[label for label, _ in by_id[str(i)].taxonomy_top3] for i in labelled]
    report["taxonomy_in_full_run"] = _scores(in_run, gold)
    report["taxonomy"] = evaluate_taxonomy(path, limit, seed)
    return report


def evaluate_taxonomy(
    path: str | Path, limit: int | None = None, seed: int = 2026
) -> dict[str, Any]:
    """Zero-shot figures beside the baselines, the common-word check and the learning curve."""
    rows = load(path, limit)
    concepts = _concepts(rows)
    tema_of = _tema_of(rows, concepts)
    chosen = [
        row
        for row in rows
        if row["concepto_nombre"] in tema_of and len(prepare(row["fundamento"]).words) >= 5
    ]
    texts = [row["fundamento"] for row in chosen]
    words = [prepare(text).words for text in texts]
    gold = [row["concepto_nombre"] for row in chosen]
    gold_tema = [row["tema"] for row in chosen]

    ours = _labels(assign(words, concepts))
    plain = _top(tfidf_baseline(texts, concepts), concepts)
    majority = Counter(gold).most_common(1)[0][0]
    report: dict[str, Any] = {
        "texts": len(chosen),
        "concepts": len(concepts),
        "zero_shot": _scores(ours, gold),
        "baseline_tfidf_word_char": _scores(plain, gold),
        "baseline_majority": _scores([[majority]] * len(gold), gold),
        "tema_via_concept": {
            "zero_shot": _accuracy([tema_of[p[0]] if p else "" for p in ours], gold_tema),
            "baseline_tfidf_word_char": _accuracy(
                [tema_of[p[0]] if p else "" for p in plain], gold_tema
            ),
            "baseline_majority": _accuracy(
                [Counter(gold_tema).most_common(1)[0][0]] * len(gold), gold_tema
            ),
        },
    }
    per_tema: dict[str, list[bool]] = defaultdict(list)
    for predicted, concept, tema in zip(ours, gold, gold_tema, strict=True):
        per_tema[tema].append(bool(predicted) and predicted[0] == concept)
    report["zero_shot_top1_per_tema"] = {
        t: round(float(np.mean(v)), 4) for t, v in sorted(per_tema.items())
    }
    report["ablations"] = {
        name: _scores(_labels(assign(words, concepts, settings)), gold)
        for name, settings in (
            ("one model from the seeds, no further rounds", TaxonomySettings(rounds=0)),
            ("no background ratio", TaxonomySettings(topic_share=1.0)),
            ("names not kept in their topics", TaxonomySettings(name_weight=0.0)),
        )
    }
    report["common_word_names"] = common_word_report(words, concepts, gold, ours, plain)
    report["learning_curve"] = learning_curve(texts, words, gold, concepts, seed)
    return report


def tfidf_baseline(
    texts: Sequence[str],
    concepts: Sequence[str],
    examples: Sequence[tuple[str, str]] = (),
) -> np.ndarray:
    """Cosine of each text with each concept over word and character n-gram TF-IDF.

    With examples, a concept's vector is its name's plus the mean of its
    examples' (each normalised): a nearest-centroid classifier.
    """
    fitted = [*texts, *concepts, *(text for text, _ in examples)]
    word = TfidfVectorizer(sublinear_tf=True).fit(fitted)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True).fit(fitted)

    def vectors(values: Sequence[str]) -> sparse.csr_matrix:
        return normalize(sparse.hstack([word.transform(values), char.transform(values)]).tocsr())

    prototypes = vectors(concepts).toarray()
    if examples:
        example_vectors = vectors([text for text, _ in examples])
        for column, concept in enumerate(concepts):
            mine = [i for i, (_, label) in enumerate(examples) if label == concept]
            if mine:
                centroid = np.asarray(example_vectors[mine].mean(axis=0)).ravel()
                prototypes[column] += centroid / max(float(np.linalg.norm(centroid)), 1e-12)
    prototypes = normalize(prototypes)
    return np.asarray(vectors(texts) @ prototypes.T)


def common_word_report(
    words: Sequence[tuple[str, ...]],
    concepts: Sequence[str],
    gold: Sequence[str],
    ours: Sequence[list[str]],
    plain: Sequence[list[str]],
) -> dict[str, Any]:
    """Do names made of the consultation's everyday words attract texts that merely use them?

    For each name whose every stem is in at least COMMON_WORD_SHARE of the
    texts: how many texts each method gives it, against how many truly belong.
    """
    language = corpus_language(words)
    share: Counter[str] = Counter()
    for doc in words:
        share.update(set(stems(list(doc), language)))
    found: dict[str, Any] = {}
    for concept in concepts:
        name_stems = stems(list(words_of(concept)), language)
        if name_stems and all(share[s] >= COMMON_WORD_SHARE * len(words) for s in name_stems):
            found[concept] = {
                "true": sum(g == concept for g in gold),
                "given_zero_shot": sum(bool(p) and p[0] == concept for p in ours),
                "right_zero_shot": sum(
                    bool(p) and p[0] == concept == g for p, g in zip(ours, gold, strict=True)
                ),
                "given_baseline": sum(bool(p) and p[0] == concept for p in plain),
                "right_baseline": sum(
                    bool(p) and p[0] == concept == g for p, g in zip(plain, gold, strict=True)
                ),
            }
    return found


def learning_curve(
    texts: Sequence[str],
    words: Sequence[tuple[str, ...]],
    gold: Sequence[str],
    concepts: Sequence[str],
    seed: int,
) -> dict[str, Any]:
    """Half the texts are a pool of examples, drawn per concept with a fixed seed; half are scored."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(texts))
    pool, test = order[: len(order) // 2], order[len(order) // 2 :]
    by_concept: dict[str, list[int]] = defaultdict(list)
    for i in pool.tolist():
        by_concept[gold[i]].append(i)
    test_words = [words[i] for i in test]
    test_texts = [texts[i] for i in test]
    test_gold = [gold[i] for i in test]
    curve: dict[str, Any] = {"pool": len(pool), "scored": len(test)}
    # One shuffled pool per concept, so the 20 examples include the 5.
    shuffled = {c: rng.permutation(by_concept.get(c, [])).tolist() for c in concepts}
    for shots in SHOTS:
        picked = [i for concept in concepts for i in shuffled[concept][:shots]]
        ours = assign(test_words, concepts, examples=[(words[i], gold[i]) for i in picked])
        plain = tfidf_baseline(test_texts, concepts, [(texts[i], gold[i]) for i in picked])
        curve[f"{shots} per concept"] = {
            "examples": len(picked),
            "atazan": _scores(_labels(ours), test_gold),
            "baseline_tfidf_centroid": _scores(_top(plain, concepts), test_gold),
        }
    return curve


def _concepts(rows: Sequence[dict[str, str]]) -> list[str]:
    return sorted({row["concepto_nombre"] for row in rows if row["concepto_nombre"] != "Otro"})


def _tema_of(rows: Sequence[dict[str, str]], concepts: Sequence[str]) -> dict[str, str]:
    themes: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        themes[row["concepto_nombre"]][row["tema"]] += 1
    return {c: themes[c].most_common(1)[0][0] for c in concepts}


def _labels(assigned: Sequence[Assignment | None]) -> list[list[str]]:
    return [[label for label, _ in a.ranked] if a else [] for a in assigned]


def _top(scores: np.ndarray, concepts: Sequence[str], top: int = 3) -> list[list[str]]:
    order = np.argsort(-scores, axis=1, kind="stable")[:, :top]
    return [[concepts[j] for j in row if scores[i, j] > 0] for i, row in enumerate(order.tolist())]


def _scores(predicted: Sequence[list[str]], gold: Sequence[str]) -> dict[str, float]:
    """Top-1 and top-3 accuracy: the right concept first, or among the first three."""
    total = max(len(gold), 1)
    return {
        "top1": round(
            sum(bool(p) and p[0] == g for p, g in zip(predicted, gold, strict=True)) / total, 4
        ),
        "top3": round(sum(g in p[:3] for p, g in zip(predicted, gold, strict=True)) / total, 4),
    }


def _accuracy(predicted: Sequence[str], gold: Sequence[str]) -> float:
    return round(sum(p == g for p, g in zip(predicted, gold, strict=True)) / max(len(gold), 1), 4)


if __name__ == "__main__":
    print(json.dumps(evaluate_taxonomy(sys.argv[1]), indent=2, ensure_ascii=False))

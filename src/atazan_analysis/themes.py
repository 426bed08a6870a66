"""Themes: clusters of proposals with key-word labels and extractive summaries.

Proposals are clustered per language, so a label reads in the language of the
proposals it describes. The method is deliberately plain and reproducible:
TF-IDF over word stems and stem pairs, reduced by truncated SVD (latent
semantic analysis), then k-means with a fixed seed. The same data and seed
give the same themes. A campaign enters once, weighted by its supporters, so
five thousand copies of one letter do not become five thousand "votes" for a
cluster centre.

Labels are the terms that set a theme apart from the rest (class-based
TF-IDF), shown as the commonest full word behind each stem. Summaries are
sentences taken verbatim from member proposals, the ones nearest the theme's
centre, each with the id of its proposal.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from atazan_analysis.records import SummarySentence, Theme
from atazan_analysis.textprep import sentences, stems


@dataclass(frozen=True)
class ThemeSettings:
    seed: int = 2026
    per_language: int | None = None  # number of themes; None chooses from the data
    max_themes: int = 60
    min_documents: int = 6  # fewer proposals in a language: one theme for them all
    summary_sentences: int = 3
    label_terms: int = 4


@dataclass(frozen=True)
class Idea:
    """One distinct proposal (a campaign's representative stands for all of it)."""

    id: str
    language: str
    words: tuple[str, ...]
    text: str
    weight: int = 1


def features(tokens: list[str]) -> list[str]:
    """Stems and adjacent stem pairs: pairs carry phrases like "local self-government"."""
    return tokens + [f"{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def theme_count(n: int, settings: ThemeSettings) -> int:
    if settings.per_language:
        return max(1, min(settings.per_language, n))
    return max(2, min(settings.max_themes, round(math.sqrt(n / 4))))


def _readable(stem: str, words: Counter[str]) -> str:
    """The commonest full word behind a stem (or stem pair)."""
    parts = stem.split("_")
    shown = []
    for part in parts:
        best = max(
            (w for w in words if w.startswith(part)), key=lambda w: (words[w], w), default=part
        )
        shown.append(best)
    return " ".join(shown)


def _vectorize(docs: list[list[str]]) -> tuple[sparse.csr_matrix, TfidfVectorizer] | None:
    vectorizer = TfidfVectorizer(
        analyzer=lambda tokens: tokens,
        min_df=2,
        max_df=0.4,
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        matrix = vectorizer.fit_transform(docs)
    except ValueError:  # no term occurs twice: nothing to cluster on
        return None
    return matrix.tocsr(), vectorizer


def cluster_language(
    ideas: Sequence[Idea], language: str, settings: ThemeSettings, first_index: int = 1
) -> list[Theme]:
    """Themes for the ideas of one language."""
    if not ideas:
        return []
    docs = [features(stems(idea.words, language)) for idea in ideas]
    weights = np.array([idea.weight for idea in ideas], dtype=np.float64)
    vectorized = _vectorize(docs) if len(ideas) >= settings.min_documents else None
    if vectorized is None:
        labels = np.zeros(len(ideas), dtype=np.int64)
        matrix = None
        terms: np.ndarray | None = None
    else:
        matrix, vectorizer = vectorized
        terms = vectorizer.get_feature_names_out()
        k = min(theme_count(len(ideas), settings), matrix.shape[0])
        dims = max(1, min(100, matrix.shape[1] - 1, matrix.shape[0] - 1))
        reduced = TruncatedSVD(n_components=dims, random_state=settings.seed).fit_transform(matrix)
        reduced = normalize(reduced)
        if k <= 1:
            labels = np.zeros(len(ideas), dtype=np.int64)
        else:
            model = KMeans(n_clusters=k, random_state=settings.seed, n_init=2, max_iter=100)
            labels = model.fit_predict(reduced, sample_weight=weights)
    return _describe(ideas, labels, matrix, terms, language, settings, first_index)


def _describe(
    ideas: Sequence[Idea],
    labels: np.ndarray,
    matrix: sparse.csr_matrix | None,
    terms: np.ndarray | None,
    language: str,
    settings: ThemeSettings,
    first_index: int,
) -> list[Theme]:
    clusters: dict[int, list[int]] = {}
    for position, label in enumerate(labels.tolist()):
        clusters.setdefault(label, []).append(position)
    ordered = sorted(
        clusters.values(), key=lambda members: (-sum(ideas[m].weight for m in members), members[0])
    )
    overall = np.asarray(matrix.mean(axis=0)).ravel() if matrix is not None else None
    themes = []
    for offset, members in enumerate(ordered):
        keywords = _keywords(ideas, members, matrix, terms, overall, settings)
        summary = _summary(ideas, members, matrix, language, settings)
        themes.append(
            Theme(
                id=f"{language}-{first_index + offset:03d}",
                label=" · ".join(keywords[:3]) if keywords else "—",
                language=language,
                keywords=keywords,
                members=[ideas[m].id for m in members],
                supporters=sum(ideas[m].weight for m in members),
                summary=summary,
            )
        )
    return themes


def _keywords(
    ideas: Sequence[Idea],
    members: list[int],
    matrix: sparse.csr_matrix | None,
    terms: np.ndarray | None,
    overall: np.ndarray | None,
    settings: ThemeSettings,
) -> list[str]:
    words: Counter[str] = Counter()
    for m in members[:500]:
        words.update(w for w in ideas[m].words if len(w) > 2)
    if matrix is None or terms is None or overall is None:
        return [w for w, _ in words.most_common(settings.label_terms)]
    mean = np.asarray(matrix[members].mean(axis=0)).ravel()
    distinctive = mean * np.log1p(mean / (overall + 1e-9))
    shown: list[str] = []
    for index in np.argsort(-distinctive, kind="stable")[: settings.label_terms * 4].tolist():
        if distinctive[index] <= 0:
            break
        word = _readable(str(terms[index]), words)
        used = {w for phrase in shown for w in phrase.split()}
        if not used & set(word.split()):
            shown.append(word)
        if len(shown) >= settings.label_terms:
            break
    return shown


def _summary(
    ideas: Sequence[Idea],
    members: list[int],
    matrix: sparse.csr_matrix | None,
    language: str,
    settings: ThemeSettings,
) -> list[SummarySentence]:
    if matrix is not None:
        centre = np.asarray(matrix[members].mean(axis=0)).ravel()
        closeness = matrix[members] @ centre
        order = [members[i] for i in np.argsort(-closeness, kind="stable")[:60].tolist()]
    else:
        order = members[:60]
    picked: list[SummarySentence] = []
    seen: list[set[str]] = []
    for m in order:
        for sentence in sentences(ideas[m].text):
            tokens = set(stems(tuple(sentence.lower().split()), language))
            if len(tokens) < 3 or any(
                len(tokens & other) / len(tokens | other) > 0.5 for other in seen
            ):
                continue
            picked.append(SummarySentence(sentence, ideas[m].id))
            seen.append(tokens)
            break
        if len(picked) >= settings.summary_sentences:
            break
    return picked


def pinned_theme(
    ideas: Sequence[Idea], label: str, language: str, index: int, settings: ThemeSettings
) -> Theme:
    """A theme analysts formed by merging or splitting: it keeps their label and members."""
    members = list(range(len(ideas)))
    summary = _summary(ideas, members, None, language, settings)
    words: Counter[str] = Counter()
    for idea in ideas:
        words.update(w for w in idea.words if len(w) > 3)
    return Theme(
        id=f"pinned-{index:03d}",
        label=label,
        language=language,
        keywords=[w for w, _ in words.most_common(settings.label_terms)],
        members=[idea.id for idea in ideas],
        supporters=sum(idea.weight for idea in ideas),
        summary=summary,
        pinned=True,
    )

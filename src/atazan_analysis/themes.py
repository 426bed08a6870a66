"""Themes: clusters of proposals with key-word labels and extractive summaries.

The method is deliberately plain and reproducible: TF-IDF over word stems and
stem pairs, reduced by truncated SVD (latent semantic analysis), then k-means
with a fixed seed. The same data and seed give the same themes. A campaign
enters once, weighted by its supporters, so five thousand copies of one
letter do not become five thousand "votes" for a cluster centre.

Languages whose constitution text is one of a set of aligned translations
(kk, ru, en with shared provision uids) are clustered together, so one idea
in three languages is one theme: Kazakh and English stems are translated into
Russian stems with a lexicon learnt from the aligned provisions, and each
proposal is also placed by its closeness to those provisions (see
``crosslingual``). Other languages, and every language when no aligned texts
are given, are clustered on their own words alone.

Labels are the terms that set a theme apart from the rest (class-based
TF-IDF), in the language most of its supporters wrote in, shown as the
commonest full word behind each stem. Summaries are sentences taken verbatim
from member proposals, the ones nearest the theme's centre, each with the id
of its proposal.

Small or degenerate groups (no ideas, one idea, identical texts, a
vocabulary of one term, texts of stop words only) give one theme or none,
never an error: one odd language group must not stop a run of thousands.
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

from atazan_analysis.crosslingual import ParallelSpace
from atazan_analysis.records import SummarySentence, Theme
from atazan_analysis.textprep import sentences, stems

#: Below this many features or rows an SVD has nothing to reduce; the TF-IDF rows are used as they are.
MIN_SVD_SIZE = 3


@dataclass(frozen=True)
class ThemeSettings:
    seed: int = 2026
    per_language: int | None = None  # number of themes per group; None chooses from the data
    max_themes: int = 60
    min_documents: int = 6  # fewer proposals in a group: one theme for them all
    summary_sentences: int = 3
    label_terms: int = 4
    concept_weight: float = 1.5  # weight of closeness to provisions beside the (pivot) words


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


def cluster_all(
    ideas: Sequence[Idea], settings: ThemeSettings, space: ParallelSpace | None = None
) -> list[Theme]:
    """Themes for every idea: languages ``space`` aligns together, the others one by one."""
    joined = [idea for idea in ideas if space is not None and space.covers(idea.language)]
    if space is None or len({idea.language for idea in joined}) < 2:
        joined = []
    by_language: dict[str, list[Idea]] = {}
    for idea in ideas:
        if not joined or not space or not space.covers(idea.language):
            by_language.setdefault(idea.language, []).append(idea)
    themes: list[Theme] = []
    if joined and space is not None:
        themes.extend(cluster_languages(joined, space, settings))
    for language in sorted(by_language):
        themes.extend(cluster_language(by_language[language], language, settings))
    return themes


def cluster_language(
    ideas: Sequence[Idea], language: str, settings: ThemeSettings, first_index: int = 1
) -> list[Theme]:
    """Themes for the ideas of one language, on their own words."""
    if not ideas:
        return []
    docs = [features(stems(idea.words, language)) for idea in ideas]
    vectorized = _vectorize(docs) if len(ideas) >= settings.min_documents else None
    if vectorized is None:
        labels = np.zeros(len(ideas), dtype=np.int64)
        return _describe(ideas, labels, None, {language: (None, None)}, settings, first_index)
    matrix, terms = vectorized
    labels = _cluster(matrix, ideas, settings)
    return _describe(ideas, labels, matrix, {language: (matrix, terms)}, settings, first_index)


def cluster_languages(
    ideas: Sequence[Idea], space: ParallelSpace, settings: ThemeSettings, first_index: int = 1
) -> list[Theme]:
    """Themes across languages: pivot-language stems plus closeness to aligned provisions."""
    if not ideas:
        return []
    own = [stems(idea.words, idea.language) for idea in ideas]
    keyword_sources = _keyword_sources(ideas, own, settings)
    pivot = [
        features(space.to_pivot(tokens, idea.language))
        for tokens, idea in zip(own, ideas, strict=True)
    ]
    vectorized = _vectorize(pivot) if len(ideas) >= settings.min_documents else None
    if vectorized is None:
        labels = np.zeros(len(ideas), dtype=np.int64)
        return _describe(ideas, labels, None, keyword_sources, settings, first_index)
    words, _terms = vectorized
    concepts = space.concept_vectors(own, [idea.language for idea in ideas])
    joint = sparse.hstack(
        [normalize(words), concepts * settings.concept_weight], format="csr", dtype=np.float32
    )
    labels = _cluster(joint, ideas, settings)
    return _describe(ideas, labels, joint, keyword_sources, settings, first_index)


def _keyword_sources(
    ideas: Sequence[Idea], own: Sequence[list[str]], settings: ThemeSettings
) -> dict[str, tuple[sparse.csr_matrix | None, np.ndarray | None]]:
    """Per language, a TF-IDF matrix of its own ideas (rows in idea order) to label themes with."""
    sources: dict[str, tuple[sparse.csr_matrix | None, np.ndarray | None]] = {}
    for language in sorted({idea.language for idea in ideas}):
        rows = [i for i, idea in enumerate(ideas) if idea.language == language]
        vectorized = _vectorize([features(own[i]) for i in rows]) if len(rows) >= 2 else None
        if vectorized is None:
            sources[language] = (None, None)
            continue
        local, terms = vectorized
        spread = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, np.arange(len(rows)))),
            shape=(len(ideas), len(rows)),
        )
        sources[language] = ((spread @ local).tocsr(), terms)
    return sources


def _vectorize(docs: list[list[str]]) -> tuple[sparse.csr_matrix, np.ndarray] | None:
    """TF-IDF of terms that occur at least twice and not everywhere; None if no such term."""
    vectorizer = TfidfVectorizer(
        analyzer=lambda tokens: tokens,
        min_df=2,
        max_df=0.4,
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        matrix = vectorizer.fit_transform(docs)
    except ValueError:  # no term occurs twice, or every term is everywhere
        return None
    return matrix.tocsr(), vectorizer.get_feature_names_out()


def _reduce(matrix: sparse.csr_matrix, seed: int) -> np.ndarray:
    """Latent semantic analysis when there is something to reduce; the rows as they are if not."""
    rows, columns = matrix.shape
    if rows < MIN_SVD_SIZE or columns < MIN_SVD_SIZE:
        return normalize(matrix.toarray())
    dims = max(1, min(100, columns - 1, rows - 1))
    reduced = TruncatedSVD(n_components=dims, random_state=seed).fit_transform(matrix)
    return normalize(reduced)


def _cluster(
    matrix: sparse.csr_matrix, ideas: Sequence[Idea], settings: ThemeSettings
) -> np.ndarray:
    """k-means over the reduced rows, weighted by supporters; never more themes than distinct rows."""
    points = _reduce(matrix, settings.seed)
    distinct = len(np.unique(np.round(points, 6), axis=0))
    k = min(theme_count(len(ideas), settings), distinct)
    if k <= 1:
        return np.zeros(len(ideas), dtype=np.int64)
    weights = np.array([max(idea.weight, 1) for idea in ideas], dtype=np.float64)
    model = KMeans(n_clusters=k, random_state=settings.seed, n_init=2, max_iter=100)
    return model.fit_predict(points, sample_weight=weights)


def _readable(stem: str, words: Counter[str], behind: dict[str, list[str]]) -> str:
    """The commonest full word behind a stem (or stem pair): one that stems to it, else starts so."""
    shown = []
    for part in stem.split("_"):
        candidates = behind.get(part) or [w for w in words if w.startswith(part)]
        shown.append(max(candidates, key=lambda w: (words[w], w), default=part))
    return " ".join(shown)


def _describe(
    ideas: Sequence[Idea],
    labels: np.ndarray,
    matrix: sparse.csr_matrix | None,
    keyword_sources: dict[str, tuple[sparse.csr_matrix | None, np.ndarray | None]],
    settings: ThemeSettings,
    first_index: int,
) -> list[Theme]:
    clusters: dict[int, list[int]] = {}
    for position, label in enumerate(labels.tolist()):
        clusters.setdefault(label, []).append(position)
    ordered = sorted(
        clusters.values(), key=lambda members: (-sum(ideas[m].weight for m in members), members[0])
    )
    overall: dict[str, np.ndarray] = {}
    for language, (source, _terms) in keyword_sources.items():
        if source is not None:
            rows = [i for i, idea in enumerate(ideas) if idea.language == language]
            overall[language] = np.asarray(source[rows].mean(axis=0)).ravel()
    themes = []
    for offset, members in enumerate(ordered):
        supporters: Counter[str] = Counter()
        for m in members:
            supporters[ideas[m].language] += ideas[m].weight
        languages = sorted(supporters, key=lambda lang: (-supporters[lang], lang))
        language = languages[0]
        own = [m for m in members if ideas[m].language == language]
        source, terms = keyword_sources.get(language, (None, None))
        keywords = _keywords(ideas, own, source, terms, overall.get(language), language, settings)
        summary = _summary(ideas, members, matrix, settings)
        themes.append(
            Theme(
                id=f"{'+'.join(sorted(languages))}-{first_index + offset:03d}",
                label=" · ".join(keywords[:3]) if keywords else "—",
                language=language,
                keywords=keywords,
                members=[ideas[m].id for m in members],
                supporters=sum(ideas[m].weight for m in members),
                summary=summary,
                languages=sorted(languages),
            )
        )
    return themes


def _keywords(
    ideas: Sequence[Idea],
    members: list[int],
    matrix: sparse.csr_matrix | None,
    terms: np.ndarray | None,
    overall: np.ndarray | None,
    language: str,
    settings: ThemeSettings,
) -> list[str]:
    """Terms frequent in the theme and rarer in the rest of its language (class-based TF-IDF)."""
    words: Counter[str] = Counter()
    for m in members[:500]:
        words.update(w for w in ideas[m].words if len(w) > 2)
    if matrix is None or terms is None or overall is None or not members:
        return [w for w, _ in words.most_common(settings.label_terms)]
    mean = np.asarray(matrix[members].mean(axis=0)).ravel()
    distinctive = mean * np.log1p(mean / (overall + 1e-9))
    behind: dict[str, list[str]] = {}
    for word in words:
        for stem in stems((word,), language):
            behind.setdefault(stem, []).append(word)
    shown: list[str] = []
    for index in np.argsort(-distinctive, kind="stable")[: settings.label_terms * 4].tolist():
        if distinctive[index] <= 0:
            break
        word = _readable(str(terms[index]), words, behind)
        used = {w for phrase in shown for w in phrase.split()}
        if not used & set(word.split()):
            shown.append(word)
        if len(shown) >= settings.label_terms:
            break
    return shown or [w for w, _ in words.most_common(settings.label_terms)]


def _summary(
    ideas: Sequence[Idea],
    members: list[int],
    matrix: sparse.csr_matrix | None,
    settings: ThemeSettings,
) -> list[SummarySentence]:
    if matrix is not None:
        centre = np.asarray(matrix[members].mean(axis=0)).ravel()
        closeness = np.asarray(matrix[members] @ centre).ravel()
        order = [members[i] for i in np.argsort(-closeness, kind="stable")[:60].tolist()]
    else:
        order = members[:60]
    picked: list[SummarySentence] = []
    seen: list[set[str]] = []
    for m in order:
        for sentence in sentences(ideas[m].text):
            tokens = set(stems(tuple(sentence.lower().split()), ideas[m].language))
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
    summary = _summary(ideas, members, None, settings)
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
        languages=sorted({idea.language for idea in ideas}),
    )

"""Assigning proposals to a given list of topics, with a score.

There are no labelled examples, only the topics' own words, so assignment is
"dataless": each proposal is first compared with each topic's words; the
proposals that match one topic clearly then lend that topic their
vocabulary (a centroid), and everything is compared again. Two rounds of
this self-training take a topic named "Equality" to proposals that speak of
"equal pay" and "discrimination" without saying "equality". The score is the
cosine similarity to the chosen topic, from 0 to 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from atazan_analysis.textprep import STEM_LENGTH, words_of
from atazan_analysis.themes import features


@dataclass(frozen=True)
class TaxonomySettings:
    rounds: int = 2
    confident_share: float = 0.5  # of each topic's best matches, the share used as its examples
    topic_weight: float = 0.5  # how much the topic's own words weigh in its centroid


@dataclass(frozen=True)
class Assignment:
    label: str
    score: float


def read_taxonomy(lines: Sequence[str]) -> list[str]:
    """Topics, one per line; blank lines and lines starting with # are skipped."""
    topics = []
    for line in lines:
        value = line.strip()
        if value and not value.startswith("#") and value not in topics:
            topics.append(value)
    return topics


def _topic_tokens(topic: str) -> list[str]:
    return [w[:STEM_LENGTH] for w in words_of(topic) if len(w) > 2]


def assign(
    docs: Sequence[list[str]], topics: Sequence[str], settings: TaxonomySettings | None = None
) -> list[Assignment | None]:
    """The best topic for each document (given as stem lists), or None when nothing matches."""
    settings = settings or TaxonomySettings()
    if not topics or not docs:
        return [None] * len(docs)
    topic_docs = [features(_topic_tokens(t)) for t in topics]
    doc_features = [features(list(d)) for d in docs]
    vectorizer = TfidfVectorizer(
        analyzer=lambda tokens: tokens,
        sublinear_tf=True,
        dtype=np.float32,
        min_df=1,
    )
    try:
        vectorizer.fit(doc_features + topic_docs)
    except ValueError:
        return [None] * len(docs)
    x = vectorizer.transform(doc_features)
    t = vectorizer.transform(topic_docs)
    scores = (x @ t.T).toarray()
    for _ in range(settings.rounds):
        centroids = _centroids(x, t, scores, settings)
        scores = (x @ centroids.T).toarray() if sparse.issparse(centroids) else x @ centroids.T
    result: list[Assignment | None] = []
    best = np.argmax(scores, axis=1)
    for row, column in enumerate(best.tolist()):
        value = float(scores[row, column])
        result.append(Assignment(topics[column], round(value, 4)) if value > 0 else None)
    return result


def _centroids(
    x: sparse.csr_matrix, t: sparse.csr_matrix, scores: np.ndarray, settings: TaxonomySettings
) -> np.ndarray:
    best = np.argmax(scores, axis=1)
    top = scores[np.arange(len(best)), best]
    centroids = np.asarray(t.todense(), dtype=np.float64) * settings.topic_weight
    for column in range(t.shape[0]):
        rows = np.flatnonzero((best == column) & (top > 0))
        if not len(rows):
            continue
        cut = np.quantile(top[rows], 1 - settings.confident_share)
        chosen = rows[top[rows] >= cut]
        mean = np.asarray(x[chosen].mean(axis=0)).ravel()
        norm = np.linalg.norm(mean)
        if norm:
            centroids[column] += (1 - settings.topic_weight) * mean / norm
    return normalize(centroids)

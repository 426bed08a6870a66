"""Assigning proposals to an analyst's list of topics, with the three best and their scores.

Zero-shot, there are only the topics' names. Each proposal is first compared
with each name (TF-IDF cosine over word stems, the weights learnt from the
whole collection, so a name made of words every proposal uses matches weakly).
The proposals whose best name clearly leads the second become soft seeds, and
a naive Bayes model is grown from them by expectation-maximisation: each
round, every topic's word distribution is re-estimated from the proposals it
holds, and every proposal is re-read against those distributions. That takes a
topic named "Equality" to proposals that speak of "equal pay" and
"discrimination" without saying "equality".

Three guards keep the topics from drifting away from their names:

* a topic's words are compared with the collection's background distribution
  (a log-likelihood ratio), so the words of the consultation itself
  ("constitution", "right", "state") carry almost no evidence for any topic;
* each topic keeps its own name as one of its documents in every round;
* a topic nothing supports (no seed, no example, no usable word) is never
  chosen, instead of soaking up every proposal its rivals explain badly.

Few-shot, analysts' confirmed examples enter every round as fixed members of
their topic, so a handful per topic corrects names that say little
("Respect") or that share words with other names. Each weighs half a
proposal: the model already holds hundreds of proposals per topic, and
heavier examples let a few atypical ones pull a topic away from the rest
(on Chile's assemblies, 5 examples per topic at weight 5 lowered top-1
accuracy from 42% to 36%; at 0.5 they raise it to 45%).

Scores are the model's probabilities (0 to 1, summing to at most 1 over the
three shown), softened by the number of words a proposal has, because naive
Bayes otherwise treats every repeated word as fresh evidence and is certain
of everything.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.special import softmax

from atazan_analysis.textprep import stemming_language, stems, words_of

#: How many words, spread over the collection, decide its language when the detector says "other".
_LANGUAGE_SAMPLE_WORDS = 300


@dataclass(frozen=True)
class TaxonomySettings:
    """Parameters of the assignment; every run records them."""

    rounds: int = 3  # expectation-maximisation rounds after the name matching
    seed_temperature: float = 0.2  # softness of the first, name-based membership
    seed_margin: float = 0.05  # a seed's best name must lead its second by this cosine
    smoothing: float = 0.1  # added to every word count of every topic
    topic_share: float = 0.8  # a topic's own words against the background, in its distribution
    name_weight: float = 1.0  # how many proposals a topic's name counts for in its model
    example_weight: float = 0.5  # how many proposals one analyst's example counts for
    top: int = 3


@dataclass(frozen=True)
class Assignment:
    """The best topic and score, and the ``top`` best as (label, score) pairs, best first."""

    label: str
    score: float
    ranked: tuple[tuple[str, float], ...] = ()


def read_taxonomy(lines: Sequence[str]) -> list[str]:
    """Topics, one per line; blank lines and lines starting with # are skipped."""
    topics = []
    for line in lines:
        value = line.strip()
        if value and not value.startswith("#") and value not in topics:
            topics.append(value)
    return topics


def read_examples(path: str | Path) -> list[tuple[str, str]]:
    """Labelled texts from a CSV with columns ``text`` and ``topic`` (comma, semicolon or tab).

    Rows with an empty text or topic are skipped; a missing column is an error
    that names the columns there are.
    """
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(8192)
        handle.seek(0)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(handle, dialect=dialect)
        columns = [c.strip() for c in reader.fieldnames or []]
        missing = [c for c in ("text", "topic") if c not in columns]
        if missing:
            raise ValueError(
                f"{path}: no column {', '.join(missing)}; the columns are: {', '.join(columns)}"
            )
        examples = []
        for row in reader:
            cells = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
            if cells["text"] and cells["topic"]:
                examples.append((cells["text"], cells["topic"]))
    return examples


def corpus_language(docs: Sequence[Sequence[str]], language: str = "other") -> str:
    """One stemming language for the whole collection and its topic names.

    Names are too short to place on their own, and stemming them differently
    from the proposals would stop them matching at all; so the collection's
    detected language is used, or, for "other", the language its function
    words point to in a sample spread over the collection.
    """
    if language != "other":
        return language
    sample: list[str] = []
    step = max(1, len(docs) // 100)
    for doc in docs[::step]:
        sample.extend(doc[:20])
        if len(sample) >= _LANGUAGE_SAMPLE_WORDS:
            break
    return stemming_language(sample, language)


def assign(
    docs: Sequence[Sequence[str]],
    topics: Sequence[str],
    settings: TaxonomySettings | None = None,
    *,
    language: str = "other",
    examples: Sequence[tuple[Sequence[str], str]] = (),
) -> list[Assignment | None]:
    """The best topics for each document (given as its words), or None when nothing matches.

    ``examples`` are (words, topic) pairs confirmed by analysts or read from a
    labelled file; those naming a topic not in ``topics`` are ignored.
    ``language`` is the collection's language ("other" when unknown).
    """
    settings = settings or TaxonomySettings()
    names = list(dict.fromkeys(topics))
    if not names or not docs:
        return [None] * len(docs)
    resolved = corpus_language([*docs, *(words for words, _ in examples)], language)
    doc_tokens = [stems(list(d), resolved) for d in docs]
    name_tokens = [stems(list(words_of(n)), resolved) for n in names]
    column = {name: i for i, name in enumerate(names)}
    known_examples = [(words, column[label]) for words, label in examples if label in column]
    example_tokens = [stems(list(words), resolved) for words, _ in known_examples]
    vocabulary = _vocabulary([*doc_tokens, *name_tokens, *example_tokens])
    if not vocabulary:
        return [None] * len(docs)
    counts = _counts(doc_tokens, vocabulary)
    name_counts = _counts(name_tokens, vocabulary)
    example_counts = _counts(example_tokens, vocabulary)
    example_members = np.zeros((len(known_examples), len(names)))
    for row, (_, topic) in enumerate(known_examples):
        example_members[row, topic] = 1.0

    # A name every document matches a little (its words are the consultation's own) is worth
    # only what a document matches it beyond that usual level.
    matches = _name_similarity(counts, name_counts)
    matches = matches - matches.mean(axis=0, keepdims=True)
    members = _seeds(matches, np.asarray(name_counts.sum(axis=1)).ravel() > 0, settings)
    log_odds = _topic_log_odds(
        counts, members, name_counts, example_counts, example_members, settings
    )
    for _ in range(settings.rounds):
        members = _memberships(_evidence(counts, log_odds))
        log_odds = _topic_log_odds(
            counts, members, name_counts, example_counts, example_members, settings
        )
    return _ranked(counts, log_odds, names, settings)


def _vocabulary(token_lists: Sequence[list[str]]) -> dict[str, int]:
    vocabulary: dict[str, int] = {}
    for tokens in token_lists:
        for token in tokens:
            vocabulary.setdefault(token, len(vocabulary))
    return vocabulary


def _counts(token_lists: Sequence[list[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    rows, cols = [], []
    for row, tokens in enumerate(token_lists):
        for token in tokens:
            if token in vocabulary:
                rows.append(row)
                cols.append(vocabulary[token])
    data = np.ones(len(rows))
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=(len(token_lists), len(vocabulary)))
    matrix.sum_duplicates()
    return matrix


def _tfidf(matrix: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    weighted = matrix.copy().astype(np.float64)
    weighted.data = 1.0 + np.log(weighted.data)
    weighted = sparse.csr_matrix(weighted.multiply(idf[np.newaxis, :]))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ weighted)


def _name_similarity(counts: sparse.csr_matrix, name_counts: sparse.csr_matrix) -> np.ndarray:
    """Cosine of each document with each name, with inverse document frequencies of the whole set.

    The frequencies are counted over proposals and names together, so a word
    only names use still has a weight and one every proposal uses has almost none.
    """
    together = sparse.vstack([counts, name_counts]).tocsc()
    documents = together.shape[0]
    frequency = np.diff(together.indptr)
    idf = np.log((1.0 + documents) / (1.0 + frequency)) + 1.0
    return np.asarray((_tfidf(counts, idf) @ _tfidf(name_counts, idf).T).todense())


def _seeds(matches: np.ndarray, named: np.ndarray, settings: TaxonomySettings) -> np.ndarray:
    """Soft first memberships: only documents whose best name clearly beats the second.

    ``matches`` are above (positive) or below each name's usual level; a seed
    must pass that level as well as the second name by the margin.

    The softmax gives every topic with a usable name a share, most to the best
    match: a broad start from which the rounds sharpen each topic (a start
    restricted to matched names alone lost 5 points of accuracy on Chile's
    assemblies). Names without a usable word get nothing.
    """
    ordered = -np.sort(-matches, axis=1)
    best = ordered[:, 0]
    second = ordered[:, 1] if matches.shape[1] > 1 else np.zeros_like(best)
    clear = best - np.maximum(second, 0.0) >= settings.seed_margin
    logits = np.where(named[np.newaxis, :], matches / settings.seed_temperature, -np.inf)
    members = np.zeros_like(matches)
    members[clear] = softmax(logits[clear], axis=1)
    return members


def _topic_log_odds(
    counts: sparse.csr_matrix,
    members: np.ndarray,
    name_counts: sparse.csr_matrix,
    example_counts: sparse.csr_matrix,
    example_members: np.ndarray,
    settings: TaxonomySettings,
) -> np.ndarray:
    """Per topic and word, log of how much likelier the word is in the topic than in the collection.

    A topic with no support at all gets minus infinity everywhere: it cannot be chosen.
    """
    word_totals = (
        np.asarray(counts.sum(axis=0)).ravel() + np.asarray(name_counts.sum(axis=0)).ravel()
    )
    background = (word_totals + settings.smoothing) / (
        word_totals.sum() + settings.smoothing * len(word_totals)
    )
    topic_words = np.asarray((sparse.csr_matrix(members.T) @ counts).todense())
    topic_words += settings.name_weight * name_counts.toarray()
    if example_counts.shape[0]:
        topic_words += settings.example_weight * np.asarray(
            (sparse.csr_matrix(example_members.T) @ example_counts).todense()
        )
    support = topic_words.sum(axis=1)
    topic_words += settings.smoothing
    distribution = topic_words / topic_words.sum(axis=1, keepdims=True)
    mixed = settings.topic_share * distribution + (1 - settings.topic_share) * background
    log_odds = np.log(mixed) - np.log(background)
    log_odds[support <= 0] = -np.inf
    return log_odds


def _evidence(counts: sparse.csr_matrix, log_odds: np.ndarray) -> np.ndarray:
    """Each document's summed log-odds per topic; minus infinity for unsupported topics."""
    supported = np.isfinite(log_odds).all(axis=1)
    evidence = np.full((counts.shape[0], log_odds.shape[0]), -np.inf)
    if supported.any():
        evidence[:, supported] = np.asarray(counts @ log_odds[supported].T)
    return evidence


def _memberships(evidence: np.ndarray) -> np.ndarray:
    """Probabilities per row; all zero where no topic is possible."""
    possible = np.isfinite(evidence).any(axis=1)
    members = np.zeros_like(evidence)
    if possible.any():
        members[possible] = softmax(evidence[possible], axis=1)
    return members


def _ranked(
    counts: sparse.csr_matrix, log_odds: np.ndarray, names: list[str], settings: TaxonomySettings
) -> list[Assignment | None]:
    """The best topics of each document, scored by probabilities softened by its length.

    Dividing the evidence by the square root of a document's word count keeps
    a long proposal from being certain merely because it repeats itself.
    """
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    supported = int(np.isfinite(log_odds).all(axis=1).sum())
    if not supported:
        return [None] * counts.shape[0]
    evidence = _evidence(counts, log_odds)
    evidence /= np.sqrt(np.maximum(lengths, 1.0))[:, np.newaxis]
    probabilities = _memberships(evidence)
    keep = min(settings.top, supported)
    result: list[Assignment | None] = []
    for row in range(counts.shape[0]):
        if lengths[row] == 0:
            result.append(None)
            continue
        order = np.argsort(-probabilities[row], kind="stable")[:keep]
        ranked = tuple((names[i], round(float(probabilities[row, i]), 4)) for i in order)
        result.append(Assignment(ranked[0][0], ranked[0][1], ranked))
    return result


def with_confirmed(
    found: Assignment | None, confirmed: str | None, top: int = TaxonomySettings.top
) -> Assignment | None:
    """``found`` with an analyst's topic first at score 1, the model's others after it."""
    if confirmed is None:
        return found
    others = tuple(pair for pair in (found.ranked if found else ()) if pair[0] != confirmed)
    ranked = ((confirmed, 1.0), *others)[: max(top, 1)]
    return Assignment(confirmed, 1.0, ranked)

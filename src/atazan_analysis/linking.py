"""Links from proposals to the constitution's articles, each with a score and a reason.

Three kinds of evidence, strongest first:

* ``cited``: the proposal names the provision ("пункт 2 статьи 31"); score 1.
* ``terms``: the proposal and the article share distinctive words (BM25 over
  word stems and stem pairs, as a share of what the proposal could score);
  the reason lists the shared words.
* ``semantic``: a local sentence-embedding model, when one is configured,
  finds the article nearest in meaning even without shared words.

Without any model the lexical method works alone; nothing is downloaded.
Each language's proposals are compared with the same language's text of the
constitution, and links name the provision's uid, which is shared by the kk,
ru and en texts, so results from all languages add up on one heat map.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from atazan_analysis.records import Link
from atazan_analysis.textprep import stems_with_words, words_of
from atazan_analysis.themes import features
from atazan_texts import Document


class Encoder(Protocol):
    """Anything that turns texts into vectors (a sentence-embedding model)."""

    identity: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class LinkSettings:
    min_score: float = 0.12
    min_semantic: float = 0.45
    per_proposal: int = 3
    #: BM25's term-frequency saturation and length normalisation (the usual values).
    k1: float = 1.2
    b: float = 0.75


@dataclass(frozen=True)
class ArticleUnit:
    provision: str  # uid, or eid when the text has no uids
    eid: str
    number: str
    section_eid: str
    text: str


def article_units(document: Document) -> list[ArticleUnit]:
    """The articles of a text with their heading and full wording."""
    units = []
    for located in document.articles():
        article = located.provision
        section_eid = located.eid.split("__")[0] if located.section is not None else ""
        wording = "\n".join(part for part in (article.heading, article.full_text()) if part)
        units.append(
            ArticleUnit(article.uid or located.eid, located.eid, article.num, section_eid, wording)
        )
    return units


class SentenceTransformerEncoder:
    """A sentence-transformers model read from a local directory (never downloaded)."""

    def __init__(self, model_dir: str) -> None:
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(model_dir, device="cpu", local_files_only=True)
        self.identity = f"sentence-transformers:{os.path.basename(os.path.normpath(model_dir))}"

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(
            texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


class ArticleIndex:
    """One language's articles, ready to be compared with that language's proposals.

    The lexical score is BM25 divided by the most the proposal could score:
    the share of its distinctive words' weight (inverse document frequency)
    that the article holds, each word counting more the more often the
    article uses it (saturating, and less in long articles). It lies between
    0 and 1 whatever the lengths, so one threshold suits a one-line proposal
    and a long letter alike; a TF-IDF cosine scored a short proposal against
    a long article so low that most proposals got no link at all.
    """

    def __init__(
        self,
        document: Document,
        corpus: Sequence[list[str]],
        encoder: Encoder | None = None,
        settings: LinkSettings | None = None,
    ) -> None:
        self.language = document.language
        self.settings = settings or LinkSettings()
        self.units = article_units(document)
        stemmed = [stems_with_words(words_of(u.text), self.language) for u in self.units]
        self.unit_words = [_words_by_stem(pairs) for pairs in stemmed]
        unit_docs = [features([stem for stem, _word in pairs]) for pairs in stemmed]
        self.vocabulary: dict[str, int] = {}
        for doc in unit_docs:
            for term in doc:
                self.vocabulary.setdefault(term, len(self.vocabulary))
        self.terms = list(self.vocabulary)
        self.idf = self._idf(unit_docs, corpus)
        self.matrix = self._term_weights(unit_docs)
        # Each article's term weights by term id, to name the shared words of a link
        # without slicing sparse rows (a million proposals make three million links).
        self.unit_terms: list[dict[int, float]] = [
            dict(
                zip(
                    self.matrix.indices[start:end].tolist(),
                    self.matrix.data[start:end].tolist(),
                    strict=True,
                )
            )
            for start, end in zip(self.matrix.indptr[:-1], self.matrix.indptr[1:], strict=True)
        ]
        # A proposal needs this much weight before a share of it means anything: the
        # weight of two words that only one article uses and no proposal does.
        self.evidence_floor = 2.0 * float(np.log1p((len(unit_docs) + len(corpus) - 0.5) / 1.5))
        self.encoder = encoder
        self.embeddings = (
            encoder.encode([u.text for u in self.units]) if encoder and self.units else None
        )

    def _idf(self, unit_docs: list[list[str]], corpus: Sequence[list[str]]) -> np.ndarray:
        """Inverse document frequency over articles and proposals.

        Proposals count too, so that words every proposal uses ("constitution",
        "propose") weigh little.
        """
        frequency = np.zeros(len(self.vocabulary), dtype=np.float64)
        for doc in [*unit_docs, *(features(list(d)) for d in corpus)]:
            present = {self.vocabulary[t] for t in doc if t in self.vocabulary}
            frequency[list(present)] += 1
        total = len(unit_docs) + len(corpus)
        return np.log1p((total - frequency + 0.5) / (frequency + 0.5))

    def _term_weights(self, unit_docs: list[list[str]]) -> sparse.csr_matrix:
        """BM25's saturated term frequency of each article's terms, scaled to at most 1."""
        k1, b = self.settings.k1, self.settings.b
        lengths = [len(doc) for doc in unit_docs]
        average = (sum(lengths) / len(lengths)) if lengths and sum(lengths) else 1.0
        rows: list[int] = []
        columns: list[int] = []
        values: list[float] = []
        for row, doc in enumerate(unit_docs):
            damping = k1 * (1 - b + b * lengths[row] / average)
            for term, count in Counter(doc).items():
                rows.append(row)
                columns.append(self.vocabulary[term])
                values.append(count / (count + damping))
        return sparse.csr_matrix(
            (values, (rows, columns)), shape=(len(unit_docs), len(self.vocabulary))
        )

    def _queries(self, docs: Sequence[list[str]]) -> sparse.csr_matrix:
        """Each proposal's distinct terms that the articles use, weighted by their IDF."""
        rows: list[int] = []
        columns: list[int] = []
        for row, doc in enumerate(docs):
            present = {self.vocabulary[t] for t in features(list(doc)) if t in self.vocabulary}
            rows.extend([row] * len(present))
            columns.extend(sorted(present))
        values = self.idf[columns] if columns else np.zeros(0)
        return sparse.csr_matrix((values, (rows, columns)), shape=(len(docs), len(self.vocabulary)))

    def link(
        self, docs: Sequence[list[str]], texts: Sequence[str], settings: LinkSettings
    ) -> list[list[Link]]:
        """Lexical and semantic links for each proposal (explicit citations are added elsewhere)."""
        if not self.units or not docs:
            return [[] for _ in docs]
        x = self._queries(docs)
        evidence = np.maximum(np.asarray(x.sum(axis=1)).ravel(), self.evidence_floor)
        lexical = (x @ self.matrix.T).toarray() / evidence[:, None]
        semantic = None
        if self.encoder is not None and self.embeddings is not None:
            semantic = normalize(self.encoder.encode(list(texts))) @ self.embeddings.T
        results = []
        for row in range(len(docs)):
            found: dict[int, Link] = {}
            for column in np.argsort(-lexical[row], kind="stable")[
                : settings.per_proposal
            ].tolist():
                score = float(lexical[row, column])
                if score < settings.min_score:
                    break
                found[column] = Link(
                    self.units[column].provision,
                    self.units[column].eid,
                    round(score, 4),
                    "terms",
                    self._shared_terms(x, row, column),
                )
            if semantic is not None:
                for column in np.argsort(-semantic[row], kind="stable")[
                    : settings.per_proposal
                ].tolist():
                    score = float(semantic[row, column])
                    if score < settings.min_semantic:
                        break
                    if column not in found or found[column].score < score:
                        found[column] = Link(
                            self.units[column].provision,
                            self.units[column].eid,
                            round(score, 4),
                            "semantic",
                            "close in meaning",
                        )
            ranked = sorted(found.values(), key=lambda link: (-link.score, link.eid))
            results.append(ranked[: settings.per_proposal])
        return results

    def _shared_terms(self, x: sparse.csr_matrix, row: int, column: int) -> str:
        """The four terms that weigh most in the link, heaviest first (ties by term id)."""
        start, end = int(x.indptr[row]), int(x.indptr[row + 1])
        article = self.unit_terms[column]
        weighed = [
            (-(weight * article[term]), term)
            for term, weight in zip(
                x.indices[start:end].tolist(), x.data[start:end].tolist(), strict=True
            )
            if term in article
        ]
        words = self.unit_words[column]
        shown = []
        for _weight, term in sorted(weighed)[:4]:
            name = str(self.terms[term])
            shown.append(" ".join(_full_word(part, words) for part in name.split("_")))
        return ", ".join(shown)


def _words_by_stem(pairs: list[tuple[str, str]]) -> dict[str, Counter[str]]:
    """The words of a text behind each of its stems, with how often each is used."""
    found: dict[str, Counter[str]] = {}
    for stem, word in pairs:
        found.setdefault(stem, Counter())[word] += 1
    return found


def _full_word(stem: str, words_by_stem: dict[str, Counter[str]]) -> str:
    """The article's own word behind a stem, so a reason names words people read.

    A stem is not always the start of its words ("polit" for "política",
    "құқық" for "құқығы"), so the word is looked up by stem, not by prefix:
    the most frequent one, then the shortest, then the first in alphabetical order.
    """
    words = words_by_stem.get(stem)
    if not words:
        return stem
    return min(words, key=lambda word: (-words[word], len(word), word))

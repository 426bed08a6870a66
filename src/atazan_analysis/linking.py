"""Links from proposals to the constitution's articles, each with a score and a reason.

Three kinds of evidence, strongest first:

* ``cited``: the proposal names the provision ("пункт 2 статьи 31"); score 1.
* ``terms``: the proposal and the article share distinctive words (TF-IDF
  cosine over word stems and stem pairs); the reason lists the shared words.
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
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from atazan_analysis.records import Link
from atazan_analysis.textprep import stems, words_of
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
    """One language's articles, ready to be compared with that language's proposals."""

    def __init__(
        self, document: Document, corpus: Sequence[list[str]], encoder: Encoder | None = None
    ) -> None:
        self.language = document.language
        self.units = article_units(document)
        self.unit_words = [Counter(words_of(u.text)) for u in self.units]
        unit_docs = [features(stems(words_of(u.text), self.language)) for u in self.units]
        self.vectorizer = TfidfVectorizer(
            analyzer=lambda tokens: tokens,
            sublinear_tf=True,
            dtype=np.float32,
            max_df=0.5,
        )
        # Word weights come from the proposals as well as the articles, so that words every
        # proposal uses ("constitution", "propose") count for little.
        self.vectorizer.fit([*unit_docs, *(features(list(d)) for d in corpus)])
        self.terms = self.vectorizer.get_feature_names_out()
        self.matrix = self.vectorizer.transform(unit_docs)
        self.encoder = encoder
        self.embeddings = (
            encoder.encode([u.text for u in self.units]) if encoder and self.units else None
        )

    def link(
        self, docs: Sequence[list[str]], texts: Sequence[str], settings: LinkSettings
    ) -> list[list[Link]]:
        """Lexical and semantic links for each proposal (explicit citations are added elsewhere)."""
        if not self.units or not docs:
            return [[] for _ in docs]
        x = self.vectorizer.transform([features(list(d)) for d in docs])
        lexical = (x @ self.matrix.T).toarray()
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

    def _shared_terms(self, x: object, row: int, column: int) -> str:
        proposal = x[row]  # type: ignore[index]
        weights = proposal.multiply(self.matrix[column]).tocoo()
        order = np.argsort(-weights.data, kind="stable")[:4]
        words = self.unit_words[column]
        shown = []
        for index in order.tolist():
            term = str(self.terms[weights.col[index]])
            shown.append(" ".join(_full_word(part, words) for part in term.split("_")))
        return ", ".join(shown)


def _full_word(stem: str, words: Counter[str]) -> str:
    return max((w for w in words if w.startswith(stem)), key=lambda w: (words[w], w), default=stem)

"""A language-independent view of proposals, learnt from the constitution's own translations.

The kk, ru and en texts of a constitution are a parallel corpus: their
provisions share uids, so a paragraph in one language is known to say what
the same paragraph says in the others. Two things are learnt from it, with no
dictionary, model or download:

* a bilingual lexicon: a Kazakh or English stem is mapped to the Russian
  stem (the pivot) that appears in the same aligned provisions most
  consistently (Dice coefficient of their provision sets), so "presid" and
  "презид", "сайлау" and "избира" become one term;
* explicit semantic analysis: a proposal is also described by how close it
  is to each provision of the text in its own language; provision uids are
  the same in every language, so these coordinates are comparable across
  languages even for words the lexicon does not know.

Both are deliberately simple and explainable: a lexicon entry is two stems
and the number of provisions they share.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from atazan_analysis.textprep import stems, words_of
from atazan_texts import Document

#: Provisions small enough to align stems on and specific enough to be a dimension of meaning.
UNIT_KINDS = frozenset({"article", "paragraph", "point"})
#: The language other languages' stems are translated into, when its text is present.
PREFERRED_PIVOT = "ru"


@dataclass(frozen=True)
class LexiconSettings:
    min_shared: int = 2  # provisions a stem pair must share
    min_dice: float = 0.3  # agreement of the two stems' provision sets
    esa_concepts: int = 12  # provisions kept per proposal (the rest are noise)


@dataclass(frozen=True)
class Translation:
    """A stem of one language and the pivot stem that stands for it."""

    source: str
    target: str
    shared: int
    dice: float


def aligned_units(documents: Sequence[Document]) -> dict[str, dict[str, str]]:
    """Text of each provision uid per language, for uids present in at least two languages."""
    by_uid: dict[str, dict[str, str]] = defaultdict(dict)
    for document in documents:
        for provision in document.walk():
            if provision.kind not in UNIT_KINDS or not provision.uid:
                continue
            wording = " ".join(part for part in (provision.heading, provision.text) if part)
            if wording.strip():
                by_uid[provision.uid][document.language] = wording
    return {uid: texts for uid, texts in sorted(by_uid.items()) if len(texts) >= 2}


def induce_lexicon(
    source: Sequence[Sequence[str]],
    pivot: Sequence[Sequence[str]],
    settings: LexiconSettings = LexiconSettings(),
) -> dict[str, Translation]:
    """Source stem → its best pivot stem, from stem lists of aligned units (same order in both)."""
    source_sets = [set(tokens) for tokens in source]
    pivot_sets = [set(tokens) for tokens in pivot]
    source_df: Counter[str] = Counter(s for unit in source_sets for s in unit)
    pivot_df: Counter[str] = Counter(t for unit in pivot_sets for t in unit)
    together: dict[str, Counter[str]] = defaultdict(Counter)
    for source_unit, pivot_unit in zip(source_sets, pivot_sets, strict=True):
        for stem in source_unit:
            if source_df[stem] >= settings.min_shared:
                together[stem].update(pivot_unit)
    lexicon: dict[str, Translation] = {}
    for stem in sorted(together):
        scored = sorted(
            (
                (2 * shared / (source_df[stem] + pivot_df[target]), shared, target)
                for target, shared in together[stem].items()
                if shared >= settings.min_shared
            ),
            key=lambda item: (-item[0], -item[1], item[2]),
        )
        if not scored or scored[0][0] < settings.min_dice:
            continue
        dice, shared, target = scored[0]
        lexicon[stem] = Translation(stem, target, shared, round(dice, 3))
    return lexicon


@dataclass
class ParallelSpace:
    """What the aligned texts teach: lexicons into the pivot and per-language provision vectors."""

    pivot: str
    languages: tuple[str, ...]
    lexicons: dict[str, dict[str, Translation]] = field(default_factory=dict)
    concepts: list[str] = field(default_factory=list)  # the uids that are ESA dimensions
    settings: LexiconSettings = LexiconSettings()
    _vectorizers: dict[str, TfidfVectorizer] = field(default_factory=dict)
    _provisions: dict[str, sparse.csr_matrix] = field(default_factory=dict)

    @classmethod
    def from_documents(
        cls, documents: Sequence[Document], settings: LexiconSettings = LexiconSettings()
    ) -> ParallelSpace | None:
        """None unless at least two languages' texts share provision uids."""
        units = aligned_units(documents)
        languages = tuple(sorted({language for texts in units.values() for language in texts}))
        if len(languages) < 2:
            return None
        pivot = PREFERRED_PIVOT if PREFERRED_PIVOT in languages else languages[0]
        space = cls(pivot=pivot, languages=languages, settings=settings)
        for language in languages:
            if language == pivot:
                continue
            pairs = [texts for texts in units.values() if language in texts and pivot in texts]
            space.lexicons[language] = induce_lexicon(
                [stems(words_of(texts[language]), language) for texts in pairs],
                [stems(words_of(texts[pivot]), pivot) for texts in pairs],
                settings,
            )
        space.concepts = [uid for uid, texts in units.items() if len(texts) == len(languages)]
        for language in languages:
            docs = [stems(words_of(units[uid][language]), language) for uid in space.concepts]
            vectorizer = TfidfVectorizer(
                analyzer=lambda tokens: tokens, sublinear_tf=True, dtype=np.float32
            )
            try:
                matrix = vectorizer.fit_transform(docs)
            except ValueError:  # a text with no content words at all
                continue
            space._vectorizers[language] = vectorizer
            space._provisions[language] = normalize(matrix.tocsr())
        return space

    def covers(self, language: str) -> bool:
        return language in self.languages

    def to_pivot(self, tokens: Sequence[str], language: str) -> list[str]:
        """Stems in the pivot language where the lexicon knows them; unknown stems stay."""
        lexicon = self.lexicons.get(language)
        if not lexicon:
            return list(tokens)
        return [entry.target if (entry := lexicon.get(token)) else token for token in tokens]

    def concept_vectors(
        self, docs: Sequence[Sequence[str]], languages: Sequence[str]
    ) -> sparse.csr_matrix:
        """Each stem list's closeness to every aligned provision (rows L2-normalised, sparse)."""
        rows = len(docs)
        width = len(self.concepts)
        result = sparse.lil_matrix((rows, width), dtype=np.float32)
        if width == 0:
            return result.tocsr()
        by_language: dict[str, list[int]] = defaultdict(list)
        for row, language in enumerate(languages):
            by_language[language].append(row)
        keep = max(1, min(self.settings.esa_concepts, width))
        for language, positions in by_language.items():
            vectorizer = self._vectorizers.get(language)
            if vectorizer is None:
                continue
            x = vectorizer.transform([list(docs[p]) for p in positions])
            closeness = (normalize(x) @ self._provisions[language].T).toarray()
            for local, row in enumerate(positions):
                values = closeness[local]
                if not values.any():
                    continue
                top = np.argsort(-values, kind="stable")[:keep]
                for column in top.tolist():
                    if values[column] > 0:
                        result[row, column] = values[column]
        return normalize(result.tocsr())

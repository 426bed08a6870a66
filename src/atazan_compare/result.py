"""The result of a comparison: article pairs, section matches and figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from atazan_compare.redline import Diff, Op
from atazan_texts.model import Document

Relation = Literal[
    "identical", "renumbered", "moved", "modified", "split", "merged", "added", "deleted"
]

RELATIONS: tuple[Relation, ...] = (
    "identical",
    "renumbered",
    "moved",
    "modified",
    "split",
    "merged",
    "added",
    "deleted",
)


@dataclass(frozen=True)
class SectionRef:
    """A section of one side (or a chapter, when the text has no sections)."""

    index: int
    kind: str
    num: str
    heading: str
    eid: str
    uid: str
    articles: int


@dataclass(frozen=True)
class ArticleRef:
    """An article of one side, as the comparison names it."""

    index: int
    num: str
    eid: str
    uid: str
    section: SectionRef | None

    @property
    def section_num(self) -> str | None:
        return self.section.num if self.section is not None else None


@dataclass(frozen=True)
class Pair:
    """One row of the comparison: old article(s), new article(s), how they relate.

    ``old_words`` and ``old_chars`` hold, per old article, its words and their
    letters; ``old_words_changed`` and ``old_chars_changed`` those deleted or
    replaced. ``new_words`` and ``new_words_added`` hold, per new article, its
    words and those inserted. ``matched_by`` says which evidence paired the
    articles: ``uid``, ``text`` (same text), ``similarity``, ``split``,
    ``merge`` or ``""`` for added and deleted articles.
    """

    relation: Relation
    old: tuple[ArticleRef, ...]
    new: tuple[ArticleRef, ...]
    similarity: float
    text_changed: bool
    renumbered: bool
    matched_by: str
    diff: Diff
    old_words: tuple[int, ...]
    old_words_changed: tuple[int, ...]
    old_chars: tuple[int, ...]
    old_chars_changed: tuple[int, ...]
    new_words: tuple[int, ...]
    new_words_added: tuple[int, ...]

    @property
    def redline(self) -> tuple[Op, ...]:
        return self.diff.ops

    @property
    def words_changed(self) -> int:
        return sum(self.old_words_changed)

    @property
    def words_added(self) -> int:
        return sum(self.new_words_added)

    @property
    def is_change_of_text(self) -> bool:
        """Whether the pair counts in ``articles_changed`` (see docs/comparison.md)."""
        if self.relation in ("modified", "split", "merged", "deleted"):
            return True
        return self.relation == "moved" and self.text_changed


@dataclass(frozen=True)
class SectionFigures:
    """The figures of one base section."""

    section: SectionRef
    counterpart: SectionRef | None
    heading_changed: bool
    articles_total: int
    articles_changed: int
    articles_moved_out: int
    articles_moved_in: int
    articles_added: int
    words_total: int
    words_changed: int
    words_changed_share: float
    touched: bool


@dataclass(frozen=True)
class Figures:
    """Whole-text figures; every one is defined in docs/comparison.md."""

    articles_total: int
    articles_changed: int
    articles_identical: int
    articles_renumbered: int
    articles_moved: int
    articles_modified: int
    articles_split: int
    articles_merged: int
    articles_deleted: int
    articles_added: int
    articles_new_total: int
    numbers_changed: int
    sections_total: int
    sections_touched: int
    sections_added: int
    words_total: int
    words_changed: int
    words_changed_share: float
    chars_total: int
    chars_changed: int
    chars_changed_share: float
    words_added: int
    words_new_total: int


@dataclass(frozen=True)
class PreambleChange:
    """The preamble is compared too, but stays outside the article figures."""

    relation: Literal["identical", "modified", "added", "deleted"]
    diff: Diff
    words_changed: int
    words_added: int


@dataclass
class Comparison:
    base: Document
    new: Document
    pairs: list[Pair]
    base_sections: tuple[SectionRef, ...]
    new_sections: tuple[SectionRef, ...]
    #: base section index -> new section index, for sections matched as the same
    section_map: dict[int, int]
    figures: Figures
    sections: tuple[SectionFigures, ...]
    preamble: PreambleChange | None = None
    thresholds: dict[str, float] = field(default_factory=dict)

"""The plain records the pipeline reads and the results it writes.

Everything here is a frozen or plain dataclass of strings and numbers, so a
run can be written to CSV or JSON, compared with another run, and shipped to
Dask workers without Django. The classes made once per proposal (records,
results, links) have slots: a million of them must fit in a few gigabytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

LinkReason = Literal["cited", "confirmed", "terms", "semantic"]


@dataclass(frozen=True, slots=True)
class Record:
    """One proposal as the analysis sees it: an id and the words people wrote."""

    id: str
    text: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    """A proposal concerns a provision; ``why`` lists the evidence in words."""

    provision: str  # the provision's uid when the text has uids, else its eid
    eid: str
    score: float
    reason: LinkReason
    why: str = ""


@dataclass(slots=True)
class ProposalResult:
    """What the run found about one proposal."""

    id: str
    language: str = "other"
    mixed: bool = False
    flags: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    duplicate_of: str | None = None
    campaign: str | None = None
    theme: str | None = None
    taxonomy_label: str | None = None
    taxonomy_score: float = 0.0
    # the best topics with their scores, best first (the first is label and score above)
    taxonomy_top3: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class SummarySentence:
    """One sentence of a theme's extractive summary and the proposal it comes from."""

    text: str
    proposal_id: str


@dataclass
class Theme:
    """A group of proposals about one subject, labelled with its own key words."""

    id: str
    label: str
    language: str
    keywords: list[str]
    members: list[str]
    supporters: int
    summary: list[SummarySentence]
    pinned: bool = False  # formed by analysts' corrections, not by clustering
    languages: list[str] = field(default_factory=list)  # of its members; ``language`` leads

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass
class Campaign:
    """Many submissions of one text: counted as one idea with many supporters."""

    id: str
    representative_id: str
    representative_text: str
    members: list[str]
    marked: bool = False  # confirmed by an analyst

    @property
    def supporters(self) -> int:
        return len(self.members)


@dataclass
class CoverageRow:
    """How many proposals, and how many people behind them, concern one provision."""

    provision: str
    eid: str
    kind: str
    label: str
    proposals: int
    supporters: int


@dataclass
class Corrections:
    """Analysts' decisions that every later run must respect.

    A confirmed link is always present and a rejected one never is; a marked
    campaign is kept together and an unmarked proposal is never put in a
    campaign; a pinned theme keeps exactly its members under its label.
    A proposal whose topic an analyst confirmed or corrected keeps that topic,
    and, with the labelled examples of a file, teaches the taxonomy step.
    """

    confirmed_links: set[tuple[str, str]] = field(default_factory=set)
    rejected_links: set[tuple[str, str]] = field(default_factory=set)
    campaign_groups: list[list[str]] = field(default_factory=list)
    not_campaign: set[str] = field(default_factory=set)
    pinned_themes: list[tuple[str, list[str]]] = field(default_factory=list)
    confirmed_topics: dict[str, str] = field(default_factory=dict)  # proposal id -> topic
    topic_examples: list[tuple[str, str]] = field(default_factory=list)  # (text, topic)

    def is_empty(self) -> bool:
        return not (
            self.confirmed_links
            or self.rejected_links
            or self.campaign_groups
            or self.not_campaign
            or self.pinned_themes
            or self.confirmed_topics
            or self.topic_examples
        )


@dataclass
class RunResult:
    """Everything one run produced, with the facts needed to reproduce it."""

    proposals: list[ProposalResult]
    themes: list[Theme]
    campaigns: list[Campaign]
    coverage: list[CoverageRow]
    info: dict[str, object]

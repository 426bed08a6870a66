"""Scoring the citation finder against labelled sentences.

``citations.tsv`` beside this module holds one sentence a line,
``language<TAB>expected keys<TAB>text``, with the keys of
``Citation.key`` in order of appearance (empty for a sentence that cites
nothing). Scores are micro-averaged over keys: every line contributes its
correct, spurious and missed keys, so a sentence citing five articles weighs
five times one citing a single article, and negative lines count only
through the keys wrongly found in them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from atazan_analysis.citations import find_citations

#: The labelled set kept with the code, so a change to the finder is measured on it.
CASES_PATH = Path(__file__).with_name("citations.tsv")


@dataclass(frozen=True)
class Case:
    """One labelled sentence; ``line`` is its line number in the file (1 is the header)."""

    language: str
    keys: tuple[str, ...]
    text: str
    line: int = 0


@dataclass(frozen=True)
class Failure:
    """A sentence where the finder's keys differ from the expected ones."""

    case: Case
    found: tuple[str, ...]

    def __str__(self) -> str:
        missed = [k for k in self.case.keys if k not in self.found]
        spurious = [k for k in self.found if k not in self.case.keys]
        return (f"line {self.case.line} [{self.case.language}] missed {missed} spurious {spurious}: "
                f"{self.case.text}")  # fmt: skip


class Scores(TypedDict):
    """Micro-averaged figures for one language, or for all lines ("all")."""

    precision: float
    recall: float
    f1: float
    lines: int
    failures: list[Failure]


def load_cases(path: str | Path = CASES_PATH) -> list[Case]:
    """The labelled sentences of a TSV file with the header ``language, keys, text``."""
    cases: list[Case] = []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != ["language", "keys", "text"]:
            raise ValueError(
                f"{path}: the first line must be 'language<TAB>keys<TAB>text', not {header!r}"
            )
        for row in reader:
            if not row or not "".join(row).strip():
                continue
            if len(row) != 3:
                raise ValueError(f"{path}:{reader.line_num}: expected 3 columns, found {len(row)}")
            language, keys, text = row
            cases.append(Case(language.strip(), tuple(keys.split()), text, reader.line_num))
    return cases


def score(cases: Iterable[Case]) -> dict[str, Scores]:
    """Precision, recall, F1, line count and failing lines, per language and for "all"."""
    counts: dict[str, list[int]] = {}  # language -> [correct, spurious, missed, lines]
    failures: dict[str, list[Failure]] = {}
    for case in cases:
        found = tuple(c.key for c in find_citations(case.text))
        expected = set(case.keys)
        correct = len(expected.intersection(found))
        spurious = len(set(found) - expected)
        missed = len(expected - set(found))
        for group in (case.language, "all"):
            row = counts.setdefault(group, [0, 0, 0, 0])
            row[0] += correct
            row[1] += spurious
            row[2] += missed
            row[3] += 1
            if spurious or missed:
                failures.setdefault(group, []).append(Failure(case, found))
    result: dict[str, Scores] = {}
    for group, (correct, spurious, missed, lines) in counts.items():
        precision = correct / (correct + spurious) if correct + spurious else 1.0
        recall = correct / (correct + missed) if correct + missed else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[group] = Scores(precision=precision, recall=recall, f1=f1, lines=lines,
                               failures=failures.get(group, []))  # fmt: skip
    return result

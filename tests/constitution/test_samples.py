"""The demo's sample texts: their shape, their translations and their comparison."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from atazan_compare import compare
from atazan_texts.model import Document
from atazan_texts.plaintext import parse_plaintext

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "atazan" / "constitution" / "samples"


def _load(name: str) -> Document:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{name} is not present")
    return parse_plaintext(path.read_text(encoding="utf-8"))


def _shape(document: Document) -> list[tuple[str, str]]:
    return [(p.kind, p.num) for p in document.walk()]


def test_the_base_text_has_the_shape_of_a_real_constitution() -> None:
    base = _load("kenbel-1998.en.txt")
    assert len(base.sections()) == 9
    assert len(base.articles()) >= 90
    assert base.children[0].kind == "preamble"
    nums = [p.num for p in base.walk() if p.kind == "paragraph"]
    assert any("-" in n for n in nums), "some inserted N-1. paragraphs"
    assert any(p.kind == "point" for p in base.walk())
    assert "sample" in base.note.lower()


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_translations_follow_the_english_structure(language: str) -> None:
    english = _shape(_load("kenbel-1998.en.txt"))
    translated = _shape(_load(f"kenbel-1998.{language}.txt"))
    assert translated == english[: len(translated)]
    assert len(_load(f"kenbel-1998.{language}.txt").sections()) >= 2


def test_the_draft_is_a_reform_of_the_base() -> None:
    draft = _load("kenbel-2026-draft.en.txt")
    assert 10 <= len(draft.sections()) <= 12
    assert 90 <= len(draft.articles()) <= 100
    assert draft.status == "draft"


def test_comparison_of_the_samples_recovers_the_recorded_changes() -> None:
    """Every base article's relation, as the draft's authors recorded it, is found."""
    base = _load("kenbel-1998.en.txt")
    draft = _load("kenbel-2026-draft.en.txt")
    truth_path = SAMPLES / "kenbel-2026-draft.changes.csv"
    if not truth_path.exists():
        pytest.skip("no recorded changes")
    with truth_path.open(encoding="utf-8") as handle:
        truth = {(row["old"], row["new"]): row["relation"] for row in csv.DictReader(handle)}
    found: dict[tuple[str, str], str] = {}
    for pair in compare(base, draft).pairs:
        for old in pair.old or [None]:
            for new in pair.new or [None]:
                key = (old.num if old else "", new.num if new else "")
                found[key] = pair.relation
    agree = Counter()
    for key, relation in truth.items():
        agree[found.get(key) == relation] += 1
    share = agree[True] / sum(agree.values())
    assert share >= 0.9, f"only {share:.0%} of recorded changes found"

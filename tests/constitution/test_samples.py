"""The demo's sample texts: their shape, their translations and their comparison."""

from __future__ import annotations

import csv
import re
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


@pytest.mark.parametrize("version", ["1998", "2026-draft"])
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_translations_follow_the_english_structure(language: str, version: str) -> None:
    english = _load(f"kenbel-{version}.en.txt")
    translated = _load(f"kenbel-{version}.{language}.txt")
    assert _shape(translated) == _shape(english)
    assert translated.language == language
    assert translated.version == english.version
    for ours, theirs in zip(translated.walk(), english.walk(), strict=True):
        assert bool(ours.heading) == bool(theirs.heading), (ours.kind, ours.num)


def _texts(document: Document) -> list[dict[str, str]]:
    """Each provision's heading and own text, position by position."""
    return [{"heading": p.heading, "text": p.text} for p in document.walk()]


def test_kazakh_draft_keeps_the_1998_wording_wherever_the_english_is_unchanged() -> None:
    """A provision the draft takes over word for word reads the same in Kazakh too.

    Wherever a heading or text of the English draft is exactly a heading or text
    of the English 1998 constitution, the Kazakh draft has, at that position,
    exactly the Kazakh 1998 wording of the corresponding position.
    """
    english_base = _texts(_load("kenbel-1998.en.txt"))
    english_draft = _texts(_load("kenbel-2026-draft.en.txt"))
    kazakh_base = _texts(_load("kenbel-1998.kk.txt"))
    kazakh_draft = _texts(_load("kenbel-2026-draft.kk.txt"))
    assert len(kazakh_base) == len(english_base)
    assert len(kazakh_draft) == len(english_draft)
    where: dict[tuple[str, str], list[int]] = {}
    for position, fields in enumerate(english_base):
        for field, words in fields.items():
            if words:
                where.setdefault((field, words), []).append(position)
    compared = 0
    differ = []
    for position, fields in enumerate(english_draft):
        for field, words in fields.items():
            for base_position in where.get((field, words), []) if words else []:
                compared += 1
                if kazakh_draft[position][field] != kazakh_base[base_position][field]:
                    differ.append((position, base_position, field))
    assert compared > 200, "the draft keeps most of the 1998 wording"
    assert not differ


def _changed_numbers(old: str, new: str) -> set[tuple[str, str]]:
    """The numbers that differ between two texts of the same wording, old to new."""
    pairs = zip(re.findall(r"\d+", old), re.findall(r"\d+", new), strict=True)
    return {(before, after) for before, after in pairs if before != after}


def test_kazakh_draft_changes_only_the_reference_where_the_english_does() -> None:
    """Where the English differs only in an article number, the Kazakh does too."""
    number = re.compile(r"\d+")
    english_base = _texts(_load("kenbel-1998.en.txt"))
    english_draft = _texts(_load("kenbel-2026-draft.en.txt"))
    kazakh_base = _texts(_load("kenbel-1998.kk.txt"))
    kazakh_draft = _texts(_load("kenbel-2026-draft.kk.txt"))
    skeletons: dict[str, int] = {
        number.sub("#", fields["text"]): position
        for position, fields in enumerate(english_base)
        if fields["text"]
    }
    renumbered = 0
    for position, fields in enumerate(english_draft):
        words = fields["text"]
        base_position = skeletons.get(number.sub("#", words)) if words else None
        if base_position is None or english_base[base_position]["text"] == words:
            continue
        renumbered += 1
        old_kazakh, new_kazakh = kazakh_base[base_position]["text"], kazakh_draft[position]["text"]
        assert number.sub("#", new_kazakh) == number.sub("#", old_kazakh)
        english_changes = _changed_numbers(english_base[base_position]["text"], words)
        assert _changed_numbers(old_kazakh, new_kazakh) == english_changes
    assert renumbered >= 3


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


@pytest.mark.parametrize("version", ["1998", "2026-draft"])
def test_kazakh_cross_references_name_the_articles_the_english_names(version: str) -> None:
    """References are written "60-бапқа", "2-тармаққа": digits, a hyphen, the word."""
    english = _load(f"kenbel-{version}.en.txt")
    kazakh = _load(f"kenbel-{version}.kk.txt")
    for theirs, ours in zip(english.walk(), kazakh.walk(), strict=True):
        named = re.findall(r"Articles? (\d+)(?: and (\d+))?", theirs.text)
        articles = sorted(n for pair in named for n in pair if n)
        paragraphs = sorted(re.findall(r"paragraph (\d+)", theirs.text))
        where = (ours.kind, ours.num)
        assert sorted(re.findall(r"(\d+)-ба[пб]", ours.text)) == articles, where
        assert sorted(re.findall(r"(\d+)-тармақ", ours.text)) == paragraphs, where

"""Figures on a text small enough to count by hand, and their JSON and summary.

Base (words; letters of those words):
  Section I   Art 1 "Kenbel is a democratic state."                   5; 6+2+1+10+5 = 24
              Art 2 "The capital is Arlen."                           4; 3+7+2+5 = 17
  Section II  Art 3 "Everyone has the right to life."                 6; 8+3+3+5+2+4 = 25
              Art 4 "Torture is prohibited."                          3; 7+2+10 = 19
              Art 5 "The council of elders advises the government."   7; 3+7+2+6+7+3+10 = 38
Draft:
  Section I   Art 1 "Kenbel is a secular state."      modified: "democratic" -> "secular"
  Section II  Art 2 = old 3, Art 3 = old 4            renumbered
              Art 4 "Everyone may speak freely."      added (4 words)
  Section III Art 5 = old 2                           moved, same text
  old Art 5                                           deleted

words_total 25, words_changed 1 + 7 = 8 (0.32); letters 123, changed 10 + 38 = 48
(48 / 123 = 0.39024...); words_added 1 + 4 = 5.
"""

from __future__ import annotations

import json

from compare_docs import art, doc, sec

from atazan_compare import compare, comparison_to_json, summary_text
from atazan_compare.report import pair_to_json

BASE = doc(
    sec(
        "I",
        "Foundations",
        art("1", "Kenbel is a democratic state."),
        art("2", "The capital is Arlen."),
    ),
    sec(
        "II",
        "Rights",
        art("3", "Everyone has the right to life."),
        art("4", "Torture is prohibited."),
        art("5", "The council of elders advises the government."),
    ),
    version="1998",
)
DRAFT = doc(
    sec("I", "Foundations", art("1", "Kenbel is a secular state.")),
    sec(
        "II",
        "Rights",
        art("2", "Everyone has the right to life."),
        art("3", "Torture is prohibited."),
        art("4", "Everyone may speak freely."),
    ),
    sec("III", "The Capital", art("5", "The capital is Arlen.")),
    version="2026-draft",
)


def test_relations_of_the_example() -> None:
    c = compare(BASE, DRAFT)
    got = [(p.relation, [r.num for r in p.old], [r.num for r in p.new]) for p in c.pairs]
    assert got == [
        ("modified", ["1"], ["1"]),
        ("renumbered", ["3"], ["2"]),
        ("renumbered", ["4"], ["3"]),
        ("deleted", ["5"], []),
        ("added", [], ["4"]),
        ("moved", ["2"], ["5"]),
    ]


def test_whole_text_figures_are_exact() -> None:
    f = compare(BASE, DRAFT).figures
    assert (f.articles_total, f.articles_changed, f.articles_new_total) == (5, 2, 5)
    assert (f.articles_identical, f.articles_renumbered, f.articles_moved) == (0, 2, 1)
    assert (f.articles_modified, f.articles_split, f.articles_merged) == (1, 0, 0)
    assert (f.articles_deleted, f.articles_added, f.numbers_changed) == (1, 1, 3)
    assert (f.sections_total, f.sections_touched, f.sections_added) == (2, 2, 1)
    assert (f.words_total, f.words_changed, f.words_changed_share) == (25, 8, 0.32)
    assert (f.chars_total, f.chars_changed, f.chars_changed_share) == (123, 48, 0.3902)
    assert (f.words_added, f.words_new_total) == (5, 22)


def test_section_figures_are_exact() -> None:
    first, second = compare(BASE, DRAFT).sections
    assert first.section.num == "I" and first.counterpart is not None
    assert (first.articles_total, first.articles_changed, first.articles_moved_out) == (2, 1, 1)
    assert (first.words_total, first.words_changed, first.words_changed_share) == (9, 1, 0.1111)
    assert first.touched and not first.heading_changed
    assert (second.articles_total, second.articles_changed, second.articles_added) == (3, 1, 1)
    assert (second.words_total, second.words_changed, second.words_changed_share) == (16, 7, 0.4375)
    assert second.touched


def test_a_move_alone_touches_only_the_section_it_leaves() -> None:
    base = doc(
        sec("I", "A", art("1", "One two three.")), sec("II", "B", art("2", "Four five six."))
    )
    new = doc(sec("I", "A"), sec("II", "B", art("1", "One two three."), art("2", "Four five six.")))
    c = compare(base, new)
    assert [p.relation for p in c.pairs] == ["moved", "identical"]
    assert (c.figures.sections_touched, c.figures.articles_changed) == (1, 0)
    assert c.figures.words_changed_share == 0.0


def test_json_has_the_documented_keys() -> None:
    data = comparison_to_json(compare(BASE, DRAFT))
    json.dumps(data)  # plain data only
    for key in (
        "articles_total",
        "articles_changed",
        "articles_renumbered",
        "articles_moved",
        "articles_added",
        "sections_total",
        "sections_touched",
        "words_total",
        "words_changed",
        "words_changed_share",
        "chars_changed_share",
        "words_added",
        "pairs",
        "sections",
        "relations",
        "method",
    ):
        assert key in data, key
    assert data["base"] == {
        "title": "Charter of Kenbel",
        "version": "1998",
        "language": "en",
        "work": "",
        "date": "",
        "status": "in_force",
    }
    assert data["new"]["version"] == "2026-draft"
    assert data["relations"]["renumbered"] == 2
    assert data["new_sections_without_counterpart"][0]["num"] == "III"
    deleted = next(p for p in data["pairs"] if p["relation"] == "deleted")
    assert deleted["old"] == ["5"] and deleted["new"] is None
    assert deleted["old_eids"] == ["sec_2__art_5"] and deleted["new_eids"] == []
    added = next(p for p in data["pairs"] if p["relation"] == "added")
    assert added["old"] is None and added["redline"] == [
        {"op": "insert", "text": "Everyone may speak freely."}
    ]


def test_pair_json() -> None:
    pair = compare(BASE, DRAFT).pairs[0]
    data = pair_to_json(pair)
    assert data == {
        "relation": "modified",
        "old": ["1"],
        "new": ["1"],
        "old_eids": ["sec_1__art_1"],
        "new_eids": ["sec_1__art_1"],
        "old_uids": [""],
        "new_uids": [""],
        "old_sections": ["I"],
        "new_sections": ["I"],
        "similarity": pair.similarity,
        "text_changed": True,
        "renumbered": False,
        "matched_by": "similarity",
        "words_changed": 1,
        "words_added": 1,
        "redline": [
            {"op": "equal", "text": "Kenbel is a "},
            {"op": "delete", "text": "democratic"},
            {"op": "insert", "text": "secular"},
            {"op": "equal", "text": " state."},
        ],
    }
    assert 0.3 <= pair.similarity < 1.0


def test_summary_sentence() -> None:
    assert summary_text(compare(BASE, DRAFT)) == (
        "The changes touch 2 of 5 articles and 2 of 2 sections, 32.0% of the words of the base "
        "text. 1 article is added, 1 article is moved and 2 articles are renumbered with no "
        "change of text."
    )


def test_summary_without_sections_or_changes() -> None:
    text = doc(art("1", "One two three."))
    assert summary_text(compare(text, text)) == (
        "The changes touch 0 of 1 article, 0.0% of the words of the base text."
    )


def test_summary_never_rounds_a_real_change_to_zero() -> None:
    many = " ".join(f"word{n}" for n in range(3000))
    base = doc(art("1", many))
    new = doc(art("1", many.replace("word7 ", "term7 ")))
    assert "less than 0.1% of the words" in summary_text(compare(base, new))

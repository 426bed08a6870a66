"""Each relation between articles, on small hand-made texts."""

from __future__ import annotations

import copy

import pytest
from compare_docs import art, doc, pair_of_new, pair_of_old, rows, sec

from atazan_compare import compare
from atazan_texts.model import Document, Provision, assign_missing_uids

LIFE = "Everyone has the right to life, and no one may be sentenced to death."
TORTURE = "No one may be subjected to torture or to cruel or degrading treatment."
SPEECH = "Everyone may speak and write freely; censorship is prohibited."
CAPITAL = "The capital of the Republic of Kenbel is the city of Arlen."
ELDERS = "The council of elders advises the Government on matters of custom."
LANGUAGE = "The state language of the Republic is Kenbeli; Russian is used officially."
COURT_1 = "Judges are independent and subject only to the Constitution and the law."
COURT_2 = "Interference in the administration of justice is prohibited and punishable."
COURT_3 = "Judges may not hold any other paid office, except teaching and research."


def test_the_same_text_is_identical_throughout() -> None:
    base = doc(sec("I", "Foundations", art("1", CAPITAL), art("2", LANGUAGE)))
    c = compare(base, copy.deepcopy(base))
    assert rows(c) == [("identical", ("1",), ("1",)), ("identical", ("2",), ("2",))]
    assert all(p.similarity == 1.0 and not p.text_changed for p in c.pairs)
    assert c.figures.articles_changed == 0
    assert c.figures.words_changed_share == 0.0


def test_whitespace_alone_does_not_change_a_text() -> None:
    base = doc(art("1", "The capital  is\tArlen."))
    new = doc(art("1", "  The capital is Arlen.  \n"))
    assert rows(compare(base, new)) == [("identical", ("1",), ("1",))]


def test_an_inserted_article_renumbers_the_following_ones() -> None:
    base = doc(art("1", CAPITAL), art("2", LIFE), art("3", TORTURE))
    new = doc(art("1", CAPITAL), art("2", LANGUAGE), art("3", LIFE), art("4", TORTURE))
    assert rows(compare(base, new)) == [
        ("identical", ("1",), ("1",)),
        ("added", (), ("2",)),
        ("renumbered", ("2",), ("3",)),
        ("renumbered", ("3",), ("4",)),
    ]


def test_renumbering_is_found_without_shared_uids() -> None:
    """Two independent imports: every uid differs, the texts still pair up."""
    filler = [
        art(str(n), f"Provision number {n} concerns matter {n * 7} only.") for n in range(30, 33)
    ]
    base = doc(*copy.deepcopy(filler), art("33", LIFE), art("34", TORTURE))
    new = doc(
        *copy.deepcopy(filler),
        art("33", SPEECH),
        art("34", ELDERS),
        art("35", LIFE),
        art("36", TORTURE),
    )
    assign_missing_uids(base, "kenbel/1998")
    assign_missing_uids(new, "kenbel/2026-draft")
    assert not {p.uid for p in base.walk()} & {p.uid for p in new.walk()}
    c = compare(base, new)
    moved_on = pair_of_old(c, "33")
    assert (moved_on.relation, moved_on.new[0].num) == ("renumbered", "35")
    assert moved_on.matched_by == "text"
    assert pair_of_old(c, "34").new[0].num == "36"
    assert c.figures.articles_renumbered == 2
    assert c.figures.articles_added == 2
    assert c.figures.articles_changed == 0


def test_renumbered_with_a_small_edit_is_modified_not_deleted() -> None:
    base = doc(art("1", CAPITAL), art("33", LIFE))
    new = doc(
        art("1", CAPITAL), art("34", ELDERS), art("35", LIFE.replace("Everyone", "Every person"))
    )
    c = compare(base, new)
    pair = pair_of_old(c, "33")
    assert (pair.relation, pair.new[0].num, pair.renumbered) == ("modified", "35", True)
    assert pair.words_changed == 1
    assert pair.words_added == 2


def test_modified_in_place() -> None:
    base = doc(sec("I", "Foundations", art("1", CAPITAL)))
    new = doc(sec("I", "Foundations", art("1", CAPITAL.replace("Arlen", "Varo"))))
    c = compare(base, new)
    assert rows(c) == [("modified", ("1",), ("1",))]
    pair = c.pairs[0]
    assert pair.text_changed and not pair.renumbered
    assert [(op.op, op.text) for op in pair.redline] == [
        ("equal", "The capital of the Republic of Kenbel is the city of "),
        ("delete", "Arlen"),
        ("insert", "Varo"),
        ("equal", "."),
    ]


def test_a_retitled_article_is_modified() -> None:
    base = doc(art("5", CAPITAL, heading="The capital"))
    new = doc(art("5", CAPITAL, heading="The capital city"))
    assert rows(compare(base, new)) == [("modified", ("5",), ("5",))]


def test_moved_to_another_section_without_change() -> None:
    base = doc(
        sec("I", "Foundations", art("1", LANGUAGE), art("2", CAPITAL)),
        sec("II", "Rights", art("3", LIFE), art("4", TORTURE)),
    )
    new = doc(
        sec("I", "Foundations", art("1", LANGUAGE)),
        sec("II", "Rights", art("2", LIFE), art("3", TORTURE), art("4", CAPITAL)),
    )
    c = compare(base, new)
    pair = pair_of_old(c, "2")
    assert (pair.relation, pair.new[0].num, pair.text_changed) == ("moved", "4", False)
    assert pair.old[0].section_num == "I" and pair.new[0].section_num == "II"
    assert c.figures.articles_moved == 1
    assert c.figures.articles_changed == 0
    assert [s.touched for s in c.sections] == [True, False]
    assert [s.articles_moved_in for s in c.sections] == [0, 1]


def test_moved_with_a_change_of_text_counts_as_changed() -> None:
    base = doc(
        sec("I", "Foundations", art("1", LANGUAGE), art("2", CAPITAL)),
        sec("II", "Rights", art("3", LIFE)),
    )
    new = doc(
        sec("I", "Foundations", art("1", LANGUAGE)),
        sec("II", "Rights", art("2", LIFE), art("3", CAPITAL.replace("city", "town"))),
    )
    c = compare(base, new)
    pair = pair_of_old(c, "2")
    assert (pair.relation, pair.text_changed) == ("moved", True)
    assert c.figures.articles_changed == 1
    assert c.figures.articles_moved == 1


def test_a_section_that_is_only_renumbered_does_not_move_its_articles() -> None:
    base = doc(sec("I", "Rights", art("1", LIFE), art("2", TORTURE)))
    new = doc(
        sec("I", "Foundations", art("1", CAPITAL)),
        sec("II", "Rights", art("2", LIFE), art("3", TORTURE)),
    )
    c = compare(base, new)
    assert c.section_map == {0: 1}
    assert [p.relation for p in c.pairs] == ["added", "renumbered", "renumbered"]


def test_sections_are_matched_by_their_articles_when_the_heading_changes() -> None:
    base = doc(
        sec("I", "Rights", art("1", LIFE), art("2", TORTURE), art("3", SPEECH)),
        sec("II", "State", art("4", CAPITAL)),
    )
    new = doc(
        sec("I", "State", art("1", CAPITAL)),
        sec("II", "Human rights and freedoms", art("2", LIFE), art("3", TORTURE), art("4", SPEECH)),
    )
    c = compare(base, new)
    assert c.section_map == {0: 1, 1: 0}
    assert {p.relation for p in c.pairs} == {"renumbered"}
    assert c.sections[0].heading_changed


def test_section_uid_decides_over_headings() -> None:
    base = doc(
        sec("I", "Rights", art("1", LIFE), uid="s-rights"),
        sec("II", "State", art("2", CAPITAL), uid="s-state"),
    )
    new = doc(
        sec("I", "State", art("1", LIFE), uid="s-rights"),
        sec("II", "Rights", art("2", CAPITAL), uid="s-state"),
    )
    c = compare(base, new)
    assert c.section_map == {0: 0, 1: 1}
    assert [p.relation for p in c.pairs] == ["identical", "identical"]


def test_split_into_two_articles() -> None:
    base = doc(art("1", CAPITAL), art("2", "", COURT_1, COURT_2, COURT_3), art("3", LIFE))
    new = doc(
        art("1", CAPITAL),
        art("2", "", COURT_1, COURT_2),
        art("3", COURT_3.replace("research", "scientific research")),
        art("4", LIFE),
    )
    c = compare(base, new)
    pair = pair_of_old(c, "2")
    assert pair.relation == "split"
    assert [r.num for r in pair.new] == ["2", "3"]
    assert pair.text_changed
    assert pair.words_changed == 0
    assert pair.words_added == 1
    assert pair_of_old(c, "3").relation == "renumbered"
    assert c.figures.articles_split == 1
    assert c.figures.articles_changed == 1
    assert c.figures.articles_added == 0


def test_merged_from_two_articles() -> None:
    base = doc(art("1", CAPITAL), art("2", "", COURT_1, COURT_2), art("3", COURT_3), art("4", LIFE))
    new = doc(art("1", CAPITAL), art("2", "", COURT_1, COURT_2, COURT_3), art("3", LIFE))
    c = compare(base, new)
    pair = pair_of_new(c, "2")
    assert pair.relation == "merged"
    assert [r.num for r in pair.old] == ["2", "3"]
    assert not pair.text_changed  # the words are the same, only regrouped
    assert pair.words_changed == 0
    assert c.figures.articles_merged == 2
    assert c.figures.articles_changed == 2


def test_split_is_found_when_one_part_keeps_the_uid() -> None:
    base = doc(art("2", "", COURT_1, COURT_2, COURT_3, uid="u-courts"))
    new = doc(art("2", "", COURT_1, COURT_2, uid="u-courts"), art("2-1", COURT_3, uid="u-new"))
    c = compare(base, new)
    assert rows(c) == [("split", ("2",), ("2", "2-1"))]


def test_deleted_and_added() -> None:
    base = doc(art("1", CAPITAL), art("2", ELDERS))
    new = doc(art("1", CAPITAL), art("2", SPEECH))
    c = compare(base, new)
    assert rows(c) == [
        ("identical", ("1",), ("1",)),
        ("deleted", ("2",), ()),
        ("added", (), ("2",)),
    ]
    deleted = pair_of_old(c, "2")
    assert [op.op for op in deleted.redline] == ["delete"]
    assert deleted.words_changed == 11
    assert c.figures.articles_deleted == 1 and c.figures.articles_added == 1


def test_a_rewrite_in_place_between_the_same_neighbours_is_modified() -> None:
    base = doc(art("1", CAPITAL), art("2", ELDERS), art("3", LIFE))
    rewritten = (
        "The council of elders, elected by the regions, advises Parliament on custom and land."
    )
    new = doc(art("1", CAPITAL), art("2", rewritten), art("3", LIFE))
    pair = pair_of_old(compare(base, new), "2")
    assert pair.relation == "modified"


def test_uid_is_preferred_over_text_similarity() -> None:
    base = doc(art("1", CAPITAL, uid="u-capital"))
    new = doc(art("1", ELDERS, uid="u-capital"), art("2", CAPITAL, uid="u-other"))
    c = compare(base, new)
    pair = pair_of_old(c, "1")
    assert (pair.relation, pair.new[0].num, pair.matched_by) == ("modified", "1", "uid")
    assert pair_of_new(c, "2").relation == "added"


def test_shared_uid_pairs_articles_whose_text_changed_beyond_recognition() -> None:
    base = doc(art("1", CAPITAL, uid="a"), art("2", LIFE, uid="b"))
    new = doc(art("1", LIFE, uid="b"), art("2", ELDERS, uid="a"))
    c = compare(base, new)
    assert pair_of_old(c, "1").new[0].num == "2"
    assert pair_of_old(c, "2").relation == "renumbered"


def test_duplicate_texts_pair_by_number() -> None:
    base = doc(art("1", "Excluded."), art("2", CAPITAL), art("3", "Excluded."))
    new = doc(art("1", "Excluded."), art("2", CAPITAL), art("3", "Excluded."))
    assert [p.relation for p in compare(base, new).pairs] == ["identical"] * 3


def test_texts_without_sections_use_chapters_as_divisions() -> None:
    def chapter(num: str, *articles: Provision) -> Provision:
        return Provision(kind="chapter", num=num, heading=f"Chapter {num}", children=list(articles))

    base = doc(chapter("1", art("1", CAPITAL), art("2", LIFE)), chapter("2", art("3", TORTURE)))
    new = doc(chapter("1", art("1", CAPITAL)), chapter("2", art("2", TORTURE), art("3", LIFE)))
    c = compare(base, new)
    assert c.figures.sections_total == 2
    assert pair_of_old(c, "2").relation == "moved"


def test_texts_without_any_division() -> None:
    base = doc(art("1", CAPITAL), art("2", LIFE))
    new = doc(art("1", CAPITAL), art("2", LIFE.replace("life", "a life")))
    c = compare(base, new)
    assert c.figures.sections_total == 0
    assert [p.relation for p in c.pairs] == ["identical", "modified"]


def test_the_preamble_is_compared_but_kept_out_of_the_article_figures() -> None:
    base = doc(
        Provision(kind="preamble", text="We, the people of Kenbel, adopt this Charter."),
        art("1", CAPITAL),
    )
    new = doc(
        Provision(kind="preamble", text="We, the citizens of Kenbel, adopt this Charter."),
        art("1", CAPITAL),
    )
    c = compare(base, new)
    assert c.preamble is not None
    assert (c.preamble.relation, c.preamble.words_changed, c.preamble.words_added) == (
        "modified",
        1,
        1,
    )
    assert c.figures.words_changed == 0


def test_comparing_two_languages_is_refused() -> None:
    with pytest.raises(ValueError, match="same language"):
        compare(doc(art("1", CAPITAL)), doc(art("1", CAPITAL), language="ru"))


def test_empty_documents() -> None:
    c = compare(Document(title="", language="en"), Document(title="", language="en"))
    assert c.pairs == []
    assert c.figures.words_changed_share == 0.0


def test_comparison_is_deterministic() -> None:
    base = doc(art("1", CAPITAL), art("2", "", COURT_1, COURT_2, COURT_3), art("3", LIFE))
    new = doc(
        art("1", LIFE), art("2", COURT_1), art("3", COURT_2 + " " + COURT_3), art("4", ELDERS)
    )
    first = compare(base, new)
    again = compare(copy.deepcopy(base), copy.deepcopy(new))
    assert rows(first) == rows(again)
    assert first.figures == again.figures

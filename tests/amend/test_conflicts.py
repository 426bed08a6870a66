"""Conflicts between adopted amendments: found before anything is consolidated, both named."""

from __future__ import annotations

import pytest
from amend_texts import article, base, each, uid, words

from atazan_amend import (
    Amendment,
    ConflictError,
    Delete,
    Insert,
    Merge,
    Move,
    RenameSection,
    Renumber,
    Replace,
    Rewording,
    consolidate,
    find_conflicts,
)


def _only_conflict(amendments: list[Amendment]) -> tuple[str, str, str, str]:
    conflicts = find_conflicts(base(), amendments)
    assert len(conflicts) == 1, conflicts
    c = conflicts[0]
    assert c.first in c.message and c.second in c.message
    return c.code, c.first, c.second, c.uid


def test_two_replacements_of_one_text_conflict_and_both_are_named() -> None:
    docs = base()
    target = uid(docs, "article", "2")
    code, first, second, where = _only_conflict([
        Replace(id="A1", target=target, texts=each(words("The capital is Ordatau."))),
        Replace(id="A2", target=target, texts=each(words("The capital is Kenbel City."))),
    ])  # fmt: skip
    assert (code, first, second, where) == ("same_provision", "A1", "A2", target)


def test_consolidation_refuses_conflicting_amendments_and_lists_them() -> None:
    docs = base()
    target = uid(docs, "article", "2")
    amendments = [
        Replace(id="A1", target=target, texts=each(words("One."))),
        Replace(id="A2", target=target, texts=each(words("Two."))),
    ]
    with pytest.raises(ConflictError) as caught:
        consolidate(docs, amendments)
    assert caught.value.code == "conflict"
    assert [(c.first, c.second) for c in caught.value.conflicts] == [("A1", "A2")]
    assert "'A1'" in str(caught.value) and "'A2'" in str(caught.value)


def test_a_new_heading_and_a_new_text_for_one_provision_do_not_conflict() -> None:
    docs = base()
    target = uid(docs, "section", "II")
    assert not find_conflicts(docs, [
        Replace(id="A1", target=target, texts=each(Rewording(heading="Rights and Duties"))),
        Replace(id="A2", target=uid(docs, "article", "3"), texts=each(words("Life is protected."))),
    ])  # fmt: skip


def test_deleting_what_an_earlier_amendment_edited_conflicts() -> None:
    docs = base()
    paragraph = next(p.uid for p in docs["en"].walk() if p.kind == "paragraph" and p.num == "2")
    article_1 = uid(docs, "article", "1")
    code, first, second, where = _only_conflict([
        Replace(id="edit", target=paragraph, texts=each(words("Power belongs to all."))),
        Delete(id="drop", target=article_1),
    ])  # fmt: skip
    assert (code, first, second, where) == ("removes_edited", "edit", "drop", paragraph)


def test_editing_what_an_earlier_amendment_deleted_conflicts() -> None:
    docs = base()
    target = uid(docs, "article", "4")
    code, first, second, where = _only_conflict([
        Delete(id="drop", target=target),
        Renumber(id="num", target=target, num="40"),
    ])  # fmt: skip
    assert (code, first, second, where) == ("removed", "drop", "num", target)


def test_deleting_a_section_after_moving_its_articles_out_is_fine() -> None:
    docs = base()
    section_iii = uid(docs, "section", "III")
    assert not find_conflicts(docs, [
        Move(id="out", target=uid(docs, "article", "6"), parent=uid(docs, "section", "II"), after=None),
        Delete(id="gone", target=section_iii),
    ])  # fmt: skip


def test_deleting_a_section_an_article_was_moved_into_conflicts() -> None:
    docs = base()
    moved = uid(docs, "article", "2")
    code, first, second, where = _only_conflict([
        Move(id="in", target=moved, parent=uid(docs, "section", "III"), after=None),
        Delete(id="gone", target=uid(docs, "section", "III")),
    ])  # fmt: skip
    assert (code, first, second, where) == ("removes_edited", "in", "gone", moved)


def test_two_moves_of_one_provision_conflict() -> None:
    docs = base()
    moved = uid(docs, "article", "2")
    code, first, second, _ = _only_conflict([
        Move(id="m1", target=moved, parent=uid(docs, "section", "II"), after=None),
        Move(id="m2", target=moved, parent=uid(docs, "section", "III"), after=None),
    ])  # fmt: skip
    assert (code, first, second) == ("same_provision", "m1", "m2")


def test_merging_away_a_provision_another_amendment_renamed_or_reworded_conflicts() -> None:
    docs = base()
    three, four = uid(docs, "article", "3"), uid(docs, "article", "4")
    code, first, second, where = _only_conflict([
        Replace(id="reword", target=four, texts=each(words("Torture and slavery are prohibited."))),
        Merge(id="merge", targets=(three, four), texts=each(article("3", "Life and liberty."))),
    ])  # fmt: skip
    assert (code, first, second, where) == ("removes_edited", "reword", "merge", four)


def test_inserting_after_a_provision_that_was_moved_away_conflicts() -> None:
    docs = base()
    anchor = uid(docs, "article", "2")
    code, first, second, where = _only_conflict([
        Move(id="away", target=anchor, parent=uid(docs, "section", "III"), after=None),
        Insert(id="next", parent=uid(docs, "section", "I"), after=anchor,
               texts=each(article("2-1", "The flag is blue."))),
    ])  # fmt: skip
    assert (code, first, second, where) == ("anchor_moved", "away", "next", anchor)


def test_inserting_into_a_deleted_section_conflicts() -> None:
    docs = base()
    section = uid(docs, "section", "III")
    code, first, second, where = _only_conflict([
        Delete(id="gone", target=section),
        Insert(id="late", parent=section, after=None, texts=each(article("7", "Too late."))),
    ])  # fmt: skip
    assert (code, first, second, where) == ("removed", "gone", "late", section)


def test_two_renamings_of_one_section_conflict() -> None:
    docs = base()
    section = uid(docs, "section", "I")
    code, first, second, _ = _only_conflict([
        RenameSection(id="n1", target=section, texts=each("Foundations")),
        RenameSection(id="n2", target=section, texts=each("Principles")),
    ])  # fmt: skip
    assert (code, first, second) == ("same_provision", "n1", "n2")


def test_two_insertions_at_one_place_do_not_conflict() -> None:
    docs = base()
    parent, anchor = uid(docs, "section", "I"), uid(docs, "article", "1")
    assert not find_conflicts(docs, [
        Insert(id="a", parent=parent, after=anchor, texts=each(article("1-1", "One."))),
        Insert(id="b", parent=parent, after=anchor, texts=each(article("1-2", "Two."))),
    ])  # fmt: skip


def test_every_conflict_is_reported_not_only_the_first() -> None:
    docs = base()
    two, three = uid(docs, "article", "2"), uid(docs, "article", "3")
    conflicts = find_conflicts(docs, [
        Replace(id="a", target=two, texts=each(words("X."))),
        Replace(id="b", target=two, texts=each(words("Y."))),
        Delete(id="c", target=three),
        Replace(id="d", target=three, texts=each(words("Z."))),
    ])  # fmt: skip
    assert sorted((c.first, c.second) for c in conflicts) == [("a", "b"), ("c", "d")]

"""Each kind of amendment, applied to the kk, ru and en texts at once."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from amend_texts import LANGS, article, base, each, find, shape, uid, words

from atazan_amend import (
    AddSection,
    Delete,
    Insert,
    Merge,
    Move,
    ProvisionText,
    RenameSection,
    Renumber,
    Replace,
    Rewording,
    Split,
    consolidate,
    fresh_uid,
)
from atazan_texts.model import Document, find_flaws


def _consistent(result: Mapping[str, Document]) -> None:
    """Every language is valid and has the same structure and uids."""
    for language in LANGS:
        assert find_flaws(result[language]) == []
        assert shape(result[language]) == shape(result["en"])


def test_replace_changes_the_words_in_every_language_and_keeps_the_uid() -> None:
    docs = base()
    target = uid(docs, "article", "2")
    texts = {"en": words("The capital is Ordatau."), "ru": words("Столица — Ордатау."),
             "kk": words("Астанасы — Ордатау.")}  # fmt: skip
    result = consolidate(docs, [Replace(id="r1", target=target, texts=texts)])
    _consistent(result)
    for language in LANGS:
        changed = find(result[language], "article", "2")
        assert changed.text == texts[language].text
        assert changed.uid == target
    assert find(docs["en"], "article", "2").text == "The capital is Arlen.", "base untouched"


def test_replace_of_a_heading_only_keeps_the_text() -> None:
    docs = base()
    target = uid(docs, "section", "II")
    result = consolidate(
        docs,
        [Replace(id="r1", target=target, texts=each(lambda lang: Rewording(heading=f"H {lang}")))],
    )
    for language in LANGS:
        section = find(result[language], "section", "II")
        assert section.heading == f"H {language}"
        assert [a.num for a in section.children] == ["3", "4", "5"]


def test_replace_with_new_paragraphs_keeps_the_uids_it_names() -> None:
    docs = base()
    kept = uid(docs, "paragraph", "1")  # paragraph 1 of Article 1
    paragraphs = (
        ProvisionText(kind="paragraph", num="1", text="Demo is a free republic.", uid=kept),
        ProvisionText(kind="paragraph", num="2", text="Power belongs to the people."),
        ProvisionText(kind="paragraph", num="3", text="The state serves everyone."),
    )
    amendment = Replace(
        id="r1", target=uid(docs, "article", "1"), texts=each(Rewording(children=paragraphs))
    )
    result = consolidate(docs, [amendment])
    _consistent(result)
    for language in LANGS:
        article_1 = find(result[language], "article", "1")
        assert [p.uid for p in article_1.children] == [
            kept,
            fresh_uid("r1", (0, 1)),
            fresh_uid("r1", (0, 2)),
        ]


def test_insert_adds_a_provision_with_its_subtree_after_the_anchor() -> None:
    docs = base()
    new = {
        lang: article("2-1", f"Flag [{lang}].", f"Colours [{lang}].", f"Anthem [{lang}].")
        for lang in LANGS
    }
    amendment = Insert(
        id="ins", parent=uid(docs, "section", "I"), after=uid(docs, "article", "2"), texts=new
    )
    result = consolidate(docs, [amendment])
    _consistent(result)
    for language in LANGS:
        section = find(result[language], "section", "I")
        assert [a.num for a in section.children] == ["1", "2", "2-1"]
        inserted = section.children[2]
        assert inserted.uid == fresh_uid("ins", (0,))
        assert [p.text for p in inserted.children] == [
            f"Colours [{language}].",
            f"Anthem [{language}].",
        ]


def test_two_insertions_after_the_same_provision_keep_the_order_of_the_amendments() -> None:
    docs = base()
    anchor = uid(docs, "article", "2")
    parent = uid(docs, "section", "I")
    first = Insert(id="a", parent=parent, after=anchor, texts=each(article("2-1", "First.")))
    second = Insert(id="b", parent=parent, after=anchor, texts=each(article("2-2", "Second.")))
    result = consolidate(docs, [first, second])
    for language in LANGS:
        assert [a.num for a in find(result[language], "section", "I").children] == [
            "1",
            "2",
            "2-1",
            "2-2",
        ]


def test_insert_first_puts_the_provision_before_the_others() -> None:
    docs = base()
    amendment = Insert(
        id="first",
        parent=uid(docs, "section", "II"),
        after=None,
        texts=each(article("2-1", "Dignity.")),
    )
    result = consolidate(docs, [amendment], numbering="articles")
    for language in LANGS:
        section = find(result[language], "section", "II")
        assert [a.text for a in section.children][0] == "Dignity."
        assert [a.num for a in section.children] == ["3", "4", "5", "6"]


def test_delete_removes_the_provision_and_everything_below() -> None:
    docs = base()
    removed = uid(docs, "article", "4")
    paragraph_uids = {p.uid for p in find(docs["en"], "article", "4").children}
    result = consolidate(docs, [Delete(id="d", target=removed)])
    _consistent(result)
    for language in LANGS:
        remaining = {p.uid for p in result[language].walk()}
        assert removed not in remaining
        assert not paragraph_uids & remaining


def test_move_carries_the_provision_to_another_section() -> None:
    docs = base()
    moved = uid(docs, "article", "2")
    amendment = Move(
        id="m", target=moved, parent=uid(docs, "section", "III"), after=uid(docs, "article", "6")
    )
    result = consolidate(docs, [amendment])
    _consistent(result)
    for language in LANGS:
        assert [a.uid for a in find(result[language], "section", "III").children][-1] == moved
        assert [a.num for a in find(result[language], "section", "I").children] == ["1"]


def test_move_may_reword_the_provision_too() -> None:
    docs = base()
    amendment = Move(
        id="m",
        target=uid(docs, "article", "2"),
        parent=uid(docs, "section", "III"),
        after=None,
        texts=each(lambda lang: words(f"Capital [{lang}].")),
    )
    result = consolidate(docs, [amendment])
    for language in LANGS:
        assert find(result[language], "section", "III").children[0].text == f"Capital [{language}]."


def test_split_makes_consecutive_provisions_and_the_first_keeps_the_uid() -> None:
    docs = base()
    whole = uid(docs, "article", "4")
    second_paragraph = find(docs["en"], "article", "4").children[1].uid
    parts = (
        article("4", "Torture is prohibited."),
        ProvisionText(
            kind="article",
            num="4-1",
            children=(
                ProvisionText(kind="paragraph", num="1", text="No slavery.", uid=second_paragraph),
            ),
        ),
    )
    result = consolidate(docs, [Split(id="s", target=whole, texts=each(parts))])
    _consistent(result)
    for language in LANGS:
        section = find(result[language], "section", "II")
        assert [a.num for a in section.children] == ["3", "4", "4-1", "5"]
        assert section.children[1].uid == whole
        assert section.children[2].uid == fresh_uid("s", (1,))
        assert section.children[2].children[0].uid == second_paragraph


def test_merge_joins_provisions_in_the_place_of_the_first() -> None:
    docs = base()
    first, second = uid(docs, "article", "3"), uid(docs, "article", "4")
    merged = article("3", "Life and dignity are protected.")
    result = consolidate(docs, [Merge(id="j", targets=(first, second), texts=each(merged))])
    _consistent(result)
    for language in LANGS:
        section = find(result[language], "section", "II")
        assert [(a.num, a.uid) for a in section.children][:1] == [("3", first)]
        assert second not in {p.uid for p in result[language].walk()}


def test_renumber_sets_a_number_where_the_numbering_keeps_numbers() -> None:
    docs = base()
    result = consolidate(docs, [Renumber(id="n", target=uid(docs, "article", "6"), num="60")])
    for language in LANGS:
        assert [a.provision.num for a in result[language].articles()][-1] == "60"


def test_add_section_goes_after_the_named_section_or_first_after_the_preamble() -> None:
    docs = base()
    economy = ProvisionText(kind="section", num="II-1", heading="Economy")
    first = ProvisionText(kind="section", num="0", heading="Principles")
    result = consolidate(
        docs,
        [
            AddSection(id="econ", after=uid(docs, "section", "II"), texts=each(economy)),
            AddSection(id="princ", after=None, texts=each(first)),
            Insert(id="art", parent=fresh_uid("econ", (0,)), after=None,
                   texts=each(article("5-1", "Property is protected."))),
        ],
        numbering="articles",
    )  # fmt: skip
    _consistent(result)
    for language in LANGS:
        kinds = [(p.kind, p.num, p.heading) for p in result[language].children]
        assert kinds[0][0] == "preamble"
        assert [k[1] for k in kinds[1:]] == ["I", "II", "III", "IV", "V"]
        assert kinds[1][2] == "Principles" and kinds[4][2] == "Economy"
        assert [a.provision.num for a in result[language].articles()] == [
            str(n) for n in range(1, 8)
        ]


def test_rename_section_gives_each_language_its_heading() -> None:
    docs = base()
    headings = {"en": "Human Rights", "ru": "Права человека", "kk": "Адам құқықтары"}
    result = consolidate(
        docs, [RenameSection(id="rn", target=uid(docs, "section", "II"), texts=headings)]
    )
    for language in LANGS:
        section = find(result[language], "section", "II")
        assert section.heading == headings[language]
        assert len(section.children) == 3


@pytest.mark.parametrize("numbering", ["keep", "articles", "full"])
def test_numbering_policies(numbering: str) -> None:
    docs = base()
    amendments = [
        Delete(id="d", target=uid(docs, "article", "1")),
        Insert(id="i", parent=uid(docs, "section", "II"), after=uid(docs, "article", "3"),
               texts=each(article("3-1", "", "One.", "Two."))),
    ]  # fmt: skip
    result = consolidate(docs, amendments, numbering=numbering)  # type: ignore[arg-type]
    nums = [a.provision.num for a in result["en"].articles()]
    inserted = find(result["en"], "article", nums[2])
    if numbering == "keep":
        assert nums == ["2", "3", "3-1", "4", "5", "6"]
    else:
        assert nums == ["1", "2", "3", "4", "5", "6"]
    assert [p.num for p in inserted.children] == ["1", "2"]


def test_full_numbering_renumbers_paragraphs_within_their_article() -> None:
    docs = base()
    paragraphs = (
        ProvisionText(kind="paragraph", num="1", text="Torture is prohibited."),
        ProvisionText(kind="paragraph", num="1-1", text="So is cruel treatment."),
        ProvisionText(kind="paragraph", num="2", text="No one may be held in slavery."),
    )
    amendment = Replace(
        id="r", target=uid(docs, "article", "4"), texts=each(Rewording(children=paragraphs))
    )
    kept = consolidate(docs, [amendment], numbering="articles")
    full = consolidate(docs, [amendment], numbering="full")
    assert [p.num for p in find(kept["ru"], "article", "4").children] == ["1", "1-1", "2"]
    assert [p.num for p in find(full["ru"], "article", "4").children] == ["1", "2", "3"]


def test_only_adopted_amendments_are_applied() -> None:
    docs = base()
    proposed = Delete(id="p", target=uid(docs, "article", "1"), status="proposed")
    adopted = Delete(id="a", target=uid(docs, "article", "2"))
    result = consolidate(docs, [proposed, adopted])
    assert result.applied == ("a",)
    assert [a.provision.num for a in result["kk"].articles()] == ["1", "3", "4", "5", "6"]


def test_new_uids_are_the_same_whenever_the_same_amendments_are_applied() -> None:
    docs = base()
    amendment = Insert(
        id="stable",
        parent=uid(docs, "section", "I"),
        after=None,
        texts=each(article("0", "", "A.", "B.")),
    )
    once = consolidate(base(), [amendment])
    again = consolidate(base(), [amendment])
    assert shape(once["en"]) == shape(again["en"]) == shape(again["kk"])

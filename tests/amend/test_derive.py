"""derive(): amendments that turn one version into another, checked by consolidating them."""

from __future__ import annotations

from collections.abc import Callable

from amend_texts import LANGS, base, find

from atazan_amend import AmendmentSet, Delete, Merge, Move, Replace, consolidate, derive
from atazan_amend.derive import first_difference
from atazan_texts.model import Document, Provision


def _target(edit: Callable[[Document, str], object]) -> dict[str, Document]:
    """The base with the same hand edit made in every language, numbered 1..n again."""
    docs = base()
    for language, document in docs.items():
        edit(document, language)
        for number, loc in enumerate(document.articles(), start=1):
            loc.provision.num = str(number)
    return docs


def _reproduces(target: dict[str, Document]) -> AmendmentSet:
    derived = derive(base(), target)
    result = consolidate(base(), derived)
    for language in LANGS:
        assert first_difference(result[language], target[language]) == ""
    return derived


def _sections(document: Document) -> list[Provision]:
    return [p for p in document.children if p.kind == "section"]


def test_a_deleted_article_is_one_delete_and_references_need_no_amendment() -> None:
    def edit(document: Document, language: str) -> None:
        _sections(document)[0].children.pop(0)
        article_5 = find(document, "article", "5")
        article_5.text = article_5.text.replace("3", "2").replace("4", "3")
        article_6 = find(document, "article", "6")
        article_6.text = article_6.text.replace("2", "1")

    derived = _reproduces(_target(edit))
    assert [(a.kind, a.rationale) for a in derived.amendments] == [
        ("delete", "Deletes Article 1 (“Demo is a republic. Power belongs to the…”).")
    ]
    assert derived.numbering == "articles"


def test_a_part_split_off_into_another_section_is_reworded_and_inserted() -> None:
    def edit(document: Document, language: str) -> None:
        article_4 = find(document, "article", "4")
        second = article_4.children.pop()
        article_4.text, article_4.children = article_4.children[0].text, []
        _sections(document)[2].children.append(Provision(kind="article", text=second.text))

    derived = _reproduces(_target(edit))
    assert sorted(a.kind for a in derived.amendments) == ["insert", "replace"]


def test_articles_merged_across_sections_are_merged_then_moved() -> None:
    def edit(document: Document, language: str) -> None:
        article_2 = find(document, "article", "2")
        article_3 = find(document, "article", "3")
        _sections(document)[0].children.remove(article_2)
        _sections(document)[1].children.remove(article_3)
        article_2.text = f"{article_2.text} {article_3.text}"
        _sections(document)[2].children.insert(0, article_2)

    derived = _reproduces(_target(edit))
    kinds = [type(a) for a in derived.amendments]
    assert Merge in kinds or (Move in kinds and Delete in kinds)


def test_reordered_sections_and_an_emptied_section_are_moved_and_deleted() -> None:
    def edit(document: Document, language: str) -> None:
        first, second, third = _sections(document)
        third.children = first.children + third.children
        document.children = [document.children[0], second, third]
        second.num, third.num = "I", "II"

    derived = _reproduces(_target(edit))
    assert any(
        isinstance(a, Delete) and a.rationale.startswith("Deletes Section I")
        for a in derived.amendments
    )


def test_numbers_with_gaps_are_kept_and_set_by_renumber_amendments() -> None:
    target = _target(lambda document, language: _sections(document)[0].children.pop(1))
    for document in target.values():
        for loc in document.articles():
            loc.provision.num = str(int(loc.provision.num) * 10)
    derived = _reproduces(target)
    assert derived.numbering == "keep"
    assert sum(1 for a in derived.amendments if a.kind == "renumber") == 5


def test_the_targets_own_uids_do_not_matter() -> None:
    target = _target(lambda document, language: _sections(document)[1].children.reverse())
    donor = [p.uid for p in base()["en"].walk()]
    for document in target.values():
        for provision, uid in zip(document.walk(), reversed(donor), strict=True):
            provision.uid = uid  # another provision's uid, on purpose
    derived = _reproduces(target)
    assert {a.kind for a in derived.amendments} == {"move"}


def test_new_chapters_take_articles_in() -> None:
    def edit(document: Document, language: str) -> None:
        rights = _sections(document)[1]
        life, courts = rights.children[:2], rights.children[2:]
        rights.children = [
            Provision(kind="chapter", num="1", heading=f"Life [{language}]", children=life),
            Provision(kind="chapter", num="2", heading=f"Courts [{language}]", children=courts),
        ]

    derived = _reproduces(_target(edit))
    assert [a.kind for a in derived.amendments] == ["insert", "move", "move", "insert", "move"]


def test_rewording_in_one_language_only_says_so() -> None:
    def edit(document: Document, language: str) -> None:
        if language == "ru":
            find(document, "article", "2").text = "Столица Демо — Арлен."

    derived = _reproduces(_target(edit))
    assert [a.rationale for a in derived.amendments] == ["Rewords Article 2 (in Russian only)."]
    assert isinstance(derived.amendments[0], Replace)

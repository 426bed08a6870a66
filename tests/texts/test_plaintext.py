"""Reading constitutions typed as plain text or Markdown, in kk, ru and en."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings

from atazan_texts.errors import TextImportError
from atazan_texts.model import Document
from atazan_texts.plaintext import _match_heading, parse_plaintext, to_plaintext
from atazan_texts.testing import documents


def _eids(text: str) -> list[str]:
    return [loc.eid for loc in parse_plaintext(text).located()]


def test_english_headings_give_sections_articles_paragraphs_and_points() -> None:
    doc = parse_plaintext(
        "Preamble\nWe the people.\n\nSection II. Rights\n\nArticle 33\n"
        "1. Citizens may assemble.\n2. Limits apply:\n1) for safety;\n2) for order.\n"
    )
    assert doc.language == "en"
    assert _eids(
        "Section II. Rights\nArticle 33\n1. Citizens may assemble.\n2. Limits:\n1) safety;\n"
    ) == ["sec_2", "sec_2__art_33", "sec_2__art_33__para_1", "sec_2__art_33__para_2",
          "sec_2__art_33__para_2__point_1"]  # fmt: skip
    section = doc.sections()[0]
    assert (section.num, section.heading) == ("II", "Rights")
    assert doc.children[0].kind == "preamble"


def test_russian_headings_are_recognised() -> None:
    doc = parse_plaintext("РАЗДЕЛ I. ОБЩИЕ ПОЛОЖЕНИЯ\nГлава 1\nСтатья 1\n1. Текст.\nСтатья 2\nТекст.")
    assert doc.language == "ru"
    assert [loc.eid for loc in doc.located()] == [
        "sec_1", "sec_1__chp_1", "sec_1__art_1", "sec_1__art_1__para_1", "sec_1__art_2",
    ]  # fmt: skip


def test_kazakh_headings_are_recognised() -> None:
    doc = parse_plaintext("Кіріспе\nБіз, халық.\nI бөлім. Жалпы ережелер\n3-тарау\n26-бап\n1. Мәтін.\n3-1. Қосылған.\n")
    assert doc.language == "kk"
    eids = [loc.eid for loc in doc.located()]
    assert "sec_1__art_26__para_3-1" in eids
    assert "sec_1__chp_3" in eids


def test_markdown_marks_are_ignored() -> None:
    doc = parse_plaintext("## Section I. **Basics**\n### Article 1\n1. Text.\n")
    assert doc.sections()[0].heading == "**Basics**" or doc.sections()[0].heading == "Basics"
    assert doc.articles()[0].provision.num == "1"


def test_section_title_may_stand_on_the_next_line() -> None:
    doc = parse_plaintext("Section III\nThe President\nArticle 40\nText.\n")
    assert doc.sections()[0].heading == "The President"


def test_article_title_after_the_number_is_kept() -> None:
    doc = parse_plaintext("Article 5. Official languages\n1. Kenbeli is the state language.\n")
    assert doc.articles()[0].provision.heading == "Official languages"


def test_inserted_paragraphs_and_articles_keep_their_numbers() -> None:
    doc = parse_plaintext("Article 33-1\n1. A.\n1-1. B.\n2. C.\n")
    article = doc.articles()[0].provision
    assert article.num == "33-1"
    assert [p.num for p in article.children] == ["1", "1-1", "2"]


def test_continuation_lines_join_the_provision_above() -> None:
    doc = parse_plaintext("Article 1\n1. First line\nsecond line.\n")
    assert doc.articles()[0].provision.children[0].text == "First line\nsecond line."


def test_unheaded_text_at_the_top_is_the_preamble() -> None:
    doc = parse_plaintext("We the people adopt this.\nArticle 1\nText.\n")
    assert doc.children[0].kind == "preamble"
    assert doc.children[0].text == "We the people adopt this."


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("Section I\n1. Orphan.\nArticle 1\nText.\n", 2, "outside any article"),
        ("Article 1\nText.\nArticle 1\nAgain.\n", 3, "appears twice"),
        ("Article 1\n1. A.\n1. B.\n", 3, "appears twice"),
        ("Article 1\nArticle 2\nText.\n", 1, "has no text"),
        ("Article\nText.\nArticle 2\nText.\n", 1, "has no number"),
        ("Preamble\nOnly words.\n", 2, "no articles"),
        ("% colour: blue\nArticle 1\nText.\n", 1, "unknown metadata"),
        ("% status: maybe\nArticle 1\nText.\n", 1, "status"),
        ("Article 1\nText.\n1) x\n1) y\n", 4, "appears twice"),
    ],
)
def test_malformed_text_is_reported_by_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(TextImportError) as caught:
        parse_plaintext(text)
    assert any(p.line == line and fragment in p.message for p in caught.value.problems), str(
        caught.value
    )


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(TextImportError) as caught:
        parse_plaintext("1. Orphan.\nArticle 1\nText.\nArticle 1\nText.\n")
    assert len(caught.value.problems) >= 2


def test_translations_get_the_same_uids_position_by_position() -> None:
    en = parse_plaintext("% work: w\n% version: 1\nArticle 1\n1. Text.\n")
    kk = parse_plaintext("% work: w\n% version: 1\n1-бап\n1. Мәтін.\n")
    assert [p.uid for p in en.walk()] == [p.uid for p in kk.walk()]


def test_two_unrelated_files_share_no_uids() -> None:
    a = parse_plaintext("Article 1\nText one.\n")
    b = parse_plaintext("Article 1\nText two.\n")
    assert {p.uid for p in a.walk()}.isdisjoint({p.uid for p in b.walk()})


def _representable(document: Document) -> bool:
    """Text lines that would read as headings or numbers cannot be written as plain text."""
    for provision in document.walk():
        lines = provision.text.split("\n")
        if provision.kind in ("paragraph", "point"):
            lines = lines[1:]
        for line in [*lines, provision.heading]:
            if _match_heading(line) or line[:1].isdigit():
                return False
    return True


@settings(max_examples=60, deadline=None)
@given(documents())
def test_writing_and_reading_plain_text_keeps_everything_but_uids(document: Document) -> None:
    assume(_representable(document))
    again = parse_plaintext(to_plaintext(document))
    for original, parsed in zip(document.walk(), again.walk(), strict=True):
        parsed.uid = original.uid
    assert again == document

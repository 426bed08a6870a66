"""Reading constitutions typed as plain text or Markdown, in kk, ru and en."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from atazan_texts.errors import TextImportError
from atazan_texts.model import Document, find_flaws
from atazan_texts.plaintext import parse_plaintext, read_line, to_plaintext
from atazan_texts.testing import documents, without_uids


def _shape(text: str, **kwargs: str) -> list[tuple[str, str, str, str]]:
    """(eid, num, heading, text) of every provision."""
    document = parse_plaintext(text, **kwargs)
    return [(loc.eid, loc.provision.num, loc.provision.heading, loc.provision.text)
            for loc in document.located()]  # fmt: skip


def _problems(text: str, **kwargs: str) -> list[tuple[int | None, str]]:
    with pytest.raises(TextImportError) as caught:
        parse_plaintext(text, **kwargs)
    return [(p.line, p.message) for p in caught.value.problems]


# --------------------------------------------------------------------------- headings


def test_kazakh_headings_put_the_number_first() -> None:
    text = "Кіріспе\nБіз, халық.\nI бөлім. Жалпы ережелер\n3-тарау\n26-бап\n1. Мәтін.\n26-1-бап\nТағы.\n"
    document = parse_plaintext(text)
    assert document.language == "kk"
    assert _shape(text) == [
        ("preamble", "", "", "Біз, халық."),
        ("sec_1", "I", "Жалпы ережелер", ""),
        ("sec_1__chp_3", "3", "", ""),
        ("sec_1__art_26", "26", "", ""),
        ("sec_1__art_26__para_1", "1", "", "Мәтін."),
        ("sec_1__art_26-1", "26-1", "", "Тағы."),
    ]


def test_kazakh_headings_in_capitals_and_with_latin_i_are_read() -> None:
    assert _shape("II БӨЛІМ\n1-БАП\nМәтін.\nIII бөлiм\n2 бап\nТағы.\n") == [
        ("sec_2", "II", "", ""),
        ("sec_2__art_1", "1", "", "Мәтін."),
        ("sec_3", "III", "", ""),
        ("sec_3__art_2", "2", "", "Тағы."),
    ]


def test_russian_headings_are_read_in_any_case() -> None:
    text = "Преамбула\nМы, народ.\nРАЗДЕЛ I. ОБЩИЕ ПОЛОЖЕНИЯ\nГлава 3\nСтатья 1\n1. Текст.\nстатья 2.\nТекст."
    document = parse_plaintext(text)
    assert document.language == "ru"
    assert [loc.eid for loc in document.located()] == [
        "preamble", "sec_1", "sec_1__chp_3", "sec_1__art_1", "sec_1__art_1__para_1", "sec_1__art_2",
    ]  # fmt: skip
    assert document.sections()[0].heading == "ОБЩИЕ ПОЛОЖЕНИЯ"


def test_english_headings_with_roman_or_arabic_section_numbers() -> None:
    text = "Preamble\nWe the people.\nSECTION II. Rights\nChapter 1\nArticle 33\nText.\nSection 3\nArt. 34\nMore."
    assert parse_plaintext(text).language == "en"
    assert [row[0] for row in _shape(text)] == [
        "preamble", "sec_2", "sec_2__chp_1", "sec_2__art_33", "sec_3", "sec_3__art_34",
    ]  # fmt: skip


def test_chapters_are_optional_and_articles_may_stand_alone() -> None:
    assert [row[0] for row in _shape("Article 1\nA.\nArticle 2\nB.\n")] == ["art_1", "art_2"]
    assert [row[0] for row in _shape("Chapter 1\nArticle 1\nA.\n")] == ["chp_1", "chp_1__art_1"]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Article 5. Official languages", "Official languages"),
        ("Article 5 – Official languages", "Official languages"),
        ("Article 5 - Official languages", "Official languages"),
        ("Статья 5: Языки", "Языки"),
        ("5-бап. Тілдер", "Тілдер"),
        ("Статья 5.", ""),
    ],
)
def test_article_titles_follow_the_number(line: str, title: str) -> None:
    article = parse_plaintext(f"{line}\nText.\n").articles()[0].provision
    assert (article.num, article.heading, article.text) == ("5", title, "Text.")


def test_a_section_title_may_stand_on_the_next_line() -> None:
    document = parse_plaintext("Section III\nThe President\nArticle 40\nText.\n")
    assert document.sections()[0].heading == "The President"


def test_text_after_a_titled_section_heading_is_the_sections_own_text() -> None:
    assert _shape("Section I. Basics\nThis section sets out the basics.\nArticle 1\nA.\n")[0] == (
        "sec_1", "I", "Basics", "This section sets out the basics.",
    )  # fmt: skip


def test_the_language_is_guessed_from_headings_unless_given() -> None:
    assert parse_plaintext("Статья 1\nText.\n").language == "ru"
    assert parse_plaintext("Статья 1\nText.\n", language="kk").language == "kk"
    assert parse_plaintext("% language: en\nСтатья 1\nText.\n").language == "en"


# --------------------------------------------------------------------------- inside articles


def test_inserted_paragraphs_and_articles_keep_their_numbers() -> None:
    article = (
        parse_plaintext("Article 33-1\n1. A.\n1-1. B.\n2. C.\n3‑1. D.\n").articles()[0].provision
    )
    assert article.num == "33-1"
    assert [p.num for p in article.children] == ["1", "1-1", "2", "3-1"]


def test_points_belong_to_the_paragraph_above_or_to_the_article() -> None:
    document = parse_plaintext(
        "Article 1\nThe state protects:\n1) life;\n2) liberty.\n"
        "Article 2\n1. Limits apply:\n1) for safety;\n2) for order.\n2. Nothing else.\n"
    )
    first, second = (loc.provision for loc in document.articles())
    assert first.text == "The state protects:"
    assert [(p.kind, p.num, p.text) for p in first.children] == [
        ("point", "1", "life;"), ("point", "2", "liberty."),
    ]  # fmt: skip
    paragraph = second.children[0]
    assert [(p.kind, p.num) for p in paragraph.children] == [("point", "1"), ("point", "2")]
    assert second.children[1].num == "2"


def test_continuation_lines_join_the_provision_above() -> None:
    document = parse_plaintext(
        "Article 1\nOwn text\nsecond line.\n1. First line\nsecond line.\n1) a\nb\n"
    )
    article = document.articles()[0].provision
    assert article.text == "Own text\nsecond line."
    assert article.children[0].text == "First line\nsecond line."
    assert article.children[0].children[0].text == "a\nb"


def test_blank_lines_and_extra_spaces_carry_no_meaning_but_no_break_spaces_stay() -> None:
    document = parse_plaintext("\n\n  Article   1  \n\n  Text\u00a0— with   spaces.  \n\n")
    assert document.articles()[0].provision.text == "Text\u00a0— with spaces."


def test_unheaded_text_at_the_top_is_the_preamble() -> None:
    document = parse_plaintext("We the people\nadopt this.\nArticle 1\nText.\n")
    assert (document.children[0].kind, document.children[0].text) == (
        "preamble", "We the people\nadopt this.",
    )  # fmt: skip


# --------------------------------------------------------------------------- markdown and metadata


def test_markdown_heading_marks_and_emphasis_are_ignored() -> None:
    text = (
        "# Constitution of Kenbel\n\n## Section I. **Basics**\n\n### **Article 1.** _Name_\n"
        "1. The **state** is Kenbel.\n\n#### Article 2 ####\n#hashtag stays text.\n"
    )
    document = parse_plaintext(text)
    assert document.title == "Constitution of Kenbel"
    assert _shape(text) == [
        ("sec_1", "I", "Basics", ""),
        ("sec_1__art_1", "1", "Name", ""),
        ("sec_1__art_1__para_1", "1", "", "The **state** is Kenbel."),
        ("sec_1__art_2", "2", "", "#hashtag stays text."),
    ]


def test_metadata_lines_set_the_documents_fields_over_the_defaults() -> None:
    document = parse_plaintext(
        "% title: Charter\n% work: lakes\n% version: 2001\n% date: 2001-05-01\n% status: draft\n"
        "% note: A sample.\nArticle 1\nText.\n",
        defaults={"title": "Ignored", "language": "en", "work": "other"},
    )
    assert (document.title, document.language, document.work, document.version) == (
        "Charter", "en", "lakes", "2001",
    )  # fmt: skip
    assert (document.date, document.status, document.note) == ("2001-05-01", "draft", "A sample.")


# --------------------------------------------------------------------------- identities


def test_translations_of_one_version_get_the_same_uids_position_by_position() -> None:
    en = parse_plaintext("% work: w\n% version: 1\nArticle 1\n1. Text.\n")
    kk = parse_plaintext("% work: w\n% version: 1\n1-бап\n1. Мәтін.\n")
    assert [p.uid for p in en.walk()] == [p.uid for p in kk.walk()]
    assert all(p.uid for p in en.walk())


def test_unrelated_files_share_no_uids_and_a_namespace_can_be_given() -> None:
    a = parse_plaintext("Article 1\nText one.\n")
    b = parse_plaintext("Article 1\nText two.\n")
    assert {p.uid for p in a.walk()}.isdisjoint({p.uid for p in b.walk()})
    c = parse_plaintext("Article 1\nText two.\n", uid_namespace="ns")
    d = parse_plaintext("Article 1\nOther words.\n", uid_namespace="ns")
    assert [p.uid for p in c.walk()] == [p.uid for p in d.walk()]


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("Section I\n1. Orphan.\nArticle 1\nText.\n", 2, "paragraph 1. is outside any article"),
        ("Section I\n1) Orphan.\nArticle 1\nText.\n", 2, "point 1) is outside any article"),
        ("1) Orphan.\nArticle 1\nText.\n", 1, "point 1) is outside any article"),
        ("Article 12\nText.\nArticle 12\nAgain.\n", 3, "article 12 appears twice"),
        ("Article 1\n1. A.\n2. B.\n2. C.\n", 4, "paragraph 2 appears twice"),
        ("Article 1\nText.\n1) x\n1) y\n", 4, "point 1 appears twice"),
        ("Section 2\nArticle 1\nA.\nSection II\nArticle 2\nB.\n", 4, "same position id"),
        ("Article 1\nArticle 2\nText.\n", 1, "article 1 has no text"),
        ("Article 1\n1.\n2.\n", 1, "article 1 has no text"),
        ("Article\nText.\nArticle 2\nText.\n", 1, "has no number"),
        ("Article 1\nText.\nГлава\n", 3, "has no number"),
        ("Section IIII\nArticle 1\nText.\n", 1, "not a Roman or Arabic numeral"),
        ("Preamble\nOnly words.\n", 2, "no articles"),
        ("% colour: blue\nArticle 1\nText.\n", 1, "unknown metadata key 'colour'"),
        ("% title Charter\nArticle 1\nText.\n", 1, "should read"),
        ("% title: x\n% note: y\n% status: maybe\nArticle 1\nText.\n", 3, "status 'maybe'"),
        ("% language: fr\nArticle 1\nText.\n", 1, "language 'fr'"),
        ("% date: 30.08.1998\nArticle 1\nText.\n", 1, "YYYY-MM-DD"),
        ("% title: a\n% title: b\nArticle 1\nText.\n", 2, "given twice"),
        ("Article 1\nText.\nPreamble\nLate.\n", 3, "preamble must come before"),
    ],
)
def test_each_problem_is_reported_with_its_line(text: str, line: int, fragment: str) -> None:
    problems = _problems(text)
    assert any(where == line and fragment in message for where, message in problems), problems


def test_every_problem_is_reported_at_once_in_line_order() -> None:
    problems = _problems("1. Orphan.\nArticle 1\nText.\nArticle 1\nText.\nArticle 3\n")
    assert [line for line, _ in problems] == [1, 4, 6]
    assert "first on line 2" in problems[1][1]


def test_a_language_the_file_contradicts_is_a_problem() -> None:
    problems = _problems("% language: ru\nСтатья 1\nТекст.\n", language="kk")
    assert problems == [(1, "the file says language 'ru', but 'kk' was asked for")]


def test_the_error_message_lists_every_problem_with_its_line() -> None:
    with pytest.raises(TextImportError) as caught:
        parse_plaintext("1. Orphan.\nArticle 1\n")
    assert str(caught.value).splitlines() == [
        "line 1: paragraph 1. is outside any article",
        "line 2: article 1 has no text",
    ]


# --------------------------------------------------------------------------- writing


def test_written_text_uses_the_documents_language_for_headings() -> None:
    source = "% language: kk\nI бөлім. Негіздер\n3-тарау\n5-бап. Тіл\n1. Мәтін.\n1) бір;\n"
    written = to_plaintext(parse_plaintext(source))
    assert "I бөлім. Негіздер\n\n3-тарау\n\n5-бап. Тіл\n1. Мәтін.\n1) бір;\n" in written


def test_lines_that_look_like_structure_are_not_plain_text() -> None:
    assert read_line("Article 7").kind == "heading"
    assert read_line("3. more").kind == "paragraph"
    assert read_line("2) more").kind == "point"
    assert read_line("Article 7 of the law").kind == "text"
    assert read_line("1.5 million people").kind == "text"


@settings(max_examples=60, deadline=None)
@given(documents(plaintext=True))
def test_writing_and_reading_plain_text_keeps_everything_but_uids(document: Document) -> None:
    again = parse_plaintext(to_plaintext(document))
    assert not find_flaws(again)
    assert without_uids(again) == without_uids(document)

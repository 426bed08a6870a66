"""Cross-references follow renumbering in every language; dangling ones are reported."""

from __future__ import annotations

import pytest
from amend_texts import LANGS, base, find, uid, words

from atazan_amend import Amendment, Delete, Replace, consolidate, find_article_citations
from atazan_texts.model import Document, Provision, assign_missing_uids

#: Article 70 of the long text cites article 60 (and 12, 13) in each language's forms.
CITING = {
    "en": "Article 60 applies. Articles 12 and 13 stay. See Article 60(2) and paragraph 2 of Article 61.",
    "ru": "Согласно статье 60; статья 60 действует; статьей 60 установлено; статьи 60 и 61; "
    "пункт 2 статьи 60.",
    "kk": "60-бап; 60-бабы; 60-бабында; 60-баптың 2-тармағы; 12 және 13-баптар.",
}
EXPECTED = {
    "en": "Article 53 applies. Articles 5 and 6 stay. See Article 53(2) and paragraph 2 of Article 54.",
    "ru": "Согласно статье 53; статья 53 действует; статьей 53 установлено; статьи 53 и 54; "
    "пункт 2 статьи 53.",
    "kk": "53-бап; 53-бабы; 53-бабында; 53-баптың 2-тармағы; 5 және 6-баптар.",
}


def _long_text() -> dict[str, Document]:
    """70 articles of two paragraphs each, in one section, in three languages."""
    docs = {}
    for language in LANGS:
        articles = []
        for number in range(1, 71):
            paragraphs = [
                Provision(kind="paragraph", num="1", text=f"Rule {number} [{language}]."),
                Provision(kind="paragraph", num="2", text=f"More {number} [{language}]."),
            ]
            text = CITING[language] if number == 70 else ""
            articles.append(
                Provision(kind="article", num=str(number), text=text, children=paragraphs)
            )
        document = Document(
            title="Long", language=language, work="long", version="1",
            children=[Provision(kind="section", num="I", heading="All", children=articles)],
        )  # fmt: skip
        docs[language] = assign_missing_uids(document, "long:1")
    return docs


def _delete_first(docs: dict[str, Document], count: int) -> list[Delete]:
    return [Delete(id=f"d{n}", target=uid(docs, "article", str(n))) for n in range(1, count + 1)]


@pytest.mark.parametrize("language", LANGS)
def test_references_in_words_from_the_base_follow_renumbering(language: str) -> None:
    docs = _long_text()
    result = consolidate(docs, _delete_first(docs, 7), numbering="articles")
    assert find(result[language], "article", "63").text == EXPECTED[language]
    assert result.warnings == ()
    assert result.renumbered[uid(docs, "article", "60")] == ("60", "53")


@pytest.mark.parametrize("language", LANGS)
def test_references_to_a_deleted_article_are_reported_and_left_as_written(language: str) -> None:
    docs = base()
    result = consolidate(docs, [Delete(id="no-capital", target=uid(docs, "article", "2"))],
                         numbering="articles")  # fmt: skip
    final = find(result[language], "article", "5")  # the old Article 6
    assert final.uid == uid(docs, "article", "6")
    assert "2" in final.text
    warned = [w for w in result.warnings if w.language == language]
    assert [(w.code, w.cited, w.uid) for w in warned] == [("deleted", "2", final.uid)]
    assert warned[0].eid == "sec_3__art_5"


@pytest.mark.parametrize("language", LANGS)
def test_lists_and_paragraphs_are_rewritten_in_each_language(language: str) -> None:
    docs = base()
    result = consolidate(
        docs, [Delete(id="d", target=uid(docs, "article", "1"))], numbering="articles"
    )
    expected = {
        "en": "The rights in Articles 2 and 3 bind every court; Article 3(2) admits no exception.",
        "ru": "Права, указанные в статьях 2 и 3, обязательны для всех судов; пункт 2 статьи 3 не "
        "допускает исключений.",
        "kk": "2 және 3-баптарда көрсетілген құқықтар барлық соттар үшін міндетті; 3-баптың "
        "2-тармағы ешқандай ерекшелікке жол бермейді.",
    }
    assert find(result[language], "article", "4").text == expected[language]


def test_words_written_by_an_amendment_are_taken_in_the_new_numbering() -> None:
    docs = _long_text()
    texts = {
        "en": words("Article 53 applies; Article 99 does not exist."),
        "ru": words("Применяется статья 53."),
        "kk": words("53-бап қолданылады."),
    }
    amendments: list[Amendment] = [
        *_delete_first(docs, 7),
        Replace(id="new", target=uid(docs, "article", "70"), texts=texts),
    ]
    result = consolidate(docs, amendments, numbering="articles")
    assert find(result["en"], "article", "63").text == texts["en"].text
    assert find(result["kk"], "article", "63").text == texts["kk"].text
    assert [(w.code, w.language, w.cited) for w in result.warnings] == [
        ("not_in_result", "en", "99")
    ]


def test_a_paragraph_renumbered_by_full_numbering_is_followed() -> None:
    docs = base()
    paragraph_1 = find(docs["en"], "article", "4").children[0].uid
    result = consolidate(docs, [Delete(id="d", target=paragraph_1)], numbering="full")
    assert find(result["en"], "article", "5").text.endswith("Article 4(1) admits no exception.")
    assert "пункт 1 статьи 4" in find(result["ru"], "article", "5").text
    assert "4-баптың 1-тармағы" in find(result["kk"], "article", "5").text


def test_a_range_that_lost_an_article_is_reported() -> None:
    docs = _long_text()
    docs["en"].children[0].children[69].text = "Articles 20 to 22 apply."
    result = consolidate(
        docs, [Delete(id="d", target=uid(docs, "article", "21"))], numbering="articles"
    )
    assert find(result["en"], "article", "69").text == "Articles 20 to 21 apply."
    assert [w.code for w in result.warnings if w.language == "en"] == ["range"]


@pytest.mark.parametrize(
    ("language", "text", "cited"),
    [
        ("en", "under Article 60; Articles 12, 13 and 14; Art. 5(3); Articles 50 to 52", ["60", "12", "13", "14", "5", "50", "52"]),
        ("ru", "статьёй 60; статьями 46 и 47; статей 5, 6; статьи с 50 по 52; ст. 7", ["60", "46", "47", "5", "6", "50", "52", "7"]),
        ("kk", "60-бапқа; 46-бапқа және 47-бапқа; 93-баппен; 50–52-баптар; 33-1-бап", ["60", "46", "47", "93", "50", "52", "33-1"]),
        ("en", "in 1998 the 5 articles of chapter 2", []),
        ("kk", "2-тармаққа сәйкес; 1998 жылғы", []),
    ],
)  # fmt: skip
def test_the_finder_reads_the_constitutions_own_style(
    language: str, text: str, cited: list[str]
) -> None:
    assert [c.article.num for c in find_article_citations(text, language)] == cited


def test_only_the_digits_change_so_case_endings_survive() -> None:
    docs = _long_text()
    docs["kk"].children[0].children[69].text = "60-бабының 2-тармағына сәйкес."
    result = consolidate(docs, _delete_first(docs, 7), numbering="articles")
    assert find(result["kk"], "article", "63").text == "53-бабының 2-тармағына сәйкес."


def test_each_language_gets_the_new_text_in_its_own_words() -> None:
    docs = base()
    result = consolidate(
        docs, [Delete(id="d", target=uid(docs, "article", "1"))], numbering="articles"
    )
    assert {lang: find(result[lang], "article", "1").text for lang in LANGS} == {
        lang: find(docs[lang], "article", "2").text for lang in LANGS
    }

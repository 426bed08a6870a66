"""Citations of the constitution in proposals: finding them in ru, kk and en, and resolving them."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atazan_analysis.citations import (
    Citation,
    CitationIndex,
    find_citations,
    resolve_citations,
)
from atazan_analysis.evaluation.citation_scoring import CASES_PATH, Case, load_cases, score
from atazan_texts.model import Document, Provision
from atazan_texts.plaintext import parse_plaintext


def keys(text: str) -> list[str]:
    return [c.key for c in find_citations(text)]


# --------------------------------------------------------------------------- Russian


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("статья 33", ["art_33"]),
        ("ст. 33", ["art_33"]),
        ("ст.33", ["art_33"]),
        ("изменить статьи 33", ["art_33"]),
        ("согласен со статьёй 33", ["art_33"]),
        ("в статье 33 сказано", ["art_33"]),
        ("СТАТЬЯ 33", ["art_33"]),
        ("ст. 33 п. 2", ["art_33__para_2"]),
        ("ст.33п.2", ["art_33__para_2"]),
        ("статья 33, пункт 2", ["art_33__para_2"]),
        ("пункт 2 статьи 31", ["art_31__para_2"]),
        ("п. 2 ст. 31", ["art_31__para_2"]),
        ("части 2 статьи 5", ["art_5__para_2"]),
        ("ч. 3 ст. 26", ["art_26__para_3"]),
        ("подпункт 1) пункта 1 статьи 21", ["art_21__para_1__point_1"]),
        ("пп. 1) п. 1 ст. 21", ["art_21__para_1__point_1"]),
        ("подпункт 7) статьи 44", ["art_44__point_7"]),
        ("статья 33-1", ["art_33-1"]),
        ("в 42-й статье", ["art_42"]),
        ("раздел II", ["sec_2"]),
        ("раздела 2", ["sec_2"]),
        ("в разделе III Конституции", ["sec_3"]),
        ("глава 3", ["chp_3"]),
        ("Согласно ст. 33 Основного закона", ["art_33"]),
    ],
)
def test_russian_forms_are_found_with_their_key(text: str, expected: list[str]) -> None:
    assert keys(text) == expected


@pytest.mark.parametrize(
    "text", ["статьи 50–52", "статьи 50-52", "ст. 50 - 52", "ст. 50 — 52", "статьи с 50 по 52"]
)
def test_russian_range_of_articles_expands_to_each_article(text: str) -> None:
    assert keys(text) == ["art_50", "art_51", "art_52"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("статьи 5 и 7", ["art_5", "art_7"]),
        ("статей 5, 7 и 9", ["art_5", "art_7", "art_9"]),
        ("пункты 1 и 2 статьи 4", ["art_4__para_1", "art_4__para_2"]),
        ("пунктов 1-3 статьи 10", ["art_10__para_1", "art_10__para_2", "art_10__para_3"]),
        ("разделы I–III", ["sec_1", "sec_2", "sec_3"]),
    ],
)
def test_russian_lists_name_every_member(text: str, expected: list[str]) -> None:
    assert keys(text) == expected


def test_a_paragraph_followed_by_another_article_belongs_to_that_article() -> None:
    assert keys("Статья 33, пункт 2 статьи 35") == ["art_33", "art_35__para_2"]


def test_a_number_after_a_range_word_that_cannot_end_the_range_is_not_an_article() -> None:
    assert keys("снизить по п. 1 ст. 41 до 35 лет") == ["art_41__para_1"]


# --------------------------------------------------------------------------- Kazakh


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("33-бап", ["art_33"]),
        ("33 бап", ["art_33"]),
        ("33-бабы", ["art_33"]),
        ("33-бабына", ["art_33"]),
        ("33-ші бап", ["art_33"]),
        ("28-БАП", ["art_28"]),
        ("33-бабының 2-тармағы", ["art_33__para_2"]),
        ("33-бап 2-тармақ", ["art_33__para_2"]),
        ("33-баптың 2-тармағы", ["art_33__para_2"]),
        ("21-баптың 1-тармағының 1) тармақшасы", ["art_21__para_1__point_1"]),
        ("33-1-бап", ["art_33-1"]),
        ("50–52-баптар", ["art_50", "art_51", "art_52"]),
        ("5 және 7-баптар", ["art_5", "art_7"]),
        ("5, 7-баптар", ["art_5", "art_7"]),
        ("II бөлім", ["sec_2"]),
        ("ІІ бөлім", ["sec_2"]),  # Cyrillic І, as Kazakh keyboards type it
        ("2-бөлім", ["sec_2"]),
        ("II бөлімі", ["sec_2"]),
        ("3-тарау", ["chp_3"]),
        ("Ата Заңның 33-бабы", ["art_33"]),
    ],
)
def test_kazakh_cyrillic_forms_are_found_with_their_key(text: str, expected: list[str]) -> None:
    assert keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("33-bap", ["art_33"]),
        ("33-baptyñ 2-tarmağy", ["art_33__para_2"]),
        ("33-baptyn 2-tarmagy", ["art_33__para_2"]),
        ("21-baptyñ 1-tarmağynyñ 1) tarmaqşasy", ["art_21__para_1__point_1"]),
        ("II bölım", ["sec_2"]),
        ("2-bölim", ["sec_2"]),
        ("3-tarau", ["chp_3"]),
    ],
)
def test_kazakh_latin_forms_are_found_with_their_key(text: str, expected: list[str]) -> None:
    assert keys(text) == expected


# --------------------------------------------------------------------------- English


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Article 33", ["art_33"]),
        ("Art. 33", ["art_33"]),
        ("art 33", ["art_33"]),
        ("Article 33(2)", ["art_33__para_2"]),
        ("Article 33 (2)", ["art_33__para_2"]),
        ("Article 33(2)(a)", ["art_33__para_2__point_a"]),
        ("Article 21(1)(1)", ["art_21__para_1__point_1"]),
        ("paragraph 2 of Article 31", ["art_31__para_2"]),
        ("point 1 of paragraph 1 of Article 21", ["art_21__para_1__point_1"]),
        ("Article 33, paragraph 2", ["art_33__para_2"]),
        ("Articles 50-52", ["art_50", "art_51", "art_52"]),
        ("Articles 50 to 52", ["art_50", "art_51", "art_52"]),
        ("Articles 5 and 7", ["art_5", "art_7"]),
        ("Articles 5, 7 and 9", ["art_5", "art_7", "art_9"]),
        ("Section II", ["sec_2"]),
        ("Section 2", ["sec_2"]),
        ("Part III", ["sec_3"]),
        ("Chapter 3", ["chp_3"]),
        ("Article 33-1", ["art_33-1"]),
        ("Lower the age in Article 41 paragraph 1 to 35.", ["art_41__para_1"]),
    ],
)
def test_english_forms_are_found_with_their_key(text: str, expected: list[str]) -> None:
    assert keys(text) == expected


# --------------------------------------------------------------------------- mixed, order, spans


def test_citations_come_in_order_of_appearance_without_duplicates() -> None:
    text = "Article 91 / статья 91 / 91-бап, then 33-бап and раздел II"
    assert keys(text) == ["art_91", "art_33", "sec_2"]


def test_a_kazakh_list_starting_inside_a_russian_reference_is_read_from_its_own_start() -> None:
    assert keys("Статья 1 и I бөлім") == ["art_1", "sec_1"]


def test_the_span_covers_the_whole_expression() -> None:
    text = "Прошу изменить пункт 2 статьи 31 немедленно."
    (citation,) = find_citations(text)
    assert text[citation.start : citation.end] == "пункт 2 статьи 31"
    assert citation == Citation("article", "31", "2", None, citation.start, citation.end)


def test_keys_follow_the_eid_style() -> None:
    assert Citation("article", "21", "1", "1").key == "art_21__para_1__point_1"
    assert Citation("section", "2").key == "sec_2"
    assert Citation("chapter", "3").key == "chp_3"


# --------------------------------------------------------------------------- not citations


@pytest.mark.parametrize(
    "text",
    [
        "в 2 статьях журнала писали о реформе",
        "прочитал 2 статьи в газете",
        "Из 10 статей журнала 3 касаются выборов",
        "мне 33 года",
        "в 2026 году",
        "статья расходов на армию",
        "Эта статья 5 лет назад вызвала споры",
        "ставка 12% слишком высокая",
        "телефон +7 701 555 12 34",
        "1) снизить налоги; 2) поднять зарплаты",
        "Глава государства избирается на 5 лет",
        "По статье 109 УК РК наказание мягкое",
        "Статья 5 Закона о выборах устарела",
        "Ст. 188 Уголовного кодекса надо смягчить",
        "бапқа қарсымын",
        "Конституцияда 98 бап бар",
        "Құжат 3 бөлімнен тұрады",
        "Еңбек кодексінің 5-бабы",
        "Құрылғыны баптау 3 күнге созылды",
        "an article about the courts",
        "I read an article 5 years ago",
        "Article 1000",
        "the section on rights",
        "In this section I propose three changes",
        "Article 19 of the Universal Declaration of Human Rights",
        "Article 109 of the Criminal Code",
        "taxes went up by 12% in 2024",
        "",
    ],
)
def test_counts_quantities_and_other_acts_are_not_citations(text: str) -> None:
    assert find_citations(text) == []


# --------------------------------------------------------------------------- evaluation set


def test_the_evaluation_set_is_large_and_varied() -> None:
    cases = load_cases()
    assert len(cases) >= 250
    assert sum(1 for case in cases if not case.keys) >= 60
    assert {case.language for case in cases} >= {"ru", "kk", "kk-latn", "en", "mixed"}


def test_evaluation_set_precision_and_recall_are_at_least_98_percent_per_language() -> None:
    scores = score(load_cases(CASES_PATH))
    for language, figures in scores.items():
        failing = "\n".join(str(failure) for failure in figures["failures"])
        assert figures["precision"] >= 0.98, (
            f"{language}: precision {figures['precision']:.3f}\n{failing}"
        )
        assert figures["recall"] >= 0.98, f"{language}: recall {figures['recall']:.3f}\n{failing}"
    assert scores["all"]["lines"] == len(load_cases())


def test_scores_are_micro_averaged_over_keys() -> None:
    cases = [
        Case("ru", ("art_5", "art_7"), "статьи 5 и 7"),
        Case("ru", ("art_9",), "без ссылки"),
        Case("en", (), "Article 3"),
    ]
    scores = score(cases)
    assert scores["ru"]["precision"] == 1.0
    assert scores["ru"]["recall"] == pytest.approx(2 / 3)
    assert scores["en"]["precision"] == 0.0
    assert scores["en"]["recall"] == 1.0
    assert scores["all"]["precision"] == pytest.approx(2 / 3)
    assert [failure.case.text for failure in scores["all"]["failures"]] == [
        "без ссылки",
        "Article 3",
    ]


def test_loading_rejects_a_file_without_the_header(tmp_path) -> None:
    path = tmp_path / "cases.tsv"
    path.write_text("ru\tart_1\tстатья 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="first line"):
        load_cases(path)


# --------------------------------------------------------------------------- properties

articles = st.integers(min_value=1, max_value=999).map(str)
paragraphs = st.integers(min_value=1, max_value=30).map(str)
ARTICLE_TEMPLATES = [
    "Предлагаю изменить статью {a}.",
    "ст. {a} надо оставить",
    "{a}-бапты өзгерту керек.",
    "{a}-bapty özgertu kerek.",
    "I propose to amend Article {a}.",
    "See Art. {a}, please.",
]
PARAGRAPH_TEMPLATES = [
    "Пункт {p} статьи {a} исключить.",
    "ст.{a} п.{p} — изменить",
    "{a}-баптың {p}-тармағы өзгерсін.",
    "{a}-baptyñ {p}-tarmağy özgersin.",
    "Paragraph {p} of Article {a} should go.",
    "Article {a}({p}) should go.",
]


@settings(max_examples=150, deadline=None)
@given(article=articles, template=st.sampled_from(ARTICLE_TEMPLATES))
def test_any_article_number_in_any_language_template_is_found(article: str, template: str) -> None:
    assert keys(template.format(a=article)) == [f"art_{article}"]


@settings(max_examples=150, deadline=None)
@given(article=articles, paragraph=paragraphs, template=st.sampled_from(PARAGRAPH_TEMPLATES))
def test_any_paragraph_of_any_article_in_any_language_template_is_found(
    article: str, paragraph: str, template: str
) -> None:
    assert keys(template.format(a=article, p=paragraph)) == [f"art_{article}__para_{paragraph}"]


WORDS_WITHOUT_ROMAN = st.text(
    alphabet=st.sampled_from(
        list(
            "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі" + string.ascii_lowercase + " ,.;:!?()-–\n"
        )
    ),
    max_size=300,
)


@settings(max_examples=200, deadline=None)
@given(text=WORDS_WITHOUT_ROMAN)
def test_text_without_digits_or_capital_roman_numerals_cites_nothing(text: str) -> None:
    assert find_citations(text) == []


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_arbitrary_unicode_never_raises_and_spans_lie_inside_the_text(text: str) -> None:
    for citation in find_citations(text):
        assert 0 <= citation.start < citation.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("0123456789 ,.-–()IVXстаьяпбәтрмқ")), max_size=400)
)
def test_dense_digits_and_keywords_never_raise(text: str) -> None:
    find_citations(text)


@pytest.mark.parametrize(
    "unit",
    [
        "1, ",
        "5 ",
        "ст. 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 ",
        "1 және 1 және бап ",
        "I II III бөлім ",
        "Article 5(1)(a) and ",
        "пункт 1 пункт 2 статья ",
        "33-",
    ],
)
def test_a_megabyte_of_adversarial_text_is_scanned_without_backtracking_blowup(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    found = find_citations(text)
    assert len(found) <= 1000


# --------------------------------------------------------------------------- resolution

CHARTER_RU = """\
% title: Хартия Озерных кантонов
% language: ru
% work: lakes
% version: 2001

Раздел I. Основы

Статья 1
1. Кантоны – демократическое государство.
2. Власть принадлежит народу.

Статья 2
Столица – Тасбулак.

Раздел II. Права

Статья 3
1. Каждый имеет право на жизнь.
2. Никто не может подвергаться пыткам.
2-1. Доказательства, полученные под пыткой, не имеют силы.

Статья 4
1. Каждый может свободно высказываться.
2. Цензура запрещена, кроме случаев:
1) защиты детей;
2) чрезвычайного положения.

Статья 4-1
Каждый имеет право на доступ к сети.

Статья 5
Исполнительная власть вправе:
1) созывать совет;
2) издавать указы.
"""


@pytest.fixture(scope="module")
def charter() -> Document:
    return parse_plaintext(CHARTER_RU)


def _eids(text: str, document: Document) -> list[str | None]:
    return [r.eid for r in resolve_citations(find_citations(text), document)]


def test_an_article_resolves_to_its_eid_inside_its_section(charter: Document) -> None:
    assert _eids("статья 3", charter) == ["sec_2__art_3"]


def test_a_paragraph_and_a_point_resolve_to_themselves(charter: Document) -> None:
    assert _eids("пункт 2 статьи 3; подпункт 1) пункта 2 статьи 4", charter) == [
        "sec_2__art_3__para_2",
        "sec_2__art_4__para_2__point_1",
    ]


def test_inserted_numbers_resolve(charter: Document) -> None:
    assert _eids("ст. 4-1 и п. 2-1 ст. 3", charter) == ["sec_2__art_4-1", "sec_2__art_3__para_2-1"]


def test_a_missing_paragraph_falls_back_to_its_article(charter: Document) -> None:
    assert _eids("пункт 7 статьи 3", charter) == ["sec_2__art_3"]
    assert _eids("пункт 1 статьи 2", charter) == ["sec_1__art_2"]


def test_a_missing_point_falls_back_to_its_paragraph(charter: Document) -> None:
    assert _eids("подпункт 9) пункта 2 статьи 4", charter) == ["sec_2__art_4__para_2"]


def test_a_paragraph_number_of_an_article_made_of_points_finds_the_point(charter: Document) -> None:
    assert _eids("пункт 2 статьи 5", charter) == ["sec_2__art_5__point_2"]


def test_an_unknown_article_or_section_gives_no_eid(charter: Document) -> None:
    resolved = resolve_citations(find_citations("статья 77, пункт 2 статьи 78, раздел IX"), charter)
    assert [(r.citation.key, r.eid, r.uid) for r in resolved] == [
        ("art_77", None, None),
        ("art_78__para_2", None, None),
        ("sec_9", None, None),
    ]


def test_sections_resolve_from_roman_or_arabic_and_carry_the_uid(charter: Document) -> None:
    by_eid = {loc.eid: loc.provision for loc in charter.located()}
    resolved = resolve_citations(find_citations("раздел II и 1-бөлім"), charter)
    assert [r.eid for r in resolved] == ["sec_2", "sec_1"]
    assert [r.uid for r in resolved] == [by_eid["sec_2"].uid, by_eid["sec_1"].uid]
    assert all(r.uid for r in resolved)


def test_a_roman_chapter_resolves_and_articles_outside_sections_resolve() -> None:
    document = Document(
        title="t",
        language="en",
        children=[
            Provision(
                "chapter", "II", children=[Provision("article", "7", text="Text.", uid="u7")]
            ),
            Provision("article", "8", text="More.", uid=""),
        ],
    )
    resolved = resolve_citations(find_citations("Chapter II, Article 7(3) and Article 8"), document)
    # Chapters keep their number as written in the eid; the citation says "2" either way.
    assert [(r.eid, r.uid) for r in resolved] == [
        ("chp_ii", None),
        ("chp_ii__art_7", "u7"),
        ("art_8", None),
    ]


def test_the_index_is_built_once_per_document(charter: Document) -> None:
    citations = find_citations("статья 3")
    first = resolve_citations(citations, charter)
    from atazan_analysis import citations as module

    index = module.index_for(charter)
    assert module.index_for(charter) is index
    assert resolve_citations(citations, charter) == first
    assert CitationIndex(charter).resolve(citations[0]) == first[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in section 2 of my letter I explain why", []),
        ("section 3 of Article 5", ["art_5"]),
        ("Section II of the Constitution", ["sec_2"]),
        ("Chapter 3 of the Constitution", ["chp_3"]),
    ],
)
def test_an_english_section_of_something_other_than_the_constitution_is_not_cited(
    text: str, expected: list[str]
) -> None:
    assert keys(text) == expected

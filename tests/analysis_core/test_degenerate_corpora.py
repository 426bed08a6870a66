"""The whole analysis finishes on tiny, empty and degenerate corpora, one result per record."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atazan_analysis import pipeline
from atazan_analysis.records import Record
from atazan_texts import Document

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "atazan" / "constitution" / "samples"

SENTENCES = {
    "ru": "Предлагаю закрепить право граждан избирать глав местных властей напрямую.",
    "kk": "Азаматтардың жергілікті әкімдерді тікелей сайлау құқығын бекітуді ұсынамын.",
    "en": "I propose that citizens elect their local governors directly.",
    "es": "Propongo que los ciudadanos elijan directamente a sus gobernadores.",
    "de": "Ich schlage vor, dass die Bürger ihre Gouverneure direkt wählen.",
}
ODD_TEXTS = ["", "   ", "\n\n", "!!! ???", "12345", "😀", "<p></p>", "право", "суд суд суд суд"]
TAXONOMY = ["Суды", "Выборы", "Права человека", "Courts"]


@cache
def constitution(language: str) -> Document:
    from atazan_texts.io import load_document

    return load_document(
        SAMPLES / f"kenbel-1998.{language}.txt", language=language, uid_namespace="analysis"
    )


def repeated_word() -> st.SearchStrategy[list[str]]:
    word = st.sampled_from(["право", "суд", "құқық", "vote", "x"])
    return st.tuples(word, st.integers(1, 8), st.integers(1, 30)).map(
        lambda t: [" ".join([t[0]] * t[2])] * t[1]
    )


def all_identical() -> st.SearchStrategy[list[str]]:
    text = st.sampled_from([*SENTENCES.values(), *ODD_TEXTS])
    return st.tuples(text, st.integers(2, 8)).map(lambda t: [t[0]] * t[1])


def one_text_per_language() -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(list(SENTENCES.values())), max_size=5, unique=True)


def one_term_language_group() -> st.SearchStrategy[list[str]]:
    """Six short texts of one language whose only content word is the same."""
    word = st.sampled_from(["суд", "суды", "суда"])
    return st.lists(
        st.tuples(word, st.integers(1, 4)).map(lambda t: " ".join([t[0]] * t[1])),
        min_size=6,
        max_size=6,
    )


def anything() -> st.SearchStrategy[list[str]]:
    pieces = st.sampled_from([*SENTENCES.values(), *ODD_TEXTS])
    return st.lists(pieces, max_size=8)


CORPORA = st.one_of(
    st.just([]),
    repeated_word(),
    all_identical(),
    one_text_per_language(),
    one_term_language_group(),
    anything(),
)


def analyse(texts: list[str], languages: tuple[str, ...], taxonomy: list[str]) -> None:
    records = [Record(f"r{n}", text) for n, text in enumerate(texts)]
    result = pipeline.run(
        records,
        config=pipeline.Config(),
        constitution=[constitution(language) for language in languages],
        taxonomy=taxonomy,
    )
    assert [p.id for p in result.proposals] == [r.id for r in records]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    CORPORA,
    st.sampled_from([(), ("ru",), ("ru", "en"), ("kk", "ru", "en")]),
    st.sampled_from([[], TAXONOMY]),
)
def test_run_finishes_with_one_result_per_record(
    texts: list[str], languages: tuple[str, ...], taxonomy: list[str]
) -> None:
    analyse(texts, languages, taxonomy)


def test_six_one_term_texts_of_one_language_with_constitution_and_taxonomy() -> None:
    analyse(["суд", "суд суд", "суды", "суд", "суда", "суд суд суд"], ("ru",), TAXONOMY)


def test_eight_identical_sentences_without_constitution_or_taxonomy() -> None:
    analyse([SENTENCES["en"]] * 8, (), [])

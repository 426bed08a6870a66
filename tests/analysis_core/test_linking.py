"""Links from proposals that name no article: best provisions with a score and the shared words."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atazan_analysis.linking import ArticleIndex, LinkSettings
from atazan_analysis.textprep import prepare, stems
from atazan_texts import Document

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "atazan" / "constitution" / "samples"


@cache
def sample(language: str) -> Document:
    from atazan_texts.io import load_document

    return load_document(
        SAMPLES / f"kenbel-1998.{language}.txt", language=language, uid_namespace="analysis"
    )


def link(texts: list[str], language: str = "ru", document: Document | None = None) -> list:
    docs = [stems(prepare(text).words, language) for text in texts]
    index = ArticleIndex(document or sample(language), docs)
    return index.link(docs, texts, LinkSettings())


def test_proposal_without_a_citation_gets_its_article_with_score_and_shared_words() -> None:
    [links] = link(["Прошу запретить цензуру и преследование журналистов за их статьи"])
    assert links[0].eid == "sec_2__art_21"
    assert links[0].reason == "terms" and 0 < links[0].score <= 1
    assert "цензура" in links[0].why


def test_one_word_proposal_is_linked() -> None:
    [links] = link(["Censorship"], "en")
    assert [lk.eid for lk in links][:1] == ["sec_2__art_21"]


def test_proposal_sharing_no_word_with_the_constitution_gets_no_link() -> None:
    assert link(["Почините дорожные ямы возле нашего дома"]) == [[]]


def test_links_are_ranked_best_first_and_at_most_three() -> None:
    [links] = link(["Смертная казнь должна быть отменена, право на жизнь священно, суды ошибаются"])
    scores = [lk.score for lk in links]
    assert 1 <= len(links) <= 3 and scores == sorted(scores, reverse=True)
    assert links[0].eid == "sec_2__art_14"


def test_text_without_articles_links_nothing() -> None:
    document = Document(title="Preamble only", language="ru", children=[])
    assert link(["Мы принимаем закон", ""], document=document) == [[], []]


WORDS = st.sampled_from(
    ["суд", "суды", "право", "и", "цензура", "казнь", "ааа", "ъ", "Ә", "х" * 40]
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(WORDS, max_size=6).map(" ".join), max_size=6),
    st.lists(st.lists(WORDS, max_size=4).map(" ".join), max_size=4),
)
def test_degenerate_proposals_and_corpora_never_crash(texts: list[str], corpus: list[str]) -> None:
    docs = [stems(prepare(text).words, "ru") for text in texts]
    extra = [stems(prepare(text).words, "ru") for text in corpus]
    found = ArticleIndex(sample("ru"), [*docs, *extra]).link(docs, texts, LinkSettings())
    assert len(found) == len(texts)
    for links in found:
        assert len(links) <= 3
        assert all(0 < lk.score <= 1 and lk.reason == "terms" and lk.why for lk in links)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_labelled_set_keeps_its_accuracy(language: str) -> None:
    from atazan_analysis.evaluation.linking import linking_report

    figures = linking_report()[language]
    # Measured 0.83 (ru) and 0.82 (en) when written; a TF-IDF cosine gave 0.22 and 0.31.
    assert figures["top3"] >= 0.75 and figures["top1"] >= 0.55

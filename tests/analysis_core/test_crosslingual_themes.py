"""Themes across kk, ru and en, learnt from the aligned constitution; no group can break a run."""

from __future__ import annotations

import functools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atazan_analysis.crosslingual import ParallelSpace, induce_lexicon
from atazan_analysis.evaluation.crosslingual import load, sample_constitution, score
from atazan_analysis.textprep import prepare, stems
from atazan_analysis.themes import Idea, ThemeSettings, cluster_all, cluster_language


@functools.cache
def _space() -> ParallelSpace:
    space = ParallelSpace.from_documents(sample_constitution())
    assert space is not None
    return space


def _eval_ideas() -> tuple[list[dict[str, str]], list[Idea]]:
    rows = load()
    ideas = [
        Idea(str(i), row["language"], prepare(row["text"]).words, row["text"])
        for i, row in enumerate(rows)
    ]
    return rows, ideas


def test_lexicon_maps_kazakh_and_english_stems_to_their_russian_counterparts():
    space = _space()
    assert space.pivot == "ru"
    assert space.to_pivot(stems(["президент"], "kk"), "kk") == stems(["президент"], "ru")
    assert space.to_pivot(stems(["president"], "en"), "en") == stems(["президент"], "ru")
    assert space.to_pivot(stems(["референдум"], "kk"), "kk") == stems(["референдум"], "ru")


def test_lexicon_pairs_stems_that_share_aligned_units():
    source = [["dog", "runs"], ["dog", "sleeps"], ["cat", "runs"], ["cat", "sleeps"]]
    pivot = [["собак", "бежит"], ["собак", "спит"], ["кошк", "бежит"], ["кошк", "спит"]]
    lexicon = induce_lexicon(source, pivot)
    assert {s: t.target for s, t in lexicon.items()} == {
        "dog": "собак",
        "runs": "бежит",
        "cat": "кошк",
        "sleeps": "спит",
    }


def test_a_provision_in_any_language_is_closest_to_its_own_uid():
    space = _space()
    documents = {d.language: d for d in sample_constitution()}
    uid = space.concepts[40]
    texts = {
        language: next(p for p in document.walk() if p.uid == uid)
        for language, document in documents.items()
    }
    docs = [stems(prepare(p.text or p.heading).words, lang) for lang, p in texts.items()]
    vectors = space.concept_vectors(docs, list(texts)).toarray()
    assert all(row.argmax() == 40 for row in vectors)


def test_one_language_of_aligned_texts_gives_no_parallel_space():
    assert ParallelSpace.from_documents(sample_constitution()[:1]) is None
    assert ParallelSpace.from_documents([]) is None


def test_the_same_idea_in_kazakh_russian_and_english_mostly_forms_one_theme():
    rows, ideas = _eval_ideas()
    count = len({row["idea_id"] for row in rows})
    themes = cluster_all(ideas, ThemeSettings(per_language=count), _space())
    after = score(rows, {m: t.id for t in themes for m in t.members})
    before_themes = cluster_all(ideas, ThemeSettings(per_language=count))
    before = score(rows, {m: t.id for t in before_themes for m in t.members})
    assert before["kk_ru_en_in_one_theme"] == 0
    assert after["kk_ru_en_in_one_theme"] >= 0.6
    assert after["ami"] > before["ami"]
    assert any(len(t.languages) == 3 for t in themes)


def test_a_cross_lingual_theme_is_labelled_in_the_language_most_of_its_supporters_used():
    _rows, ideas = _eval_ideas()
    themes = cluster_all(ideas, ThemeSettings(per_language=26), _space())
    language_of = {i.id: i.language for i in ideas}
    words_of = {i.id: set(i.words) for i in ideas}
    for theme in themes:
        assert theme.language in theme.languages
        assert theme.languages == sorted({language_of[m] for m in theme.members})
        own = set().union(*(words_of[m] for m in theme.members if language_of[m] == theme.language))
        for keyword in theme.keywords:
            assert set(keyword.split()) <= own


def test_languages_without_an_aligned_text_are_themed_on_their_own():
    _rows, ideas = _eval_ideas()
    spanish = [
        Idea(f"es{i}", "other", prepare(text).words, text)
        for i, text in enumerate(
            [
                "Educación pública gratuita y de calidad para todos los niños",
                "La educación gratuita es un derecho de todos",
                "Salud pública gratuita para todas las personas",
                "Derecho a la salud y hospitales públicos de calidad",
                "Protección del medio ambiente y del agua",
                "El agua es un bien común y el medio ambiente debe protegerse",
            ]
        )
    ]
    themes = cluster_all([*ideas, *spanish], ThemeSettings(per_language=3), _space())
    spanish_ids = {i.id for i in spanish}
    for theme in themes:
        members = set(theme.members)
        assert members <= spanish_ids or not members & spanish_ids
    assert {t.language for t in themes if set(t.members) <= spanish_ids} == {"other"}


def test_without_aligned_texts_themes_are_exactly_the_per_language_ones():
    _rows, ideas = _eval_ideas()
    settings_ = ThemeSettings(per_language=5)
    expected = []
    for language in ("en", "kk", "ru"):
        expected += cluster_language(
            [i for i in ideas if i.language == language], language, settings_
        )
    assert cluster_all(ideas, settings_) == expected


def test_a_group_whose_vocabulary_is_one_term_gives_themes_not_an_error():
    texts = ["налог", "налог", "один", "два", "три", "четыре"]
    ideas = [Idea(f"p{i}", "ru", (word,), word) for i, word in enumerate(texts)]
    themes = cluster_language(ideas, "ru", ThemeSettings(min_documents=1))
    assert sorted(m for t in themes for m in t.members) == sorted(i.id for i in ideas)


# Words that make degenerate corpora: a few content words, stop words, one-letter words.
_WORDS = {
    "ru": ["суд", "налог", "выборы", "и", "в", "не", "что", "это", "я"],
    "kk": ["сот", "салық", "сайлау", "және", "мен", "бұл", "ол"],
    "en": ["court", "tax", "election", "the", "and", "of", "a", "is"],
    "other": ["agua", "salud", "de", "la", "el", "y"],
}


@st.composite
def _corpora(draw: st.DrawFn) -> list[Idea]:
    count = draw(st.integers(min_value=0, max_value=14))
    identical = draw(st.booleans())
    ideas: list[Idea] = []
    shared_words: tuple[str, ...] | None = None
    for i in range(count):
        language = draw(st.sampled_from(sorted(_WORDS)))
        words = tuple(draw(st.lists(st.sampled_from(_WORDS[language]), min_size=0, max_size=5)))
        if identical:
            shared_words = shared_words if shared_words is not None else words
            words = shared_words
        weight = draw(st.integers(min_value=1, max_value=50))
        ideas.append(Idea(f"p{i}", language, words, " ".join(words), weight))
    return ideas


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ideas=_corpora(),
    themes_wanted=st.one_of(st.none(), st.integers(min_value=1, max_value=40)),
    min_documents=st.integers(min_value=1, max_value=7),
    aligned=st.booleans(),
)
def test_tiny_empty_or_degenerate_groups_still_give_every_idea_one_theme(
    ideas, themes_wanted, min_documents, aligned
):
    settings_ = ThemeSettings(per_language=themes_wanted, min_documents=min_documents)
    themes = cluster_all(ideas, settings_, _space() if aligned else None)
    members = [m for t in themes for m in t.members]
    assert sorted(members) == sorted(i.id for i in ideas)
    assert len({t.id for t in themes}) == len(themes)
    assert sum(t.supporters for t in themes) == sum(i.weight for i in ideas)
    assert all(t.members and t.language in t.languages for t in themes)

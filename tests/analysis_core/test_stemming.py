"""Stems join the forms of one word in Kazakh, Russian, English and Spanish, and nothing else."""

from __future__ import annotations

import pytest
import Stemmer
from hypothesis import given
from hypothesis import strategies as st

from atazan_analysis.stemming import (
    FALLBACK_STEM_LENGTH,
    SNOWBALL,
    fold,
    function_word_index,
    guess_by_function_words,
    stem_kazakh,
    stem_word,
    stem_words,
)
from atazan_analysis.stopwords import LATIN_SCRIPT_LANGUAGES, STOPWORDS, corpus_common_words
from atazan_analysis.textprep import stemming_language, stems, stems_with_words, words_of

KAZAKH_FAMILIES = [
    ("азамат", ["азаматтар", "азаматтардың", "азаматтың", "азаматқа", "азаматтық"]),
    ("құқық", ["құқықтары", "құқығы", "құқықтарын", "құқықтарымыздың"]),
    ("мемлекет", ["мемлекеттің", "мемлекетке", "мемлекеттер", "мемлекетте"]),
    ("конституция", ["конституцияға", "конституциясы", "конституциядағы", "конституцияның"]),
    ("сайлау", ["сайлауда", "сайлаудың", "сайлаулар", "сайлауы"]),
    ("тіл", ["тілінде", "тілі", "тілдер", "тілін", "тілге"]),
    ("ел", ["елде", "елдің", "елдегі", "елге"]),
    ("заң", ["заңдар", "заңы", "заңдарымыздың", "заңнан"]),
    ("кеңес", ["кеңесі", "кеңестің", "кеңестер"]),
    ("кітап", ["кітабы", "кітаптар"]),
]


@pytest.mark.parametrize(("root", "forms"), KAZAKH_FAMILIES)
def test_kazakh_inflected_forms_share_their_roots_stem(root, forms):
    assert {stem_kazakh(form) for form in forms} == {stem_kazakh(root)}


def test_kazakh_case_possessive_and_plural_endings_are_all_removed():
    assert stem_kazakh("азаматтардың") == "азамат"
    assert stem_kazakh("құқықтары") == "құқық"
    assert stem_kazakh("конституцияға") == "конституция"
    assert stem_kazakh("тілінде") == "тіл"


@pytest.mark.parametrize("word", ["бала", "қала", "ана", "әке", "теңге", "сауда", "палата", "ел"])
def test_kazakh_roots_that_end_like_a_suffix_are_kept_whole(word):
    assert stem_kazakh(word) == word


def test_different_kazakh_words_keep_different_stems():
    assert stem_kazakh("теңге") != stem_kazakh("тең")
    assert stem_kazakh("азамат") != stem_kazakh("мемлекет")
    assert stem_kazakh("кеңесі") != stem_kazakh("кеңе")


def test_kazakh_verb_in_first_person_loses_its_ending_but_not_its_root():
    assert stem_kazakh("ұсынамын") == "ұсын"
    assert stem_kazakh("қолдаймын") == stem_kazakh("қолдау")


@pytest.mark.parametrize(
    ("latin", "cyrillic_root"),
    [
        ("azamattardyń", "azamat"),  # 2018 acute variant
        ("azamattardyñ", "azamat"),  # 2021 alphabet
        ("quqyqtary", "kukik"),
        ("qūqyğy", "kukik"),
        ("memlekettiñ", "memleket"),
        ("tilinde", "til"),
        ("saılauda", "saila"),
        ("konstitutsiiaga", "konstitutsiia"),
    ],
)
def test_latin_script_kazakh_is_stemmed_in_any_spelling(latin, cyrillic_root):
    assert stem_kazakh(latin) == cyrillic_root


# Kazakh suffixes by the last sound they follow and the word's vowel harmony.
_VOICELESS = set("кқпстфхцчшщ")
_NASAL = set("мнң")
_SONORANT_FOR_PLURAL = set("руй")


def _last_kind(word: str) -> str:
    last = word[-1]
    if last in "аәеиоөұүыіэюя":
        return "vowel"
    if last in _VOICELESS:
        return "voiceless"
    if last in _NASAL:
        return "nasal"
    if last in _SONORANT_FOR_PLURAL:
        return "sonorant"
    return "voiced"


def _pick(back: bool, back_form: str, front_form: str) -> str:
    return back_form if back else front_form


def _voice_before_vowel(word: str, suffix: str) -> str:
    if suffix[0] in "аәеыі" and word[-1] in "кқп":
        return word[:-1] + {"к": "г", "қ": "ғ", "п": "б"}[word[-1]]
    return word


def _attach(word: str, suffix: str) -> str:
    return _voice_before_vowel(word, suffix) + suffix


def _plural(word: str, back: bool) -> str:
    kind = _last_kind(word)
    first = {"vowel": "л", "sonorant": "л", "nasal": "д", "voiced": "д", "voiceless": "т"}[kind]
    return _attach(word, first + _pick(back, "ар", "ер"))


def _possessive(word: str, back: bool) -> str:
    if _last_kind(word) == "vowel":
        return word + _pick(back, "сы", "сі")
    return _attach(word, _pick(back, "ы", "і"))


def _case(word: str, case: str, back: bool, after_possessive: bool) -> str:
    if after_possessive:
        endings = {
            "gen": ("ның", "нің"),
            "dat": ("на", "не"),
            "acc": ("н", "н"),
            "loc": ("нда", "нде"),
            "abl": ("нан", "нен"),
        }
        return word + _pick(back, *endings[case])
    kind = _last_kind(word)
    voiceless = kind == "voiceless"
    soft = kind in {"vowel", "sonorant", "nasal", "voiced"}
    if case == "gen":
        first = "н" if kind == "vowel" else ("т" if voiceless else "д")
        return word + first + _pick(back, "ың", "ің")
    if case == "dat":
        return word + (_pick(back, "ға", "ге") if soft else _pick(back, "қа", "ке"))
    if case == "acc":
        first = "н" if kind == "vowel" else ("т" if voiceless else "д")
        return word + first + _pick(back, "ы", "і")
    if case == "loc":
        return word + ("т" if voiceless else "д") + _pick(back, "а", "е")
    first = "т" if voiceless else ("н" if kind == "nasal" else "д")
    return word + first + _pick(back, "ан", "ен")


# Roots with their vowel harmony (True: back vowels).
_KAZAKH_ROOTS = [
    ("азамат", True),
    ("мемлекет", False),
    ("заң", True),
    ("тіл", False),
    ("құқық", True),
    ("жер", False),
    ("кітап", True),
    ("конституция", True),
    ("бала", True),
    ("парламент", False),
    ("халықаралық", True),
]


@given(
    root=st.sampled_from(_KAZAKH_ROOTS),
    plural=st.booleans(),
    possessive=st.booleans(),
    case=st.sampled_from([None, "gen", "dat", "acc", "loc", "abl"]),
)
def test_any_regular_kazakh_noun_form_has_its_roots_stem(root, plural, possessive, case):
    word, back = root
    form = word
    if plural:
        form = _plural(form, back)
    if possessive:
        form = _possessive(form, back)
    if case:
        form = _case(form, case, back, possessive)
    assert stem_kazakh(form) == stem_kazakh(word), form


_KAZAKH_LETTERS = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_LATIN_KAZAKH_LETTERS = "aäbdeğgıiïjklmnñoöpqrsştuūüvyzáóúýǵń'"


@given(st.text(alphabet=_KAZAKH_LETTERS, min_size=1, max_size=25))
def test_kazakh_stem_of_a_cyrillic_word_is_never_empty_or_longer(word):
    stem = stem_kazakh(word)
    assert stem
    assert len(stem) <= len(word)
    assert stem_kazakh(word) == stem


@given(st.text(alphabet=_LATIN_KAZAKH_LETTERS, min_size=1, max_size=25))
def test_kazakh_stem_of_a_latin_word_is_never_longer_than_the_word(word):
    stem = stem_kazakh(word)
    assert len(stem) <= len(word)
    if any(ch.isalpha() for ch in word):
        assert stem


@given(st.text(alphabet=_KAZAKH_LETTERS, min_size=3, max_size=25))
def test_kazakh_stemming_twice_never_lengthens_a_stem(word):
    once = stem_kazakh(word)
    assert len(stem_kazakh(once)) <= len(once)


def test_spanish_singular_and_plural_share_a_stem():
    assert stem_word("deberes", "es") == stem_word("deber", "es")
    assert stem_word("libertades", "es") == stem_word("libertad", "es")
    assert stem_word("jueces", "es") == stem_word("juez", "es")
    assert stem_word("derechos", "es") == stem_word("derecho", "es")


def test_spanish_words_typed_without_accents_share_a_stem():
    assert stem_word("participación", "es") == stem_word("participacion", "es")
    assert stem_word("política", "es") == stem_word("politica", "es")
    assert stem_word("también", "es") == stem_word("tambien", "es")


def test_spanish_enye_is_a_letter_not_an_accent():
    assert stem_word("años", "es") != stem_word("anos", "es")


def test_russian_and_english_forms_share_a_stem():
    assert len({stem_word(w, "ru") for w in ["права", "право", "правами", "прав"]}) == 1
    assert stem_word("ёлка", "ru") == stem_word("елка", "ru")
    assert stem_word("elections", "en") == stem_word("election", "en")


@pytest.mark.parametrize(
    "word", ["йод", "қазақ", "әділет", "ұлттық", "өңір", "үкімет", "һәм", "ішкі"]
)
def test_folding_keeps_cyrillic_and_kazakh_letters(word):
    assert fold(word) == word


def test_folding_removes_latin_accents_and_the_russian_yo():
    assert fold("participación") == "participacion"
    assert fold("élève") == "eleve"
    assert fold("всё") == "все"
    assert fold("niño") == "niño"


@given(st.text(min_size=0, max_size=30))
def test_folding_never_lengthens_a_word_and_is_stable(word):
    folded = fold(word)
    assert len(folded) <= len(word)
    assert fold(folded) == folded


def test_every_iso_code_names_an_algorithm_pystemmer_ships():
    assert set(SNOWBALL.values()) <= set(Stemmer.algorithms())


def test_languages_without_a_stemmer_get_the_folded_prefix():
    assert stem_word("демократиялық", "ky") == "демокр"
    assert stem_word("éducation", "other") == "educat"
    assert all(len(s) <= FALLBACK_STEM_LENGTH for s in stem_words(["abcdefghij", "xy"], "zz"))


def test_function_words_place_a_text_in_one_language_only_when_clear():
    words = words_of("El derecho a la educación de los niños y las niñas")
    lists = function_word_index({code: STOPWORDS[code] for code in LATIN_SCRIPT_LANGUAGES})
    assert guess_by_function_words(words, lists) == "es"
    assert guess_by_function_words(["igualdad"], lists) is None
    assert guess_by_function_words(words_of("Les droits de l'homme et du citoyen"), lists) == "fr"


def test_other_texts_are_stemmed_in_the_language_their_function_words_show():
    words = words_of("Los deberes de las personas y el deber del Estado con la participación")
    assert stemming_language(words, "other") == "es"
    found = stems(words, "other")
    assert found.count(stem_word("deber", "es")) == 2
    assert "los" not in found and "las" not in found


def test_detected_languages_keep_their_own_stemmer():
    assert stemming_language(words_of("El derecho de los niños"), "kk") == "kk"
    assert stemming_language(words_of("Право на жизнь"), "ru") == "ru"


def test_stems_come_with_the_words_they_stand_for():
    pairs = stems_with_words(words_of("La política pública"), "es")
    assert pairs == [
        (stem_word("política", "es"), "política"),
        (stem_word("pública", "es"), "pública"),
    ]


def test_kazakh_stems_drop_stop_words_and_join_word_forms():
    found = stems(words_of("Азаматтардың құқықтары және азаматтың құқығы туралы"), "kk")
    assert found == ["азамат", "құқық", "азамат", "құқық"]


def test_words_every_proposal_uses_are_found_as_corpus_common_words():
    docs = [["constitu", "derech", f"tema{i % 7}"] for i in range(40)]
    docs += [["agua", "derech"] for _ in range(10)]
    common = corpus_common_words(docs, min_document_share=0.5)
    assert common == {"constitu", "derech"}


def test_a_small_collection_has_no_corpus_common_words():
    assert corpus_common_words([["agua"], ["agua"]], min_document_share=0.5) == frozenset()


def test_corpus_common_words_rejects_a_share_outside_zero_to_one():
    with pytest.raises(ValueError):
        corpus_common_words([["a"]] * 30, min_document_share=0)


@given(
    st.lists(st.lists(st.sampled_from("abcdefgh"), max_size=5), min_size=20, max_size=60),
    st.floats(min_value=0.05, max_value=1.0),
)
def test_each_corpus_common_word_is_in_at_least_the_required_share(docs, share):
    for word in corpus_common_words(docs, min_document_share=share):
        assert sum(word in doc for doc in docs) >= share * len(docs)

"""Word stems for any language: Snowball where it exists, a Kazakh suffix stripper, a fallback.

Themes, links, duplicates and the taxonomy compare proposals by their words;
"права", "прав" and "правами" or "derecho" and "derechos" must count as one
word for that. Three methods cover every language Atazan meets:

* **Snowball** (PyStemmer) for the languages it has: Russian, English,
  Spanish, French, German, Portuguese, Italian, Turkish and two dozen more.
  One stemmer object per language stems whole lists; each distinct word is
  stemmed once per language and remembered.
* **Kazakh**, which Snowball lacks, gets the suffix stripper below, for
  Cyrillic and for the Latin alphabets (2021, apostrophe and acute variants).
* **Anything else** ("other" that could not be placed, Kyrgyz, Uzbek, ...):
  the folded word cut to its first :data:`FALLBACK_STEM_LENGTH` letters. Truncation
  needs no knowledge of the language, joins most inflected forms of
  European and Turkic words (their changing part is at the end) and, unlike
  an aggressive guess, never merges two words whose first six letters differ.

Before stemming, Latin letters lose their accents ("participación" and
"participacion" are one word) and Russian "ё" becomes "е"; letters that are
letters of their own alphabet stay: Cyrillic "й", Kazakh "ә ғ қ ң ө ұ ү һ і",
Spanish "ñ" ("años" is not "anos"), and, for Turkish and the other languages
whose Snowball rules read them, "ç ğ ı ö ş ü".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import Stemmer

#: Letters kept by the fallback, which knows nothing of the language.
FALLBACK_STEM_LENGTH = 6

#: ISO 639-1 code -> Snowball algorithm name (those PyStemmer ships).
SNOWBALL: dict[str, str] = {
    "ar": "arabic",
    "hy": "armenian",
    "eu": "basque",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "eo": "esperanto",
    "et": "estonian",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "ga": "irish",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "no": "norwegian",
    "nb": "norwegian",
    "fa": "persian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "st": "sesotho",
    "es": "spanish",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}

#: Languages whose accents are often left out when typing and whose Snowball
#: rules work on unaccented words: for these the word is folded *before* stemming,
#: so that a word typed with and without accents gets one stem.
_FOLD_BEFORE_STEMMING = frozenset(
    {"ca", "cs", "da", "de", "en", "es", "fr", "ga", "id", "it", "nl", "no", "nb", "pt", "ro", "sv"}
)
#: Latin letters that are letters of a language, not accented variants (Spanish ñ).
_KEEP = frozenset("ñ")
_LATIN_WITH_MARKS = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")


@lru_cache(maxsize=262_144)
def fold(word: str) -> str:
    """One spelling for a word typed with or without accents (Latin) or with ё (Russian).

    Only Latin letters with diacritics lose them (ñ stays); Cyrillic letters,
    including й and the Kazakh letters, stay as they are, except ё -> е.
    """
    if word.isascii():
        return word
    if "ё" in word or "Ё" in word:
        word = word.replace("ё", "е").replace("Ё", "Е")
    if not _LATIN_WITH_MARKS.search(word):
        return word
    out = []
    for char in word:
        if char in _KEEP or not _LATIN_WITH_MARKS.match(char):
            out.append(char)
            continue
        base = unicodedata.normalize("NFD", char)
        out.append("".join(c for c in base if not unicodedata.combining(c)) or char)
    return "".join(out)


@cache
def _snowball(language: str) -> Stemmer.Stemmer:
    """One stemmer per language (stems are remembered by :func:`stem_words`, not here)."""
    stemmer = Stemmer.Stemmer(SNOWBALL[language])
    stemmer.maxCacheSize = 0
    return stemmer


def has_stemmer(language: str) -> bool:
    """Whether ``language`` (ISO 639-1) has a real stemmer rather than the fallback."""
    return language in SNOWBALL or language == "kk"


#: Words whose stems are remembered per language; a million proposals use far fewer.
_CACHE_LIMIT = 500_000
_STEM_CACHE: dict[str, dict[str, str]] = {}


def stem_words(words: Sequence[str], language: str) -> list[str]:
    """Stems of lower-case ``words`` in ``language`` (ISO 639-1 code, "other" or unknown).

    Each distinct word is stemmed once per language and remembered, so the
    cost at scale is a dictionary look-up per word.
    """
    cache = _STEM_CACHE.setdefault(language, {})
    try:
        return [cache[word] for word in words]
    except KeyError:
        pass
    found: dict[str, str] = {}
    missing: list[str] = []
    for word in dict.fromkeys(words):
        stem = cache.get(word)
        if stem is None:
            missing.append(word)
        else:
            found[word] = stem
    if missing:
        computed = dict(zip(missing, _stem_uncached(missing, language), strict=True))
        found.update(computed)
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        cache.update(computed)
    return [found[word] for word in words]


def _stem_uncached(words: list[str], language: str) -> list[str]:
    if language == "kk":
        return [stem_kazakh(w) for w in words]
    if language == "es":
        words = [_spanish_singular(fold(w)) for w in words]
    if language in SNOWBALL:
        stemmer = _snowball(language)
        if language in _FOLD_BEFORE_STEMMING:
            return [fold(s) for s in stemmer.stemWords([fold(w) for w in words])]
        return [fold(s) for s in stemmer.stemWords([w.replace("ё", "е") for w in words])]
    return [_fallback(w) for w in words]


_SPANISH_CONSONANT_PLURAL = re.compile(r"(?<=[aeiou][rlndsj])es$")
_SPANISH_Z_PLURAL = re.compile(r"(?<=[aeiou])ces$")


def _spanish_singular(word: str) -> str:
    """The singular of a plural in -es, which Snowball stems one step short of it.

    Snowball takes -er/-ar off "deber" and "lugar" (as off a verb) but only -es
    off "deberes" and "lugares", so singular and plural would never meet.
    """
    if len(word) > 5:
        word = _SPANISH_CONSONANT_PLURAL.sub("", word)
        word = _SPANISH_Z_PLURAL.sub("z", word)
    return word


def stem_word(word: str, language: str) -> str:
    """The stem of one lower-case word (see :func:`stem_words`)."""
    return stem_words([word], language)[0]


def _fallback(word: str) -> str:
    return fold(word)[:FALLBACK_STEM_LENGTH]


def function_word_index(function_words: Mapping[str, frozenset[str]]) -> dict[str, tuple[str, ...]]:
    """For each function word, the languages that list it (built once, read per word)."""
    index: dict[str, list[str]] = {}
    for language in sorted(function_words):
        for word in function_words[language]:
            index.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in index.items()}


def guess_by_function_words(
    words: Iterable[str], index: Mapping[str, tuple[str, ...]], min_hits: int = 2
) -> str | None:
    """The language whose function words a text uses most, if it clearly uses one.

    Used for texts the detector calls "other" (Spanish, French, German...): the
    articles and prepositions of a text name its language reliably once there
    are two or more of them and no other language has as many. ``index`` comes
    from :func:`function_word_index`.
    """
    counts: Counter[str] = Counter()
    occurrences = Counter(words)
    for word in [w for w in occurrences if w in index]:
        for language in index[word]:
            counts[language] += occurrences[word]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if not ranked or ranked[0][1] < min_hits:
        return None
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


# --- Kazakh -------------------------------------------------------------------------------------
#
# A Kazakh word is a root followed by suffixes in a fixed order:
#   root + derivation + plural + possessive + case + personal ending
# e.g. азамат-тар-ы-ның, тіл-і-нде, сайла-у-шы-лар-ға. The stripper removes them
# from the end in the reverse order, one slot at a time, each suffix only when
# what remains is at least _KK_MIN_STEM letters long and has a vowel, and some
# only after the sound they attach to (the -н- of "тіл-і-нде" only after the
# possessive vowel). Suffixes are written for Cyrillic; Latin-script words are
# folded to a spelling-free form (ä -> a, ğ -> g, q -> k, sh -> s, y -> i, ...)
# and stripped with the same suffixes folded the same way.

#: Shortest stem left by a one-letter suffix; longer suffixes may leave one letter less (ел-де).
_KK_MIN_STEM = 3
_CYR_VOWELS = frozenset("аәеёиоөуұүыіэюя")
_LAT_VOWELS = frozenset("aeiou")

# Each rule: suffix, and what the remainder must end with ("" = anything,
# "V" = a vowel, "C" = a consonant, "K" = a voiceless consonant, a digit = at
# least that many letters, other text = one of these letters).
_Rule = tuple[str, str]

#: Present-tense verb endings with their tense vowel ("ұсын-а-мын", "қолда-й-мын"): a verb
#: form has no case or plural, so nothing more is stripped after one of these.
_KK_VERB_PRESENT: tuple[_Rule, ...] = (
    ("амын", "C"),
    ("емін", "C"),
    ("ймын", "V"),
    ("ймін", "V"),
    ("амыз", "C"),
    ("еміз", "C"),
    ("ймыз", "V"),
    ("йміз", "V"),
    ("асыз", "C"),
    ("есіз", "C"),
    ("йсыз", "V"),
    ("йсіз", "V"),
)
_KK_PERSONAL: tuple[_Rule, ...] = (
    ("мын", "V"),
    ("мін", "V"),
    ("бын", "зж"),
    ("бін", "зж"),
    ("пын", "K"),
    ("пін", "K"),
    ("мыз", "V"),
    ("міз", "V"),
    ("быз", "зж"),
    ("біз", "зж"),
    ("пыз", "K"),
    ("піз", "K"),
    ("сыңдар", ""),
    ("сіңдер", ""),
)
_KK_CASE: tuple[_Rule, ...] = (
    # locative-attributive ("елдегі", "конституциядағы")
    ("ндағы", "ыі"),
    ("ндегі", "ыі"),
    ("дағы", ""),
    ("дегі", ""),
    ("тағы", "K"),
    ("тегі", "K"),
    # genitive
    ("ның", "V"),
    ("нің", "V"),
    ("дың", ""),
    ("дің", ""),
    ("тың", "K"),
    ("тің", "K"),
    # ablative
    ("нан", "мнңыі"),
    ("нен", "мнңыі"),
    ("дан", ""),
    ("ден", ""),
    ("тан", "K"),
    ("тен", "K"),
    # locative
    ("нда", "ыі"),
    ("нде", "ыі"),
    ("да", ""),
    ("де", ""),
    ("та", "K"),
    ("те", "K"),
    # instrumental
    ("мен", ""),
    ("бен", ""),
    ("пен", "K"),
    # dative
    ("ға", ""),
    ("ге", ""),
    ("қа", "K"),
    ("ке", "K"),
    ("на", "ыі"),
    ("не", "ыі"),
    # accusative
    ("ны", "V"),
    ("ні", "V"),
    ("ды", ""),
    ("ді", ""),
    ("ты", "K"),
    ("ті", "K"),
    ("н", "ыі"),
)
_KK_POSSESSIVE: tuple[_Rule, ...] = (
    ("ымыз", "C"),
    ("іміз", "C"),
    ("мыз", "V"),
    ("міз", "V"),
    ("ыңыз", "C"),
    ("іңіз", "C"),
    ("ңыз", "V"),
    ("ңіз", "V"),
    ("ым", "C"),
    ("ім", "C"),
    ("ың", "C"),
    ("ің", "C"),
    ("шы", "3"),
    ("ші", "3"),
    ("сы", "V"),
    ("сі", "V"),
    ("ы", "C"),
    ("і", "C"),
)
_KK_PLURAL: tuple[_Rule, ...] = (
    ("лар", ""),
    ("лер", ""),
    ("дар", ""),
    ("дер", ""),
    ("тар", "K"),
    ("тер", "K"),
)
_KK_DERIVATION: tuple[_Rule, ...] = (
    # abstract nouns ("азаматтық", "тәуелсіздік") and agents ("сайлаушы")
    ("лық", ""),
    ("лік", ""),
    ("дық", ""),
    ("дік", ""),
    ("тық", "K"),
    ("тік", "K"),
    ("шы", ""),
    ("ші", ""),
    # participles and converbs ("қабылданған", "қабылдайтын", "алып")
    ("атын", "C"),
    ("етін", "C"),
    ("йтын", "V"),
    ("йтін", "V"),
    ("ған", ""),
    ("ген", ""),
    ("қан", "K"),
    ("кен", "K"),
    ("ып", "C"),
    ("іп", "C"),
    # the verbal noun ("сайлау", "өзгерту"), only on longer stems
    ("у", "4"),
)
_KK_SLOTS = (
    _KK_VERB_PRESENT,
    _KK_PERSONAL,
    _KK_CASE,
    _KK_POSSESSIVE,
    _KK_PLURAL,
    _KK_DERIVATION,
    _KK_DERIVATION,
)

# Latin: one folded spelling for the 2021 alphabet, the 2017 apostrophe
# variant, the 2018 acute variant and everyday transliteration.
_KK_LATIN_DIGRAPHS = (("sh", "s"), ("ch", "c"), ("gh", "g"), ("ng", "n"), ("zh", "j"), ("kh", "h"))
_KK_LATIN_FOLD = str.maketrans(
    {
        "ä": "a",
        "á": "a",
        "ğ": "g",
        "ǵ": "g",
        "ı": "i",
        "ñ": "n",
        "ń": "n",
        "ö": "o",
        "ó": "o",
        "ū": "u",
        "ú": "u",
        "ü": "u",
        "ý": "i",
        "ş": "s",
        "ç": "c",
        "y": "i",
        "q": "k",
        "w": "u",
        "x": "h",
        "'": "",
        "’": "",
        "ʻ": "",
        "ʼ": "",
        "`": "",
    }
)
_CYR_TO_FOLDED_LATIN = str.maketrans(
    {
        "а": "a",
        "ә": "a",
        "б": "b",
        "г": "g",
        "ғ": "g",
        "д": "d",
        "е": "e",
        "ж": "j",
        "з": "z",
        "й": "i",
        "к": "k",
        "қ": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "ң": "n",
        "о": "o",
        "ө": "o",
        "п": "p",
        "р": "r",
        "в": "v",
        "ф": "f",
        "х": "h",
        "һ": "h",
        "с": "s",
        "т": "t",
        "у": "u",
        "ұ": "u",
        "ү": "u",
        "ш": "s",
        "ы": "i",
        "і": "i",
    }
)
_CYR_CONDITION_TO_LATIN = {"ыі": "i", "мнңыі": "mni", "зж": "zj"}


def _latin_rules(rules: tuple[_Rule, ...]) -> tuple[_Rule, ...]:
    folded: list[_Rule] = []
    for suffix, condition in rules:
        latin = suffix.translate(_CYR_TO_FOLDED_LATIN)
        latin_condition = _CYR_CONDITION_TO_LATIN.get(condition, condition)
        if (latin, latin_condition) not in folded:
            folded.append((latin, latin_condition))
    return tuple(sorted(folded, key=lambda rule: -len(rule[0])))


def _longest_first(rules: tuple[_Rule, ...]) -> tuple[_Rule, ...]:
    return tuple(sorted(rules, key=lambda rule: -len(rule[0])))


_CYRILLIC = re.compile("[\u0400-\u04ff]")
#: Roots that look like a shorter root plus a suffix (теңге is not тең + ге, кеңесі is
#: кеңес + і, not кеңе + сі): no suffix is stripped into them.
_KK_WHOLE_ROOTS = frozenset(
    [
        "теңге",
        "сауда",
        "палата",
        "карта",
        "орда",
        "шетел",
        "кеңес",
        "табыс",
        "күрес",
        "құрылыс",
        "өндіріс",
        "ереже",
    ]
)


@dataclass(frozen=True)
class _Script:
    slots: tuple[tuple[_Rule, ...], ...]
    vowels: frozenset[str]
    voiceless: frozenset[str]
    whole_roots: frozenset[str]
    # A final voiced consonant uncovered by a vowel suffix is written voiceless in the
    # bare root: құқығы -> құқығ -> құқық, кітабы -> кітап.
    devoice: dict[str, str]


_KK_CYRILLIC = _Script(
    tuple(_longest_first(slot) for slot in _KK_SLOTS),
    _CYR_VOWELS,
    frozenset("кқпстфхцчшщ"),
    _KK_WHOLE_ROOTS,
    {"ғ": "қ", "г": "к", "б": "п"},
)
_KK_LATIN = _Script(
    tuple(_latin_rules(slot) for slot in _KK_SLOTS),
    _LAT_VOWELS,
    frozenset("kpstfhc"),
    frozenset(w.translate(_CYR_TO_FOLDED_LATIN) for w in _KK_WHOLE_ROOTS),
    {"g": "k", "b": "p"},
)


def _allowed(stem: str, condition: str, script: _Script, suffix_length: int) -> bool:
    vowels = script.vowels
    shortest = _KK_MIN_STEM if suffix_length == 1 else _KK_MIN_STEM - 1
    if len(stem) < shortest or not any(ch in vowels for ch in stem):
        return False
    if not condition:
        return True
    last = stem[-1]
    # у after a vowel is a consonant sound (сайла-у-ы, сайла-у-дың).
    ends_in_vowel = last in vowels and not (last in "уu" and len(stem) > 1 and stem[-2] in vowels)
    if condition == "V":
        return ends_in_vowel
    if condition == "C":
        return not ends_in_vowel
    if condition == "K":
        return last in script.voiceless
    if condition.isdigit():
        return len(stem) >= int(condition)
    return last in condition


def _strip(word: str, script: _Script) -> str:
    floor = max((len(root) for root in script.whole_roots if word.startswith(root)), default=0)
    verb, *nominal = script.slots
    for suffix, condition in verb:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= floor and _allowed(stem, condition, script, 2):
            return stem
    for slot in nominal:
        for suffix, condition in slot:
            stem = word[: -len(suffix)]
            if (
                word.endswith(suffix)
                and len(stem) >= floor
                and _allowed(stem, condition, script, len(suffix))
            ):
                if suffix[0] in script.vowels and stem[-1] in script.devoice:
                    stem = stem[:-1] + script.devoice[stem[-1]]
                word = stem
                break
    return word


@lru_cache(maxsize=262_144)
def stem_kazakh(word: str) -> str:
    """The stem of a lower-case Kazakh word in Cyrillic or in any Latin spelling.

    Cyrillic stems are the beginning of the word (so they can be shown as
    words), except that a final ғ/г/б uncovered by a vowel suffix becomes
    қ/к/п as in the bare root (құқығы -> құқық, кітабы -> кітап). Latin stems
    are in the folded Latin spelling.
    """
    if _CYRILLIC.search(word):
        return _strip(word.replace("ё", "е"), _KK_CYRILLIC)
    folded = word.lower()
    for digraph, single in _KK_LATIN_DIGRAPHS:
        folded = folded.replace(digraph, single)
    folded = fold(folded.translate(_KK_LATIN_FOLD))
    return _strip(folded, _KK_LATIN)

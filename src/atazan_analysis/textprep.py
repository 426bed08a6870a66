"""Cleaning and tokenising proposal text, once, for every later step.

People paste HTML from portals, send a single emoji, a megabyte of scanned
OCR, or text decoded with the wrong code page. Each of those is *flagged*
and the record still goes through the run with whatever text is usable.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from atazan_analysis.stemming import (
    function_word_index,
    guess_by_function_words,
    has_stemmer,
    stem_words,
)
from atazan_analysis.stopwords import LATIN_SCRIPT_LANGUAGES, STOPWORDS

#: Texts longer than this are cut for analysis (the stored text is untouched).
MAX_ANALYSED_CHARS = 20_000
#: Fewer letters than this and a text cannot say much: flagged "too_short".
MIN_LETTERS = 12
#: Prefix length that stood in for stems before real stemming; kept for the taxonomy's topic
#: words until they are stemmed with :func:`stems` too. The fallback for languages without a
#: stemmer is :data:`atazan_analysis.stemming.FALLBACK_STEM_LENGTH`.
STEM_LENGTH = 6
#: Function words that place a text the detector calls "other" (how many words are read).
_GUESS_FROM_WORDS = 300
_LATIN_FUNCTION_WORDS = function_word_index(
    {code: STOPWORDS[code] for code in LATIN_SCRIPT_LANGUAGES}
)

FLAG_EMPTY = "empty"
FLAG_NO_LETTERS = "no_letters"
FLAG_TOO_SHORT = "too_short"
FLAG_TRUNCATED = "truncated"
FLAG_BAD_ENCODING = "bad_encoding"

_TAG = re.compile(r"<[^>]{0,2000}>")
_BLOCK_TAG = re.compile(r"(?i)</?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|blockquote)\b[^>]{0,2000}>")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
_NEWLINES = re.compile(r"\n{3,}")
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
# Typical debris of UTF-8 read as cp1251 or latin-1.
_CP1251_TAIL = "ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—™љ›њќћџЎўЈ¤Ґ¦§Ё©Є«¬®Ї°±Ііґµ¶·ё№є»јЅѕї"
_MOJIBAKE = re.compile(f"(?:[РС][{_CP1251_TAIL}]|[ÃÐÑ][\x80-\xbf]){{2,}}")


@dataclass(frozen=True)
class Prepared:
    """A record's text ready for analysis."""

    text: str
    words: tuple[str, ...]
    flags: tuple[str, ...]


def strip_html(value: str) -> str:
    """Plain text from the HTML that portals export, keeping paragraph breaks."""
    value = _BLOCK_TAG.sub("\n", value)
    value = _TAG.sub(" ", value)
    return html.unescape(value)


def clean(value: str) -> tuple[str, list[str]]:
    """Normalised text and the flags describing what was wrong with it."""
    flags: list[str] = []
    if "\ufffd" in value or _MOJIBAKE.search(value[:MAX_ANALYSED_CHARS]):
        flags.append(FLAG_BAD_ENCODING)
    if "<" in value and _TAG.search(value):
        value = strip_html(value)
    if len(value) > MAX_ANALYSED_CHARS:
        flags.append(FLAG_TRUNCATED)
        value = value[:MAX_ANALYSED_CHARS]
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\ufffd", " ")
    value = _SPACES.sub(" ", value)
    value = _NEWLINES.sub("\n\n", value).strip()
    if not value:
        flags.append(FLAG_EMPTY)
    else:
        letters = sum(1 for ch in value if ch.isalpha())
        if letters == 0:
            flags.append(FLAG_NO_LETTERS)
        elif letters < MIN_LETTERS:
            flags.append(FLAG_TOO_SHORT)
    return value, flags


def words_of(text: str) -> tuple[str, ...]:
    """Lower-case words without digits or punctuation."""
    return tuple(m.group(0).lower().replace("’", "'") for m in _WORD.finditer(text))


def prepare(text: str, title: str = "") -> Prepared:
    """Clean a record's title and text together, since both carry meaning."""
    joined = f"{title}\n{text}" if title and title.strip() not in text else text
    value, flags = clean(joined)
    return Prepared(value, words_of(value), tuple(flags))


def stemming_language(words: tuple[str, ...] | list[str], language: str) -> str:
    """The language whose stemmer and stop words suit these words.

    A detected language with a stemmer is kept. A text called "other" (Spanish,
    French, German, ... which the detector does not name) is placed by its
    function words when they clearly point to one language; otherwise it stays
    "other" and gets the fallback stems.
    """
    if has_stemmer(language):
        return language
    guess = guess_by_function_words(words[:_GUESS_FROM_WORDS], _LATIN_FUNCTION_WORDS)
    return guess or language


def stems(words: tuple[str, ...] | list[str], language: str) -> list[str]:
    """Stems of the content words (stop words and words under three letters removed).

    Snowball stems where the language has a Snowball stemmer, Kazakh suffix
    stripping for "kk", the fallback of :mod:`atazan_analysis.stemming` otherwise.
    """
    resolved = stemming_language(words, language)
    return stem_words(_content_words(words, resolved, language), resolved)


def _content_words(words: tuple[str, ...] | list[str], resolved: str, language: str) -> list[str]:
    stop = STOPWORDS.get(resolved) or STOPWORDS.get(language, STOPWORDS["all"])
    return [w for w in words if len(w) > 2 and w not in stop]


def stems_with_words(words: tuple[str, ...] | list[str], language: str) -> list[tuple[str, str]]:
    """Each content word's stem with the word itself, to show a stem as a readable word.

    A stem is not always the beginning of its words ("polit" for "política",
    "құқық" for "құқығы"), so a label is best taken from these pairs.
    """
    resolved = stemming_language(words, language)
    content = _content_words(words, resolved, language)
    return list(zip(stem_words(content, resolved), content, strict=True))


def sentences(text: str) -> list[str]:
    """Sentences long enough to stand alone in a summary."""
    parts = (p.strip() for p in _SENTENCE_END.split(text))
    return [p for p in parts if 25 <= len(p) <= 400]

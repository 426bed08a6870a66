"""Words as the comparison sees them: normalisation, tokens and features.

Every figure and every redline is computed over the same tokens, so that a
word counted in ``words_total`` is exactly a word that a redline can show as
kept, deleted or inserted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from atazan_texts.model import Provision

#: A word: letters, digits and combining marks (``\w`` is Unicode-aware, so
#: Cyrillic and the Kazakh letters ә ғ қ ң ө ұ ү һ і are letters), with inner
#: hyphens or apostrophes kept inside (``33-1``, ``O'Neill``).
_WORD = r"[\w\u0300-\u036f]+(?:['’\-‐‑][\w\u0300-\u036f]+)*"
#: A token is a word or one punctuation mark; whitespace is never a token.
TOKEN_RE = re.compile(rf"(?P<word>{_WORD})|[^\s\w]")
WORD_RE = re.compile(_WORD)
#: The characters that may join the parts of one word; they are not letters.
JOINERS = str.maketrans("", "", "'’-‐‑")
_SPACE_RE = re.compile(r"\s+")


def normalise_line(line: str) -> str:
    """One line in canonical form: NFC, runs of whitespace as one space, trimmed.

    NFC matters because a letter typed as base + combining mark must compare
    equal to the same letter typed precomposed.
    """
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", line)).strip()


def normalise_lines(text: str) -> list[str]:
    """The non-empty lines of ``text``, each normalised."""
    return [ln for ln in (normalise_line(raw) for raw in text.splitlines()) if ln]


def provision_lines(provision: Provision) -> list[str]:
    """The lines of a provision and everything below it, in reading order.

    Headings are part of the text (retitling an article changes it); the
    numbers of paragraphs and points are not, so that renumbering a paragraph
    is not counted as changing words, as with articles.
    """
    lines: list[str] = []
    for node in provision.walk():
        if node.heading:
            lines.extend(normalise_lines(node.heading))
        if node.text:
            lines.extend(normalise_lines(node.text))
    return lines


class Token(NamedTuple):
    """A word or punctuation mark and where it stands in its text."""

    text: str
    start: int
    end: int
    is_word: bool
    letters: int


def tokenize(text: str) -> list[Token]:
    """The tokens of an already normalised text, in order."""
    out: list[Token] = []
    append = out.append
    for match in TOKEN_RE.finditer(text):
        value = match.group()
        if match.lastgroup == "word":
            append(Token(value, match.start(), match.end(), True, len(value.translate(JOINERS))))
        else:
            append(Token(value, match.start(), match.end(), False, 0))
    return out


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def count_letters(text: str) -> int:
    """Letters and digits of the words of ``text`` (no spaces, no punctuation)."""
    return len("".join(WORD_RE.findall(text)).translate(JOINERS))


def features(word_list: Iterable[str]) -> dict[str, int]:
    """Casefolded words and adjacent word pairs, with their counts.

    Single words make the similarity robust to reordering; pairs make it
    notice when the same words say something else in another order.
    """
    feats: dict[str, int] = {}
    previous = ""
    for raw in word_list:
        word = raw.casefold()
        feats[word] = feats.get(word, 0) + 1
        if previous:
            pair = f"{previous} {word}"
            feats[pair] = feats.get(pair, 0) + 1
        previous = word
    return feats

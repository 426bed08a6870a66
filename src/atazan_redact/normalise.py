"""A normalised view of a text for detection, with the way back to the original.

People who do not want a filter to see their number write it so a filter
does not: full-width or Arabic-Indic digits, a no-break space or a
zero-width space between the digits, a right-to-left override around them.
The detectors in :mod:`atazan_redact.detect` read :func:`normalise`'s view,
in which

* every character cluster (a character and the combining marks after it) is
  brought to NFKC, except ``№``, which NFKC would turn into ``No``;
* every character with a digit value (``９``, ``٣``, ``𝟗``, ``①``, ``❶``, ``²``)
  becomes the ASCII digit;
* format characters (Unicode category Cf: zero-width spaces and joiners,
  bidirectional marks, embeddings, overrides and isolates, the soft hyphen,
  the byte-order mark, tags) and the other default-ignorable characters
  (variation selectors, Hangul fillers, the combining grapheme joiner) are
  dropped, and so are combining marks left over after composition;
* every space separator (no-break, narrow, thin, figure, ideographic) becomes
  an ASCII space, line and paragraph separators a newline, every dash and
  the minus sign ``-``, fraction and division slashes ``/``, middle dots and
  one-dot leaders ``.``.

Each character of the view knows the span of the original it came from, so
a finding in the view masks the whole original span, including the
invisible characters inside it. Text that needs none of this (most Kazakh,
Russian and English text) is its own view, at the cost of one regular
expression search.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Characters that are never seen: dropped from the detection view and from display text.
_IGNORABLE_EXTRA = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u3164\uffa0"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
    + "".join(chr(c) for c in range(0xE0100, 0xE01F0))
)
_MINUS = frozenset("\u2212\u2043\ufe63\uff0d\u2796")
_SLASHES = frozenset("\u2044\u2215\u29f8\u29f5")
_DOTS = frozenset("\u00b7\u2027\u2219\u22c5\u30fb\u3002\uff61\u2024")
_KEEP = frozenset("№")


def is_invisible(char: str) -> bool:
    """True for a character that renders as nothing: format characters and default ignorables."""
    return unicodedata.category(char) == "Cf" or char in _IGNORABLE_EXTRA


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Me", "Mc")


def _map_char(char: str) -> str:
    """One character of an NFKC result in the detection view."""
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf") or char in _IGNORABLE_EXTRA:
        return ""
    if not char.isascii():
        digit = unicodedata.digit(char, None)
        if digit is not None:
            return str(digit)
        if category == "Zs":
            return " "
        if category in ("Zl", "Zp"):
            return "\n"
        if category == "Pd" or char in _MINUS:
            return "-"
        if char in _SLASHES:
            return "/"
        if char in _DOTS:
            return "."
    return char


@lru_cache(maxsize=8192)
def _cluster(cluster: str) -> str:
    """The detection view of one cluster: a character and the marks after it."""
    kept = "".join(c for c in cluster if not is_invisible(c))
    if not kept:
        return ""
    composed = unicodedata.normalize("NFC", kept)
    parts = []
    for char in composed:
        folded = char if char in _KEEP else unicodedata.normalize("NFKC", char)
        parts.append("".join(_map_char(c) for c in folded))
    return "".join(parts)


def _stable(char: str) -> bool:
    return char in _KEEP or (_cluster(char) == char and not _is_mark(char))


def _ranges(codes: list[int]) -> str:
    """A regular-expression character class body for sorted code points."""
    out: list[str] = []
    start = previous = codes[0]
    for code in [*codes[1:], -1]:
        if code == previous + 1:
            previous = code
            continue
        out.append(
            re.escape(chr(start))
            if start == previous
            else f"{re.escape(chr(start))}-{re.escape(chr(previous))}"
        )
        start = previous = code
    return "".join(out)


def _attention_pattern() -> re.Pattern[str]:
    """Characters that may change in the view: everything outside ASCII and a precomputed safe set.

    The safe set covers the Latin, Greek and Cyrillic letters and the common
    punctuation, currency and letterlike blocks, so ordinary text in the
    three languages matches nothing here.
    """
    blocks = [(0x80, 0x530), (0x2000, 0x2150), (0x2190, 0x2200)]
    safe = [c for lo, hi in blocks for c in range(lo, hi) if _stable(chr(c))]
    return re.compile(f"[^\\x00-\\x7f{_ranges(safe)}]+")


_ATTENTION = _attention_pattern()


@dataclass(frozen=True)
class Normalised:
    """A text's detection view and, for each character of the view, where it came from.

    ``starts[i]`` and ``ends[i]`` are the original span of view character
    ``i``; both are ``None`` when the view is the original itself.
    """

    original: str
    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    @property
    def identity(self) -> bool:
        return self.starts is None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of view characters ``start`` to ``end`` (end exclusive, start < end)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]

    def boundaries(self) -> list[int]:
        """View positions where an original piece starts: the places a view span may be cut."""
        if self.starts is None:
            return list(range(len(self.text) + 1))
        starts = self.starts
        cuts = [i for i in range(len(starts)) if i == 0 or starts[i] != starts[i - 1]]
        return [*cuts, len(starts)]


def normalise(text: str) -> Normalised:
    """The detection view of ``text`` (see the module's description) with its offset map."""
    if _ATTENTION.search(text) is None:
        return Normalised(text, text)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0

    def copy(a: int, b: int) -> None:
        pieces.append(text[a:b])
        starts.extend(range(a, b))
        ends.extend(range(a + 1, b + 1))

    for match in _ATTENTION.finditer(text):
        a, b = match.span()
        # A combining mark belongs to the character before it, which NFC may compose with it.
        if a > position and _is_mark(text[a]):
            a -= 1
        if a > position:
            copy(position, a)
        i = a
        while i < b:
            j = i + 1
            while j < b and _is_mark(text[j]):
                j += 1
            replacement = _cluster(text[i:j])
            if replacement == text[i:j]:
                copy(i, j)
            elif replacement:
                pieces.append(replacement)
                starts.extend([i] * len(replacement))
                ends.extend([j] * len(replacement))
            i = j
        position = b
    if position < len(text):
        copy(position, len(text))
    view = "".join(pieces)
    if view == text:
        return Normalised(text, text)
    return Normalised(text, view, tuple(starts), tuple(ends))


def normalise_text(text: str) -> str:
    """Only the view of :func:`normalise`, for comparing two values."""
    return text if _ATTENTION.search(text) is None else normalise(text).text


_WHITESPACE = re.compile(r"\s+")


def clean_display_text(value: str) -> str:
    """A name or title as it may be stored and shown.

    Removes bidirectional controls (marks, embeddings, overrides, isolates),
    zero-width and other invisible characters (every format character and
    default ignorable: a right-to-left override can make a name read as
    something else, a zero-width space can make two names look alike), turns
    control characters and every kind of whitespace into one space, strips
    the ends and brings the result to NFC. Letters, digits and punctuation are
    kept as they were written (no NFKC: a full-width letter in a title stays).
    """
    kept = "".join(
        " " if unicodedata.category(c) == "Cc" else c for c in value if not is_invisible(c)
    )
    return unicodedata.normalize("NFC", _WHITESPACE.sub(" ", kept).strip())

"""The submitter's own data, found wherever it occurs in their text.

The registry knows a submitter's IIN or BIN, phone, e-mail, name and postal
address, so these are masked even where no detector would see them: an IIN
with a wrong-looking date, a phone written without its prefix, an e-mail
spelled "aigerim at mail kz", the name with its words swapped. Both the
text and the value are read through the same normalisation
(:func:`atazan_redact.normalise.normalise`), so full-width digits, zero-width
characters, no-break spaces and case make no difference.

Every function here works on the normalised view of the text and returns
view offsets; :func:`atazan_redact.detect.find` maps them back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import permutations

from atazan_redact.normalise import normalise_text

#: Between two digits of a known number: up to three characters that are not letters or digits.
_DIGIT_SEP = r"[\W_]{0,3}"
#: Between two words of a known name or address.
_WORD_SEP = r"[\W_]{1,4}"
_AT_WORDS = r"at|ат|эт|собака|собачка"
_DOT_WORDS = r"dot|дот|точка|нүкте"
_AT_LOOSE = rf"(?:[\W_]{{0,3}}(?:{_AT_WORDS})[\W_]{{0,3}}|[\W_]{{1,3}})"
_DOT_LOOSE = rf"(?:[\W_]{{0,3}}(?:{_DOT_WORDS})[\W_]{{0,3}}|[\W_]{{1,3}})"
_WORDS = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")
#: Values shorter than this (letters and digits) are not searched for: they would match anywhere.
MIN_LENGTH = 5
#: Names of up to this many words are also found with their words in any order.
_MAX_PERMUTED = 4


def _digits_pattern(digits: str) -> str:
    return _DIGIT_SEP.join(digits)


def _identifier(value: str, digits_only: str) -> str | None:
    digits = "".join(_DIGITS.findall(value))
    if len(digits) < MIN_LENGTH or digits not in digits_only:
        return None
    return rf"(?<!\d){_digits_pattern(digits)}(?!\d)"


def _phone(value: str, digits_only: str) -> str | None:
    digits = "".join(_DIGITS.findall(value))
    if len(digits) < MIN_LENGTH:
        return None
    # +7 701 123 45 67, 8 701 123 45 67 and 701 123 45 67 are one number.
    core = digits[-10:] if len(digits) >= 10 else digits
    if core not in digits_only:
        return None
    prefix = r"(?:\+?[78][\W_]{0,3})?" if len(digits) >= 10 else ""
    return rf"(?<![\d+]){prefix}{_digits_pattern(core)}(?!\d)"


def _email(value: str, lower: str) -> str | None:
    local, at, domain = value.lower().partition("@")
    if not at:
        return _text(value, lower)
    labels = [label for label in domain.split(".") if label]
    parts = [p for p in local.split(".") if p]
    if not parts or not labels or len(local) + len(domain) < MIN_LENGTH or parts[0] not in lower:
        return None
    local_pattern = _DOT_LOOSE.join(re.escape(p) for p in parts)
    domain_pattern = _DOT_LOOSE.join(re.escape(label) for label in labels)
    return rf"(?<![\w.+-]){local_pattern}{_AT_LOOSE}{domain_pattern}(?![^\W_])"


def _words(value: str, lower: str, any_order: bool) -> str | None:
    words = _WORDS.findall(value.lower())
    if sum(len(w) for w in words) < MIN_LENGTH or not all(w in lower for w in words):
        return None
    orders = (
        permutations(words) if any_order and 1 < len(words) <= _MAX_PERMUTED else [tuple(words)]
    )
    alternatives = sorted({_WORD_SEP.join(re.escape(w) for w in order) for order in orders})
    # No word boundary at the end: "Сәдуақасованың" (a case ending) hides the name too.
    return rf"(?<![^\W_])(?:{'|'.join(alternatives)})"


def _text(value: str, lower: str) -> str | None:
    return _words(value, lower, any_order=False)


def known_spans(text: str, known: Iterable[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Where each (kind, value) occurs in the normalised ``text``: (start, end, kind) spans.

    ``kind`` is "iin" (an IIN or BIN), "phone", "email", "name" or
    "address"; any other kind is matched like an address: its words in order,
    separated by anything that is not a letter or digit.
    """
    lower = text.lower()
    digits_only = "".join(_DIGITS.findall(text))
    spans: list[tuple[int, int, str]] = []
    for kind, raw in known:
        value = normalise_text(raw).strip()
        if kind == "iin":
            pattern = _identifier(value, digits_only)
        elif kind == "phone":
            pattern = _phone(value, digits_only)
        elif kind == "email":
            pattern = _email(value, lower)
        elif kind == "name":
            pattern = _words(value, lower, any_order=True)
        else:
            pattern = _text(value, lower)
        if pattern is None:
            continue
        for m in re.finditer(pattern, text, flags=re.IGNORECASE):
            if m.end() > m.start():
                spans.append((m.start(), m.end(), kind))
    return spans

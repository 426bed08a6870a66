"""Which constitution articles a proposal cites, in the ways people write them."""

from __future__ import annotations

import re

_DIGIT = re.compile(r"\d")
_PATTERNS = [
    # Russian: "статья 33", "ст. 33", "пункт 2 статьи 31", "статьи 33"
    re.compile(
        r"(?i)(?:пункт[а-я]*\s+(?P<para>\d+(?:-\d+)?)\s+)?(?:стат(?:ья|ьи|ью|ье|ей|ьям|ьях)|ст\.)\s*(?P<art>\d{1,3}(?:-\d)?)"
    ),
    # Kazakh: "33-бап", "26-бап, 3-тармақ", "33-бабы", "33-бабына"
    re.compile(r"(?i)(?P<art>\d{1,3})\s*-\s*ба(?:п|б)\w*(?:\s*,?\s*(?P<para>\d+)\s*-\s*тармақ)?"),
    # English: "Article 33", "Art. 33(2)", "article 33 paragraph 2"
    re.compile(r"(?i)\b(?:article|art\.)\s*(?P<art>\d{1,3})(?:\s*\((?P<para>\d+)\))?"),
]


def find_citations(text: str, limit: int = 20) -> list[str]:
    """Cited provisions as "33" or "33(2)", in order of first mention, without repeats."""
    if not _DIGIT.search(text):
        return []
    found: list[tuple[int, str]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            ref = m.group("art")
            if m.group("para"):
                ref = f"{ref}({m.group('para')})"
            found.append((m.start(), ref))
    result: list[str] = []
    for _pos, ref in sorted(found):
        if ref not in result:
            result.append(ref)
        if len(result) >= limit:
            break
    return result

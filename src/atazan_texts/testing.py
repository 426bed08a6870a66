"""Hypothesis strategies for valid Documents, shared by property tests.

``documents()`` draws any valid document (``model.find_flaws`` finds
nothing): random Unicode text with Latin, Cyrillic and Kazakh letters
favoured, random nesting within ``ALLOWED_CHILDREN``, unique numbers per
parent and unique uids. ``documents(plaintext=True)`` keeps to what the
plain-text format can carry (docs/text-format.md, "Limits of the format").

Hypothesis is imported inside the functions, so the package never needs it
at run time.
"""

from __future__ import annotations

import copy
import re
import zlib
from typing import TYPE_CHECKING, Any

from atazan_texts.model import (
    LANGUAGES,
    VERSION_STATUSES,
    Document,
    Provision,
    clean_line,
    int_to_roman,
)
from atazan_texts.plaintext import read_line

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

#: Letters of the three languages, digits, and the punctuation and spaces laws use.
ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
    "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
    "0123456789.,;:()«»\"'-–—!?%&<>/§№"
    "     \u00a0\u202f"
)
# Characters no valid text holds: controls, surrogates, unassigned, private use,
# line and paragraph separators.
_EXCLUDED_CATEGORIES = ("Cc", "Cs", "Cn", "Co", "Zl", "Zp")
# Markdown marks change a plain-text heading or line; plain text avoids them.
_MARKDOWN = "#*_"


def characters(*, plaintext: bool = False) -> SearchStrategy[str]:
    """Mostly the three languages' letters, sometimes any printable Unicode."""
    from hypothesis import strategies as st

    letters = st.sampled_from([c for c in ALPHABET if not plaintext or c not in _MARKDOWN])
    anything = st.characters(
        exclude_categories=_EXCLUDED_CATEGORIES,  # type: ignore[arg-type]
        exclude_characters=_MARKDOWN if plaintext else "",
    )
    return st.one_of(letters, letters, letters, anything)


def lines(*, plaintext: bool = False) -> SearchStrategy[str]:
    """One clean, non-empty line; for plain text, one the parser reads as text."""
    from hypothesis import strategies as st

    raw = st.text(characters(plaintext=plaintext), min_size=1, max_size=24)
    cleaned = raw.map(clean_line).filter(bool)
    if plaintext:
        return cleaned.filter(lambda line: read_line(line).kind == "text")
    return cleaned


def texts(*, plaintext: bool = False, allow_empty: bool = True) -> SearchStrategy[str]:
    """Provision text: up to three lines joined by ``"\\n"``."""
    from hypothesis import strategies as st

    return st.lists(lines(plaintext=plaintext), min_size=0 if allow_empty else 1, max_size=3).map(
        "\n".join
    )


def uids() -> SearchStrategy[str]:
    """A permanent id: printable, without spaces."""
    from hypothesis import strategies as st

    chars = st.characters(exclude_categories=(*_EXCLUDED_CATEGORIES, "Zs"))  # type: ignore[arg-type]
    return st.one_of(
        st.text(chars, min_size=1, max_size=12), st.from_regex(r"p[0-9a-f]{16}", fullmatch=True)
    )


def documents(*, plaintext: bool = False, max_breadth: int = 3) -> SearchStrategy[Document]:
    """Valid documents; ``max_breadth`` bounds the children of each node."""
    from hypothesis import strategies as st

    optional_line = st.one_of(st.just(""), lines(plaintext=plaintext))

    @st.composite
    def build(draw: Any) -> Document:
        next_article = 0

        def count(limit: int = max_breadth) -> int:
            return int(draw(st.integers(0, limit)))

        def numbers(how_many: int, *, inserted: bool = True) -> list[str]:
            """Increasing numbers with gaps, some written as inserted ones (3-1)."""
            out, current = [], 0
            for _ in range(how_many):
                current += draw(st.integers(1, 2))
                suffix = f"-{draw(st.integers(1, 3))}" if inserted and draw(st.booleans()) else ""
                out.append(f"{current}{suffix}")
            return out

        def ordinals(how_many: int) -> list[str]:
            """Distinct numbers for sections or chapters, Roman or Arabic."""
            values = draw(st.lists(st.integers(1, 30), min_size=how_many, max_size=how_many,
                                   unique=True))  # fmt: skip
            return [int_to_roman(v) if draw(st.booleans()) else str(v) for v in sorted(values)]

        def kinds(options: tuple[str, ...], order: tuple[str, ...], limit: int) -> list[str]:
            chosen = draw(st.lists(st.sampled_from(options), max_size=limit))
            return sorted(chosen, key=order.index) if plaintext else list(chosen)

        def container_text(heading: str) -> str:
            # Plain text reads the line after an untitled heading as its title.
            if plaintext and not heading:
                return ""
            return str(draw(texts(plaintext=plaintext)))

        def points(how_many: int) -> list[Provision]:
            return [
                Provision(kind="point", num=num, text=draw(texts(plaintext=plaintext)))
                for num in numbers(how_many, inserted=False)
            ]

        def article() -> Provision:
            nonlocal next_article
            next_article += draw(st.integers(1, 3))
            suffix = f"-{draw(st.integers(1, 2))}" if draw(st.booleans()) else ""
            order = kinds(("point", "paragraph"), ("point", "paragraph"), max_breadth)
            paragraph_nums = iter(numbers(order.count("paragraph")))
            point_nums = iter(numbers(order.count("point"), inserted=False))
            children = []
            for kind in order:
                if kind == "paragraph":
                    children.append(Provision(kind="paragraph", num=next(paragraph_nums),
                                              text=draw(texts(plaintext=plaintext)),
                                              children=points(count(2))))  # fmt: skip
                else:
                    children.append(Provision(kind="point", num=next(point_nums),
                                              text=draw(texts(plaintext=plaintext))))  # fmt: skip
            node = Provision(
                kind="article",
                num=f"{next_article}{suffix}",
                heading=draw(optional_line),
                text=draw(texts(plaintext=plaintext)),
                children=children,
            )
            if not node.full_text():
                node.text = draw(lines(plaintext=plaintext))
            return node

        def chapters(how_many: int) -> list[Provision]:
            out = []
            for num in ordinals(how_many):
                heading = draw(optional_line)
                out.append(Provision(kind="chapter", num=num, heading=heading,
                                     text=container_text(heading),
                                     children=[article() for _ in range(count(2))]))  # fmt: skip
            return out

        def section(num: str) -> Provision:
            heading = draw(optional_line)
            order = kinds(("article", "chapter"), ("article", "chapter"), max_breadth)
            node = Provision(kind="section", num=num, heading=heading, text=container_text(heading))
            node.children = [article() for _ in range(order.count("article"))]
            node.children += chapters(order.count("chapter"))
            if not plaintext:
                draw(st.randoms()).shuffle(node.children)
            return node

        order = kinds(("article", "chapter", "section"), ("article", "chapter", "section"),
                      max_breadth)  # fmt: skip
        body: list[Provision] = [article() for _ in range(order.count("article"))]
        body += chapters(order.count("chapter"))
        body += [section(num) for num in ordinals(order.count("section"))]
        if not plaintext:
            draw(st.randoms()).shuffle(body)
        if not any(p.kind == "article" for top in body for p in top.walk()):
            body.insert(0, article())
        if draw(st.booleans()):
            body.insert(0, Provision(kind="preamble", text=draw(texts(plaintext=plaintext))))

        document = Document(
            title=draw(optional_line),
            language=draw(st.sampled_from(LANGUAGES)),
            work=draw(
                st.one_of(st.sampled_from(["", "kenbel", "lakes"]), lines(plaintext=plaintext))
            ),
            version=draw(
                st.one_of(st.sampled_from(["", "1998", "2026-draft"]), lines(plaintext=plaintext))
            ),
            date=draw(st.one_of(st.just(""), st.dates().map(lambda d: d.isoformat()))),
            status=draw(st.sampled_from(VERSION_STATUSES)),
            note=draw(optional_line),
            children=body,
        )
        provisions = list(document.walk())
        ids = draw(
            st.lists(uids(), min_size=len(provisions), max_size=len(provisions), unique=True)
        )
        for provision, uid in zip(provisions, ids, strict=True):
            provision.uid = uid
        return document

    return build()


def without_uids(document: Document) -> Document:
    """A copy with every uid blank: compares documents from formats without uids."""
    clone = copy.deepcopy(document)
    for provision in clone.walk():
        provision.uid = ""
    return clone


def pdf_page_count(pdf: bytes) -> int:
    """The page tree's /Count, looking inside compressed object streams too."""
    chunks = [pdf]
    for start in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", start.end())
        try:
            chunks.append(zlib.decompress(pdf[start.end() : end]))
        except zlib.error:
            continue
    counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", b"\n".join(chunks))
    return max((int(c) for c in counts), default=0)

"""Hypothesis strategies for valid Documents, shared by the property tests.

Hypothesis is imported inside the functions, so the package itself never
needs it at run time.
"""

from __future__ import annotations

from typing import Any

from atazan_texts.model import Document, Provision, int_to_roman

#: Letters of the three languages, digits and the punctuation laws use.
ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
    "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
    "0123456789.,;:()«»\"'-–—!?%&<>/"
)


def lines() -> Any:
    from hypothesis import strategies as st

    word = st.text(ALPHABET, min_size=1, max_size=12)
    return st.lists(word, min_size=1, max_size=8).map(" ".join)


def texts(allow_empty: bool = True) -> Any:
    from hypothesis import strategies as st

    many = st.lists(lines(), min_size=1, max_size=3).map("\n".join)
    return st.one_of(st.just(""), many) if allow_empty else many


def documents(max_sections: int = 3, max_articles: int = 3) -> Any:
    """Valid documents: sections of articles of paragraphs of points, unique numbers."""
    from hypothesis import strategies as st

    @st.composite
    def build(draw: Any) -> Document:
        counter = iter(range(10_000))

        def uid() -> str:
            return f"u{next(counter)}"

        def points(count: int) -> list[Provision]:
            return [
                Provision(kind="point", num=str(i + 1), text=draw(texts(False)), uid=uid())
                for i in range(count)
            ]

        def paragraph(num: str) -> Provision:
            n_points = draw(st.integers(0, 2))
            return Provision(
                kind="paragraph",
                num=num,
                text=draw(texts(allow_empty=n_points > 0)),
                uid=uid(),
                children=points(n_points),
            )

        article_number = 0

        def article() -> Provision:
            nonlocal article_number
            article_number += 1
            n_paras = draw(st.integers(0, 3))
            nums = [str(i + 1) for i in range(n_paras)]
            if n_paras and draw(st.booleans()):
                nums.insert(1, "1-1")
            children = [paragraph(n) for n in nums]
            text = draw(texts(allow_empty=bool(children)))
            if not children and not text:
                text = draw(texts(False))
            return Provision(
                kind="article",
                num=str(article_number),
                heading=draw(st.one_of(st.just(""), lines())),
                text=text,
                uid=uid(),
                children=children,
            )

        children: list[Provision] = []
        if draw(st.booleans()):
            children.append(Provision(kind="preamble", text=draw(texts(False)), uid=uid()))
        for s in range(draw(st.integers(1, max_sections))):
            articles = [article() for _ in range(draw(st.integers(1, max_articles)))]
            children.append(
                Provision(
                    kind="section",
                    num=int_to_roman(s + 1),
                    heading=draw(st.one_of(st.just(""), lines())),
                    uid=uid(),
                    children=articles,
                )
            )
        return Document(
            title=draw(lines()),
            language=draw(st.sampled_from(["kk", "ru", "en"])),
            work=draw(st.sampled_from(["kenbel", "lakes", ""])),
            version=draw(st.sampled_from(["1998", "2026-draft", ""])),
            date=draw(st.sampled_from(["1998-08-30", ""])),
            status=draw(st.sampled_from(["in_force", "draft", "historical"])),
            note=draw(st.one_of(st.just(""), lines())),
            children=children,
        )

    return build()

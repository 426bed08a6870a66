"""Small helpers that build Documents directly, with no parser involved."""

from __future__ import annotations

from atazan_compare import Comparison, Pair
from atazan_texts.model import Document, Provision


def art(num: str, text: str = "", *paragraphs: str, uid: str = "", heading: str = "") -> Provision:
    """An article with its own text and, optionally, numbered paragraphs."""
    children = [
        Provision(kind="paragraph", num=str(i), text=para) for i, para in enumerate(paragraphs, 1)
    ]
    return Provision(
        kind="article", num=num, heading=heading, text=text, uid=uid, children=children
    )


def sec(num: str, heading: str, *articles: Provision, uid: str = "") -> Provision:
    return Provision(kind="section", num=num, heading=heading, uid=uid, children=list(articles))


def doc(*children: Provision, language: str = "en", version: str = "v") -> Document:
    return Document(
        title="Charter of Kenbel", language=language, version=version, children=list(children)
    )


def rows(c: Comparison) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Each pair as (relation, old numbers, new numbers), in the comparison's order."""
    return [(p.relation, tuple(r.num for r in p.old), tuple(r.num for r in p.new)) for p in c.pairs]


def pair_of_old(c: Comparison, num: str) -> Pair:
    found = [p for p in c.pairs if any(r.num == num for r in p.old)]
    assert len(found) == 1, num
    return found[0]


def pair_of_new(c: Comparison, num: str) -> Pair:
    found = [p for p in c.pairs if any(r.num == num for r in p.new)]
    assert len(found) == 1, num
    return found[0]

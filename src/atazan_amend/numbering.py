"""Numbering of the consolidated text.

* ``keep``: numbers stay as they are; new provisions carry the number their
  amendment gives (``33-1`` for an article inserted after 33), deleted ones
  leave a gap. This is how an amending law changes a text in force: every
  citation of the old text stays valid.
* ``articles``: sections, chapters and articles are numbered consecutively
  through the whole text (sections keep their Roman or Arabic style);
  paragraphs and points keep their numbers. This is how a drafting office
  prepares a new edition or a new constitution: readers get a clean 1..n,
  while paragraph numbers, which only matter inside one article, are left to
  the amendments that rewrite the article (the sample draft keeps its
  ``3-1.`` paragraphs).
* ``full``: as ``articles``, and paragraphs and points are also renumbered
  1..n within their article or paragraph.
"""

from __future__ import annotations

from atazan_amend.model import Numbering
from atazan_amend.tree import Node, Tree
from atazan_texts.model import int_to_roman, roman_to_int

_THROUGH_THE_TEXT = ("section", "chapter", "article")
_WITHIN_PARENT = ("paragraph", "point")


def renumber(tree: Tree, numbering: Numbering) -> None:
    """Apply the numbering policy to the tree in place."""
    if numbering == "keep":
        return
    roman = {kind: _mostly_roman(tree, kind) for kind in ("section", "chapter")}
    counters = dict.fromkeys(_THROUGH_THE_TEXT, 0)
    for node in tree.nodes():
        if node.kind in counters:
            counters[node.kind] += 1
            value = counters[node.kind]
            node.num = int_to_roman(value) if roman.get(node.kind) else str(value)
    if numbering == "full":
        for node in [tree.root, *tree.nodes()]:
            _number_children(node)


def _number_children(node: Node) -> None:
    counters = dict.fromkeys(_WITHIN_PARENT, 0)
    for child in node.children:
        if child.kind in counters:
            counters[child.kind] += 1
            child.num = str(counters[child.kind])


def _mostly_roman(tree: Tree, kind: str) -> bool:
    """Whether the text writes this kind's numbers in Roman numerals (ties: Roman)."""
    nums = [node.num for node in tree.nodes() if node.kind == kind and node.num]
    roman = sum(1 for num in nums if roman_to_int(num) is not None and not num.isdigit())
    return roman * 2 >= len(nums) if nums else kind == "section"

"""Word-level redlines: what was kept, deleted and inserted, token by token.

The diff runs in two steps. Lines (paragraphs and points) that are unchanged
are found first, by a longest-common-subsequence over whole lines; they anchor
the comparison so that words are never matched across unrelated paragraphs.
The changed lines between two anchors are then diffed word by word as one run,
so a paragraph split in two, or words moved between neighbouring paragraphs,
are not counted as changed.

Only words and punctuation marks are compared; whitespace travels with them.
Concatenating the ``equal`` and ``delete`` ops gives back the old text exactly,
and ``equal`` and ``insert`` the new text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from atazan_compare.text import Token, normalise_lines, tokenize

OpKind = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class Op:
    """One stretch of a redline: text kept, deleted from the old or inserted in the new."""

    op: OpKind
    text: str


@dataclass(frozen=True)
class Diff:
    """A redline and, for the figures, the words it changed on each side.

    ``deleted_words`` lists each old word deleted or replaced as
    ``(offset in the old text, letters in the word)``; ``inserted_words``
    the same for new words inserted.
    """

    ops: tuple[Op, ...]
    deleted_words: tuple[tuple[int, int], ...]
    inserted_words: tuple[tuple[int, int], ...]


#: A kept stretch of ``n`` tokens between two changes is folded into them when
#: both changes are longer than ``SMALL_EQUAL_FACTOR * n`` tokens: a lone
#: "the" or comma inside a rewritten sentence is noise to a reader.
SMALL_EQUAL_FACTOR = 2


def diff_lines(old_lines: Sequence[str], new_lines: Sequence[str]) -> Diff:
    """Redline between two texts given as normalised lines."""
    old_text = "\n".join(old_lines)
    new_text = "\n".join(new_lines)
    if old_text == new_text:
        return Diff((Op("equal", old_text),) if old_text else (), (), ())
    old_tokens = tokenize(old_text)
    new_tokens = tokenize(new_text)
    blocks = _matching_blocks(old_lines, new_lines, old_tokens, new_tokens)
    blocks = _fold_small_equalities(blocks, len(old_tokens), len(new_tokens))
    ops = _ops_from_blocks(old_text, new_text, old_tokens, new_tokens, blocks)
    return Diff(
        ops, _unmatched_words(old_tokens, blocks, 0), _unmatched_words(new_tokens, blocks, 1)
    )


def diff_texts(old: str, new: str) -> Diff:
    """Redline between two raw texts, normalised line by line first."""
    return diff_lines(normalise_lines(old), normalise_lines(new))


def _unmatched_words(
    tokens: Sequence[Token], blocks: Iterable[tuple[int, int, int]], side: int
) -> tuple[tuple[int, int], ...]:
    kept = [False] * len(tokens)
    for block in blocks:
        start, size = block[side], block[2]
        kept[start : start + size] = [True] * size
    return tuple(
        (t.start, t.letters) for t, keep in zip(tokens, kept, strict=True) if t.is_word and not keep
    )


def whole(kind: OpKind, lines: Sequence[str]) -> Diff:
    """Redline of a text entirely deleted or entirely inserted."""
    text = "\n".join(lines)
    changed = tuple((t.start, t.letters) for t in tokenize(text) if t.is_word)
    ops = (Op(kind, text),) if text else ()
    if kind == "delete":
        return Diff(ops, changed, ())
    return Diff(ops, (), changed)


def _line_token_ranges(lines: Sequence[str], tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """For each line, the half-open range of token indexes it holds."""
    ranges: list[tuple[int, int]] = []
    position = 0
    index = 0
    for line in lines:
        end_char = position + len(line)
        first = index
        while index < len(tokens) and tokens[index].start < end_char:
            index += 1
        ranges.append((first, index))
        position = end_char + 1
    return ranges


def _matching_blocks(
    old_lines: Sequence[str],
    new_lines: Sequence[str],
    old_tokens: Sequence[Token],
    new_tokens: Sequence[Token],
) -> list[tuple[int, int, int]]:
    """Matched token runs ``(old_index, new_index, size)``, in order."""
    old_ranges = _line_token_ranges(old_lines, old_tokens)
    new_ranges = _line_token_ranges(new_lines, new_tokens)
    old_keys = [t.text for t in old_tokens]
    new_keys = [t.text for t in new_tokens]
    blocks: list[tuple[int, int, int]] = []
    line_matcher = SequenceMatcher(None, list(old_lines), list(new_lines), autojunk=False)
    for tag, i1, i2, j1, j2 in line_matcher.get_opcodes():
        a_lo = old_ranges[i1][0] if i1 < len(old_ranges) else len(old_tokens)
        a_hi = old_ranges[i2 - 1][1] if i2 > i1 else a_lo
        b_lo = new_ranges[j1][0] if j1 < len(new_ranges) else len(new_tokens)
        b_hi = new_ranges[j2 - 1][1] if j2 > j1 else b_lo
        if tag == "equal":
            if a_hi > a_lo:
                blocks.append((a_lo, b_lo, a_hi - a_lo))
        elif a_hi > a_lo and b_hi > b_lo:
            matcher = SequenceMatcher(
                None, old_keys[a_lo:a_hi], new_keys[b_lo:b_hi], autojunk=False
            )
            for i, j, size in matcher.get_matching_blocks():
                if size:
                    blocks.append((a_lo + i, b_lo + j, size))
    # Adjacent runs (an anchor followed by a matched word) become one run.
    merged: list[tuple[int, int, int]] = []
    for i, j, size in blocks:
        if merged:
            pi, pj, ps = merged[-1]
            if pi + ps == i and pj + ps == j:
                merged[-1] = (pi, pj, ps + size)
                continue
        merged.append((i, j, size))
    return merged


def _fold_small_equalities(
    blocks: list[tuple[int, int, int]], n_old: int, n_new: int
) -> list[tuple[int, int, int]]:
    """Drop short kept runs that sit between two long changes."""
    changed = True
    while changed:
        changed = False
        for k, (i, j, size) in enumerate(blocks):
            prev_i, prev_j = (0, 0)
            if k > 0:
                pi, pj, ps = blocks[k - 1]
                prev_i, prev_j = pi + ps, pj + ps
            next_i, next_j = (n_old, n_new)
            if k + 1 < len(blocks):
                next_i, next_j = blocks[k + 1][0], blocks[k + 1][1]
            before = max(i - prev_i, j - prev_j)
            after = max(next_i - (i + size), next_j - (j + size))
            if SMALL_EQUAL_FACTOR * size < min(before, after):
                del blocks[k]
                changed = True
                break
    return blocks


def _ops_from_blocks(
    old_text: str,
    new_text: str,
    old_tokens: Sequence[Token],
    new_tokens: Sequence[Token],
    blocks: Iterable[tuple[int, int, int]],
) -> tuple[Op, ...]:
    raw: list[Op] = []
    old_pos = 0
    new_pos = 0
    for i, j, size in [*blocks, (len(old_tokens), len(new_tokens), 0)]:
        old_start = old_tokens[i].start if i < len(old_tokens) else len(old_text)
        new_start = new_tokens[j].start if j < len(new_tokens) else len(new_text)
        _emit_gap(raw, old_text[old_pos:old_start], new_text[new_pos:new_start])
        if size == 0:
            break
        old_end = old_tokens[i + size - 1].end
        new_end = new_tokens[j + size - 1].end
        old_run = old_text[old_start:old_end]
        new_run = new_text[new_start:new_end]
        if old_run == new_run:
            raw.append(Op("equal", old_run))
        else:
            # Same tokens, different spacing between them (a line break became
            # a space): keep the words, show only the spacing as changed.
            for k in range(size):
                a, b = old_tokens[i + k], new_tokens[j + k]
                if k:
                    gap_old = old_text[old_tokens[i + k - 1].end : a.start]
                    gap_new = new_text[new_tokens[j + k - 1].end : b.start]
                    _emit_gap(raw, gap_old, gap_new)
                raw.append(Op("equal", a.text))
        old_pos, new_pos = old_end, new_end
    return _normalise_ops(raw)


def _emit_gap(out: list[Op], deleted: str, inserted: str) -> None:
    """A changed stretch; whitespace common to both ends is kept as equal."""
    if deleted == inserted:
        if deleted:
            out.append(Op("equal", deleted))
        return
    lead = 0
    limit = min(len(deleted), len(inserted))
    while lead < limit and deleted[lead] == inserted[lead] and deleted[lead].isspace():
        lead += 1
    trail = 0
    limit -= lead
    while (
        trail < limit
        and deleted[-1 - trail] == inserted[-1 - trail]
        and deleted[-1 - trail].isspace()
    ):
        trail += 1
    if lead:
        out.append(Op("equal", deleted[:lead]))
    middle_old = deleted[lead : len(deleted) - trail]
    middle_new = inserted[lead : len(inserted) - trail]
    if middle_old:
        out.append(Op("delete", middle_old))
    if middle_new:
        out.append(Op("insert", middle_new))
    if trail:
        out.append(Op("equal", deleted[len(deleted) - trail :]))


def _normalise_ops(ops: Iterable[Op]) -> tuple[Op, ...]:
    """Merge neighbours: each run of changes becomes one delete then one insert."""
    out: list[Op] = []
    pending_del: list[str] = []
    pending_ins: list[str] = []

    def flush() -> None:
        if pending_del:
            out.append(Op("delete", "".join(pending_del)))
        if pending_ins:
            out.append(Op("insert", "".join(pending_ins)))
        pending_del.clear()
        pending_ins.clear()

    for op in ops:
        if not op.text:
            continue
        if op.op == "delete":
            pending_del.append(op.text)
        elif op.op == "insert":
            pending_ins.append(op.text)
        else:
            flush()
            if out and out[-1].op == "equal":
                out[-1] = Op("equal", out[-1].text + op.text)
            else:
                out.append(op)
    flush()
    return tuple(out)


def old_text(ops: Iterable[Op]) -> str:
    """The old text a redline was made from."""
    return "".join(op.text for op in ops if op.op != "insert")


def new_text(ops: Iterable[Op]) -> str:
    """The new text a redline was made from."""
    return "".join(op.text for op in ops if op.op != "delete")


def redline_json(ops: Iterable[Op]) -> list[dict[str, str]]:
    return [{"op": op.op, "text": op.text} for op in ops]


Side = Literal["both", "old", "new"]


def redline_html(ops: Iterable[Op], side: Side = "both", line_breaks: bool = True) -> str:
    """HTML with ``<del>`` and ``<ins>``; every piece of text is escaped.

    ``side="old"`` shows the old text with deletions marked, ``"new"`` the new
    text with insertions marked. Line breaks become ``<br>`` unless the page
    preserves them with CSS.
    """
    out: list[str] = []
    for op in ops:
        if (side == "old" and op.op == "insert") or (side == "new" and op.op == "delete"):
            continue
        text = html.escape(op.text, quote=True)
        if line_breaks:
            text = text.replace("\n", "<br>\n")
        if op.op == "insert":
            out.append(f"<ins>{text}</ins>")
        elif op.op == "delete":
            out.append(f"<del>{text}</del>")
        else:
            out.append(text)
    return "".join(out)

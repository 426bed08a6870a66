"""Applying amendments to the shared tree, and finding where they conflict.

Conflicts are found by applying the amendments in order and keeping, for
every provision, which amendment did what to it: wrote its heading, text,
number or the provisions below it, placed it (inserted or moved it), or
removed it. A second amendment that does the same to the same provision,
touches what an earlier one removed, or removes what an earlier one edited,
conflicts with it. Applying rather than inspecting the list matters: a
section may be deleted after its articles were moved out of it, but not
while an amendment has just moved an article into it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from atazan_amend.errors import Conflict, InvalidEdit, UnknownProvision
from atazan_amend.model import (
    AddSection,
    Amendment,
    Delete,
    Insert,
    Merge,
    Move,
    Numbering,
    ProvisionText,
    RenameSection,
    Renumber,
    Replace,
    Rewording,
    Split,
    fresh_uid,
)
from atazan_amend.tree import Node, Tree, Words
from atazan_texts.model import ALLOWED_CHILDREN

#: Which kinds each numbering policy numbers itself; renumbering them by hand has no effect.
NUMBERED_BY_POLICY: dict[str, tuple[str, ...]] = {
    "keep": (),
    "articles": ("section", "chapter", "article"),
    "full": ("section", "chapter", "article", "paragraph", "point"),
}

_VERBS = {
    "heading": "change the heading of",
    "text": "change the text of",
    "children": "rewrite the provisions inside",
    "place": "place",
    "num": "renumber",
}


@dataclass
class History:
    """Who did what to which provision, for conflicts and for cross-references."""

    acts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # uid -> (aspect, id)
    removed_by: dict[str, str] = field(default_factory=dict)
    #: a provision merged into another: references to it now mean the other
    merged_into: dict[str, str] = field(default_factory=dict)
    split: set[str] = field(default_factory=set)

    def record(self, uid: str, aspect: str, amendment_id: str) -> str | None:
        """Note the act; return the earlier amendment that did the same, if any."""
        acts = self.acts.setdefault(uid, [])
        earlier = next((who for what, who in acts if what == aspect and who != amendment_id), None)
        acts.append((aspect, amendment_id))
        return earlier


class Engine:
    """Applies amendments one by one; ``conflicts`` lists every clash found."""

    def __init__(self, tree: Tree, numbering: Numbering = "keep") -> None:
        self.tree = tree
        self.numbering = numbering
        self.history = History()
        self.conflicts: list[Conflict] = []
        self._placed_at: dict[tuple[str, str], set[str]] = {}
        self._reported: set[tuple[str, str, str]] = set()

    # -- bookkeeping ------------------------------------------------------------
    def _conflict(self, code: str, first: str, second: str, node: Node | str, why: str) -> None:
        uid = node if isinstance(node, str) else node.uid
        key = (first, second, uid)
        if key in self._reported:
            return
        self._reported.add(key)
        what = uid if isinstance(node, str) else f"{node.label()} (uid {uid})"
        self.conflicts.append(
            Conflict(code, first, second, uid, f"amendments {first!r} and {second!r} conflict "
                     f"on {what}: {why}")
        )  # fmt: skip

    def _write(self, node: Node, aspect: str, amendment: Amendment) -> None:
        earlier = self.history.record(node.uid, aspect, amendment.id)
        if earlier is not None:
            self._conflict(
                "same_provision", earlier, amendment.id, node,
                f"both {_VERBS.get(aspect, 'edit')} it",
            )  # fmt: skip

    def _untouched_below(self, node: Node, amendment: Amendment, *, include_self: bool) -> None:
        """A removal or rewrite must not undo what an earlier amendment did inside."""
        for inner in node.walk():
            if inner is node and not include_self:
                continue
            for aspect, who in self.history.acts.get(inner.uid, ()):
                if who != amendment.id:
                    verb = "places" if aspect == "place" else "edits"
                    self._conflict(
                        "removes_edited", who, amendment.id, inner,
                        f"{amendment.id!r} removes or rewrites what {who!r} {verb}",
                    )  # fmt: skip

    def _require(self, uid: str, amendment: Amendment, where: str) -> Node | None:
        node = self.tree.get(uid)
        if node is not None:
            return node
        remover = self.history.removed_by.get(uid)
        if remover is not None:
            self._conflict(
                "removed", remover, amendment.id, uid,
                f"{amendment.id!r} needs a provision that {remover!r} removed",
            )  # fmt: skip
            return None
        raise UnknownProvision(f"uid {uid!r} does not exist in the base", field=where)

    def _container(self, uid: str | None, amendment: Amendment, where: str) -> Node | None:
        return self.tree.root if uid is None else self._require(uid, amendment, where)

    def _remove(self, node: Node, amendment: Amendment) -> None:
        if node.parent is not None and node in node.parent.children:
            node.parent.children.remove(node)
        for inner in list(node.walk()):
            self.tree.index.pop(inner.uid, None)
            self.history.removed_by[inner.uid] = amendment.id

    def _place(
        self,
        node: Node,
        parent: Node,
        after: str | None,
        amendment: Amendment,
        where: str,
    ) -> bool:
        """Put ``node`` after ``after`` in ``parent``; several placed after one anchor keep their order."""
        if node.kind not in ALLOWED_CHILDREN.get(parent.kind, ()):
            raise InvalidEdit(f"{_a(node.kind)} cannot stand in {parent.label()}", field=where)
        if after is None:
            position = 0
        else:
            anchor = self._require(after, amendment, f"{where}.after")
            if anchor is None:
                return False
            if anchor.parent is not parent:
                mover = next(
                    (who for what, who in self.history.acts.get(anchor.uid, ()) if what == "place"),
                    None,
                )
                if mover is not None and mover != amendment.id:
                    self._conflict(
                        "anchor_moved", mover, amendment.id, anchor,
                        f"{amendment.id!r} places a provision after it in {parent.label()}, "
                        f"but {mover!r} moved it elsewhere",
                    )  # fmt: skip
                    return False
                raise InvalidEdit(
                    f"{anchor.label()} (uid {after!r}) is not in {parent.label()}",
                    field=f"{where}.after",
                )
            position = parent.children.index(anchor) + 1
        chain = self._placed_at.setdefault((parent.uid, after or ""), set())
        while position < len(parent.children) and parent.children[position].uid in chain:
            position += 1
        parent.children.insert(position, node)
        node.parent = parent
        chain.add(node.uid)
        return True

    # -- building new provisions ----------------------------------------------------
    def _build(
        self,
        samples: Mapping[str, ProvisionText | None],
        path: tuple[int, ...],
        amendment: Amendment,
        pool: dict[str, Node],
        where: str,
        reuse: Node | None = None,
    ) -> Node:
        """One node (and its subtree) from the per-language content at ``path``.

        ``reuse`` is the existing node the content rewrites (split, merge);
        a child naming a uid takes that node out of ``pool``, the subtree
        being rewritten, so it keeps its identity.
        """
        shape = next(s for s in samples.values() if s is not None)
        if reuse is not None:
            node = reuse
            if shape.num:
                node.num = shape.num
        elif shape.uid:
            kept = pool.pop(shape.uid, None)
            if kept is None:
                raise InvalidEdit(
                    f"uid {shape.uid!r} is not inside the provision being rewritten, "
                    "or is kept twice",
                    field=f"{where}.texts",
                )
            if kept.kind != shape.kind:
                raise InvalidEdit(
                    f"uid {shape.uid!r} is {_a(kept.kind)}, not {_a(shape.kind)}",
                    field=f"{where}.texts",
                )
            node = kept
            node.num = shape.num
        else:
            uid = fresh_uid(amendment.id, path)
            if uid in self.tree.index:
                raise InvalidEdit(f"new uid {uid!r} is already in use", field=f"{where}.id")
            node = Node(uid=uid, kind=shape.kind, num=shape.num)
            self.tree.index[uid] = node
            self.history.record(uid, "place", amendment.id)
        for aspect in ("heading", "text"):
            self._write(node, aspect, amendment)
        for language in self.tree.languages:
            sample = samples.get(language)
            if sample is None:
                node.words.pop(language, None)
            else:
                node.words[language] = Words(sample.heading, sample.text, True, True)
        children = []
        for index, child_shape in enumerate(shape.children):
            if child_shape.kind not in ALLOWED_CHILDREN.get(shape.kind, ()):
                raise InvalidEdit(
                    f"{_a(child_shape.kind)} cannot stand in {_a(shape.kind)}",
                    field=f"{where}.texts",
                )
            child_samples = {
                lang: (s.children[index] if s is not None else None) for lang, s in samples.items()
            }
            child = self._build(child_samples, (*path, index), amendment, pool, where)
            child.parent = node
            children.append(child)
        node.children = children
        return node

    def _reword(
        self, node: Node, texts: Mapping[str, Rewording | None], amendment: Amendment, where: str
    ) -> None:
        shape = next(r for r in texts.values() if r is not None)
        if shape.heading is not None:
            self._write(node, "heading", amendment)
        if shape.text is not None:
            self._write(node, "text", amendment)
        if shape.children is not None:
            self._write(node, "children", amendment)
            self._untouched_below(node, amendment, include_self=False)
        for language in self.tree.languages:
            wording = texts.get(language)
            if wording is None:
                node.words.pop(language, None)
                continue
            old = node.words.get(language)
            if old is None and wording.children is None and node.children and not _holds(node):
                # The paragraphs below have no words in this language either.
                raise InvalidEdit(
                    f"{node.label()} has no {language!r} text yet: give the provisions "
                    "below it too",
                    field=f"{where}.texts.{language}",
                )
            old = old or Words()
            node.words[language] = Words(
                heading=old.heading if wording.heading is None else wording.heading,
                text=old.text if wording.text is None else wording.text,
                heading_written=old.heading_written if wording.heading is None else True,
                text_written=old.text_written if wording.text is None else True,
            )
        if shape.children is not None:
            self._rebuild_children(
                node,
                [
                    {lang: (r.children[i] if r is not None and r.children is not None else None)
                     for lang, r in texts.items()}
                    for i in range(len(shape.children))
                ],
                amendment,
                where,
            )  # fmt: skip

    def _rebuild_children(
        self,
        node: Node,
        child_samples: Sequence[Mapping[str, ProvisionText | None]],
        amendment: Amendment,
        where: str,
    ) -> None:
        """New children for ``node``; those naming a uid from its old subtree keep it."""
        pool = {inner.uid: inner for inner in node.walk() if inner is not node}
        children = []
        for index, samples in enumerate(child_samples):
            kind = next(s for s in samples.values() if s is not None).kind
            if kind not in ALLOWED_CHILDREN.get(node.kind, ()):
                raise InvalidEdit(
                    f"{_a(kind)} cannot stand in {node.label()}", field=f"{where}.texts"
                )
            child = self._build(samples, (0, index), amendment, pool, where)
            child.parent = node
            children.append(child)
        node.children = children
        self._drop_unkept(pool, amendment)

    # -- the kinds ----------------------------------------------------------------------
    def apply(self, amendment: Amendment, where: str) -> None:
        if isinstance(amendment, Replace):
            node = self._require(amendment.target, amendment, f"{where}.target")
            if node is not None:
                self._reword(node, amendment.texts, amendment, where)
        elif isinstance(amendment, Insert | AddSection):
            self._insert(amendment, where)
        elif isinstance(amendment, Delete):
            node = self._require(amendment.target, amendment, f"{where}.target")
            if node is not None:
                self._untouched_below(node, amendment, include_self=True)
                self._remove(node, amendment)
        elif isinstance(amendment, Move):
            self._move(amendment, where)
        elif isinstance(amendment, Split):
            self._split(amendment, where)
        elif isinstance(amendment, Merge):
            self._merge(amendment, where)
        elif isinstance(amendment, Renumber):
            node = self._require(amendment.target, amendment, f"{where}.target")
            if node is not None:
                if node.kind in NUMBERED_BY_POLICY[self.numbering]:
                    raise InvalidEdit(
                        f"numbering {self.numbering!r} numbers every {node.kind} itself, "
                        "so renumbering one has no effect",
                        field=f"{where}.num",
                    )
                self._write(node, "num", amendment)
                node.num = amendment.num
        else:
            node = self._require(amendment.target, amendment, f"{where}.target")
            if node is not None:
                self._rename(node, amendment, where)

    def _insert(self, amendment: Insert | AddSection, where: str) -> None:
        if isinstance(amendment, AddSection):
            parent: Node | None = self.tree.root
            after = amendment.after
            first = self.tree.root.children[0] if self.tree.root.children else None
            if after is None and first is not None and first.kind == "preamble":
                after = first.uid
        else:
            parent = self._container(amendment.parent, amendment, f"{where}.parent")
            after = amendment.after
        if parent is None:
            return
        node = self._build(amendment.texts, (0,), amendment, {}, where)
        if not self._place(node, parent, after, amendment, where):
            self._remove(node, amendment)

    def _move(self, amendment: Move, where: str) -> None:
        node = self._require(amendment.target, amendment, f"{where}.target")
        parent = self._container(amendment.parent, amendment, f"{where}.parent")
        if node is None or parent is None:
            return
        if parent is node or node in parent.ancestors():
            raise InvalidEdit(f"{node.label()} cannot move into itself", field=f"{where}.parent")
        self._write(node, "place", amendment)
        if amendment.texts:
            self._reword(node, amendment.texts, amendment, where)
        old_parent = node.parent
        assert old_parent is not None
        at = old_parent.children.index(node)
        old_parent.children.remove(node)
        if not self._place(node, parent, amendment.after, amendment, where):
            old_parent.children.insert(at, node)

    def _split(self, amendment: Split, where: str) -> None:
        node = self._require(amendment.target, amendment, f"{where}.target")
        if node is None:
            return
        parts = next(p for p in amendment.texts.values() if p is not None)
        for part in parts:
            if part.kind != node.kind:
                raise InvalidEdit(
                    f"{node.label()} splits into provisions of its own kind, not {_a(part.kind)}",
                    field=f"{where}.texts",
                )
        for aspect in ("heading", "text", "children"):
            self._write(node, aspect, amendment)
        self._untouched_below(node, amendment, include_self=False)
        self.history.split.add(node.uid)
        parent = node.parent
        assert parent is not None
        pool = {inner.uid: inner for inner in node.walk() if inner is not node}
        new_nodes = []
        for index in range(len(parts)):
            samples = {
                lang: (value[index] if value is not None else None)
                for lang, value in amendment.texts.items()
            }
            new_nodes.append(
                self._build(
                    samples, (index,), amendment, pool, where, reuse=node if index == 0 else None
                )
            )
        at = parent.children.index(node)
        for offset, part_node in enumerate(new_nodes[1:], start=1):
            part_node.parent = parent
            parent.children.insert(at + offset, part_node)
        self._drop_unkept(pool, amendment)

    def _merge(self, amendment: Merge, where: str) -> None:
        nodes = [
            self._require(uid, amendment, f"{where}.targets[{i}]")
            for i, uid in enumerate(amendment.targets)
        ]
        present = [n for n in nodes if n is not None]
        if len(present) != len(nodes):
            return
        first = present[0]
        for other in present:
            for inner in present:
                if inner is not other and inner in other.ancestors():
                    raise InvalidEdit(
                        f"{other.label()} contains {inner.label()}; merge provisions side by side",
                        field=f"{where}.targets",
                    )
        merged = next(p for p in amendment.texts.values() if p is not None)
        if merged.kind != first.kind:
            raise InvalidEdit(
                f"the merged provision must be {_a(first.kind)}, like the first target",
                field=f"{where}.texts",
            )
        for aspect in ("heading", "text", "children"):
            self._write(first, aspect, amendment)
        self._untouched_below(first, amendment, include_self=False)
        for other in present[1:]:
            self._untouched_below(other, amendment, include_self=True)
        pool = {inner.uid: inner for n in present for inner in n.walk() if inner not in present}
        self._build(amendment.texts, (0,), amendment, pool, where, reuse=first)
        for other in present[1:]:
            if other.parent is not None:
                other.parent.children.remove(other)
            self.tree.index.pop(other.uid, None)
            self.history.removed_by[other.uid] = amendment.id
            self.history.merged_into[other.uid] = first.uid
        self._drop_unkept(pool, amendment)

    def _drop_unkept(self, left: dict[str, Node], amendment: Amendment) -> None:
        """Provisions of a rewritten subtree that the new wording did not keep are removed."""
        for uid in left:
            self.tree.index.pop(uid, None)
            self.history.removed_by[uid] = amendment.id

    def _rename(self, node: Node, amendment: RenameSection, where: str) -> None:
        if node.kind not in ("section", "chapter"):
            raise InvalidEdit(
                f"{node.label()} is not a section or chapter", field=f"{where}.target"
            )
        self._write(node, "heading", amendment)
        for language in self.tree.languages:
            heading = amendment.texts.get(language)
            if heading is None:
                node.words.pop(language, None)
                continue
            old = node.words.get(language, Words())
            node.words[language] = replace(old, heading=heading, heading_written=True)


def _holds(node: Node) -> bool:
    """Sections and chapters hold provisions that amendments word one by one."""
    return node.kind in ("section", "chapter")


def _a(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def apply_all(
    tree: Tree, amendments: Sequence[tuple[int, Amendment]], numbering: Numbering
) -> Engine:
    """Apply ``amendments`` (each with its index in the full list) in order."""
    engine = Engine(tree, numbering)
    for index, amendment in amendments:
        engine.apply(amendment, f"amendments[{index}]")
    return engine

"""Amendments that turn one version into another: ``derive(base, target)``.

The articles of the two versions are aligned by ``atazan_compare`` in one
language (English by default); the target's own uids are ignored. From the
alignment each target provision either continues a base provision or is
new, and the amendments follow, one per article where possible:

* a modified article is reworded (``replace``), a moved one moved (with its
  new words, if any), a split or merged one split or merged, a new one
  inserted, a vanished one deleted; a new section is added, a section with a
  new title renamed, an emptied one deleted;
* numbers are left to the numbering policy when the target is numbered
  consecutively (``articles``), otherwise ``renumber`` amendments set them;
* cross-references need no amendment when renumbering explains them.

Derivation runs in two passes: the structural amendments are applied first,
and every continued provision whose words still differ from the target in
any language gets its rewording. The set is then consolidated and compared
with the target in every language; ``DeriveError`` says where they differ.
The result is deterministic: the same texts give the same file.

The command line (``python -m atazan_amend derive``) is in ``atazan_amend.cli``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from atazan_amend.consolidate import consolidate, run_amendments
from atazan_amend.errors import AmendmentError, DeriveError
from atazan_amend.model import (
    AddSection,
    Amendment,
    AmendmentSet,
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
from atazan_amend.tree import BODY, Node, Tree, build_tree, language_order
from atazan_compare import compare
from atazan_texts.model import Document, ProvisionKind, roman_to_int

_CONTAINERS = ("section", "chapter")
_PLACED = ("preamble", "section", "chapter", "article")  # what amendments place; the rest is words
_LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}


def derive(
    base_documents: Mapping[str, Document],
    target_documents: Mapping[str, Document],
    *,
    language: str | None = None,
    numbering: Numbering | None = None,
    id_prefix: str = "A",
) -> AmendmentSet:
    """Amendments that reproduce ``target_documents`` from ``base_documents``.

    Languages present in both are used. ``language`` is the one the articles
    are aligned in (default: English when present), and must hold every
    article of both versions. ``numbering`` defaults to ``articles`` when the
    target numbers its sections, chapters and articles consecutively, else
    ``keep``. Raises ``DeriveError`` if the result would not equal the target.
    """
    languages = language_order([lang for lang in base_documents if lang in target_documents])
    if not languages:
        raise DeriveError("the base and the target have no language in common", field="languages")
    reference = language or ("en" if "en" in languages else languages[0])
    if reference not in languages:
        raise DeriveError(f"language {reference!r} is not in both versions", field="language")
    base_docs = {lang: base_documents[lang] for lang in languages}
    target_docs = {lang: _relabel(target_documents[lang]) for lang in languages}
    chosen = numbering or _detect_numbering(target_docs[reference])
    plan = _Planner(base_docs, target_docs, reference, chosen, id_prefix)
    plan.structure()
    first_pass = plan.materialise()
    tree = run_amendments(base_docs, first_pass)
    plan.rewordings(tree)
    result = plan.materialise()
    _verify(base_docs, target_docs, result, languages)
    return result


# ---------------------------------------------------------------------------- preparing


def _relabel(document: Document) -> Document:
    """A copy whose uids are its position ids: the target's own uids are irrelevant.

    Expressions of one version have the same structure, so position ids
    match provisions across its languages.
    """
    clone = copy.deepcopy(document)
    for loc in clone.located():
        loc.provision.uid = f"target:{loc.eid}"
    return clone


def _without_uids(document: Document) -> Document:
    clone = copy.deepcopy(document)
    for provision in clone.walk():
        provision.uid = ""
    return clone


def _is_sequence(nums: list[str], roman: bool) -> bool:
    values = [roman_to_int(n) if roman else (int(n) if n.isdigit() else None) for n in nums]
    return values == list(range(1, len(nums) + 1))


def _detect_numbering(document: Document) -> Numbering:
    """``articles`` if sections, chapters and articles run 1..n through the text."""
    for kind in ("section", "chapter", "article"):
        nums = [p.num for p in document.walk() if p.kind == kind]
        if nums and not (
            _is_sequence(nums, False) or (kind != "article" and _is_sequence(nums, True))
        ):
            return "keep"
    return "articles"


# ---------------------------------------------------------------------------- planning


@dataclass
class _Step:
    """One amendment to be, before its id (and so its new uids) is known."""

    order: tuple[float, ...]
    kind: str
    node: Node | None = None  # the target node it is about
    base: Node | None = None  # the base node it edits
    bases: list[Node] = field(default_factory=list)  # merge: the base parts
    parts: list[Node] = field(default_factory=list)  # split: the target parts
    wording: dict[str, Rewording | None] = field(default_factory=dict)
    id: str = ""


class _Planner:
    def __init__(
        self,
        base_docs: Mapping[str, Document],
        target_docs: Mapping[str, Document],
        reference: str,
        numbering: Numbering,
        id_prefix: str,
    ) -> None:
        self.base_docs = base_docs
        self.target_docs = target_docs
        self.reference = reference
        self.numbering = numbering
        self.id_prefix = id_prefix
        self.languages = language_order(list(base_docs))
        self.base = build_tree(base_docs)
        self.target = build_tree(target_docs)
        self.continues: dict[str, Node] = {}  # target uid -> base node it continues
        self.continued: set[str] = set()  # base uids continued or merged away
        self.continued_by: dict[str, str] = {}  # base uid -> target uid
        self.split_of: dict[str, tuple[Node, int]] = {}  # target part uid -> (base whole, index)
        self.merge_of: dict[str, list[Node]] = {}  # target uid -> base parts
        self.steps: list[_Step] = []
        self.position = {n.uid: i for i, n in enumerate(self.target.nodes())}
        self.created_by: dict[str, tuple[_Step, tuple[int, ...]]] = {}
        self._align()

    # -- identities ---------------------------------------------------------------
    def _align(self) -> None:
        ref = self.reference
        base_doc, target_doc = self.base_docs[ref], self.target_docs[ref]
        base_by_eid = {loc.eid: self.base.index[loc.provision.uid] for loc in base_doc.located()}
        target_by_eid = {
            loc.eid: self.target.index[loc.provision.uid] for loc in target_doc.located()
        }
        for tree, doc, name in ((self.base, base_doc, "base"), (self.target, target_doc, "target")):
            in_reference = {p.uid for p in doc.walk()}
            missing = [n for n in tree.nodes() if n.kind == "article" and n.uid not in in_reference]
            if missing:
                raise DeriveError(
                    f"the {name}'s {ref!r} text lacks {missing[0].label()}; align in a language "
                    "that has every article",
                    field="language",
                )
        comparison = compare(_without_uids(base_doc), _without_uids(target_doc))
        for pair in comparison.pairs:
            olds = [base_by_eid[ref_.eid] for ref_ in pair.old]
            news = [target_by_eid[ref_.eid] for ref_ in pair.new]
            if pair.relation in ("added", "deleted"):
                continue
            if pair.relation == "split":
                ordered = sorted(news, key=lambda n: self.position[n.uid])
                self._continue(ordered[0], olds[0])
                # A split makes consecutive provisions; parts that end up apart are
                # the first part reworded and the others inserted where they stand.
                if _side_by_side(ordered):
                    for index, part in enumerate(ordered):
                        self.split_of[part.uid] = (olds[0], index)
            elif pair.relation == "merged":
                ordered_old = sorted(olds, key=lambda n: self._base_position(n))
                self._continue(news[0], ordered_old[0])
                self.merge_of[news[0].uid] = ordered_old
                self.continued.update(n.uid for n in ordered_old)
            else:
                self._continue(news[0], olds[0])
        base_preamble = self._first(self.base, "preamble")
        target_preamble = self._first(self.target, "preamble")
        if base_preamble is not None and target_preamble is not None:
            self._continue(target_preamble, base_preamble)
        self._match_containers()

    def _base_position(self, node: Node) -> int:
        return next(i for i, n in enumerate(self.base.nodes()) if n is node)

    @staticmethod
    def _first(tree: Tree, kind: str) -> Node | None:
        return next((n for n in tree.root.children if n.kind == kind), None)

    def _continue(self, target: Node, base: Node) -> None:
        self.continues[target.uid] = base
        self.continued.add(base.uid)
        self.continued_by[base.uid] = target.uid

    def _match_containers(self) -> None:
        """A target section continues the base section most of its articles come from."""
        base_order = {n.uid: i for i, n in enumerate(self.base.nodes())}
        for kind in _CONTAINERS:
            votes: dict[tuple[str, str], int] = {}
            targets = [n for n in self.target.nodes() if n.kind == kind]
            for container in targets:
                for inner in container.walk():
                    base = self.continues.get(inner.uid)
                    if inner.kind != "article" or base is None:
                        continue
                    holder = next((a for a in base.ancestors() if a.kind == kind), None)
                    if holder is not None:
                        key = (container.uid, holder.uid)
                        votes[key] = votes.get(key, 0) + 1
            taken: set[str] = set()
            ranked = sorted(
                votes.items(),
                key=lambda item: (-item[1], self.position[item[0][0]], base_order[item[0][1]]),
            )
            for (target_uid, base_uid), _ in ranked:
                if target_uid in self.continues or base_uid in taken:
                    continue
                self._continue(self.target.index[target_uid], self.base.index[base_uid])
                taken.add(base_uid)
            ref = self.reference
            for container in targets:
                if container.uid in self.continues:
                    continue
                heading = container.words.get(ref)
                match = next(
                    (
                        b
                        for b in self.base.nodes()
                        if b.kind == kind
                        and b.uid not in taken
                        and heading is not None
                        and ref in b.words
                        and b.words[ref].heading == heading.heading
                    ),
                    None,
                )
                if match is not None:
                    self._continue(container, match)
                    taken.add(match.uid)

    # -- structural steps -------------------------------------------------------------
    def structure(self) -> None:
        """Steps for placing every provision; words come later (``rewordings``)."""
        for parent in [self.target.root, *self.target.nodes()]:
            if parent.kind != BODY and parent.kind not in _CONTAINERS:
                continue
            self._place_children(parent)
        self._deletions()
        self.steps.sort(key=lambda s: s.order)

    def _place_children(self, parent: Node) -> None:
        base_parent = self.continues.get(parent.uid) if parent.kind != BODY else self.base.root
        stable = self._stable(parent, base_parent)
        for child in parent.children:
            if child.kind not in _PLACED:
                continue
            order = float(self.position[child.uid])
            base = self.continues.get(child.uid)
            split = self.split_of.get(child.uid)
            if base is not None:
                # Moved first, then split or merged where it now stands.
                if child.uid not in stable:
                    self.steps.append(_Step((order, 0), "move", child, base))
                self._renumber(child, base, order)
            if child.uid in self.merge_of:
                self.steps.append(_Step((order, 1), "merge", child, base, self.merge_of[child.uid]))
            if split is not None and split[1] == 0:
                parts = sorted(
                    (uid for uid, (whole, _) in self.split_of.items() if whole is split[0]),
                    key=lambda uid: self.split_of[uid][1],
                )
                self.steps.append(
                    _Step((order, 1), "split", child, split[0],
                          parts=[self.target.index[uid] for uid in parts])
                )  # fmt: skip
            if base is not None or split is not None:
                continue  # the later parts of a split are made by the split, in place
            if child.kind == "section" and parent.kind == BODY:
                self.steps.append(_Step((order, 1), "add_section", child))
            else:
                self.steps.append(_Step((order, 1), "insert", child))

    def _stable(self, parent: Node, base_parent: Node | None) -> set[str]:
        """Continued children already in ``parent``, in an order that can stay: no move needed."""
        if base_parent is None:
            return set()
        where = {n.uid: i for i, n in enumerate(base_parent.children)}
        candidates = [
            (child.uid, where[base.uid])
            for child in parent.children
            if (base := self.continues.get(child.uid)) is not None and base.uid in where
        ]
        return set(_longest_increasing(candidates))

    def _renumber(self, child: Node, base: Node, order: float) -> None:
        if self.numbering != "keep" or child.num == base.num:
            return
        self.steps.append(_Step((order, 3), "renumber", child, base))

    def _deletions(self) -> None:
        """Base provisions no target provision continues; containers last, once emptied."""
        last_position = -1.0
        containers: list[Node] = []
        for node in self.base.nodes():
            target = self.continued_by.get(node.uid)
            if target is not None:
                last_position = float(self.position[target])
                continue
            if node.kind not in _PLACED or node.uid in self.continued:
                continue
            if any(a.uid not in self.continued and a.kind in _PLACED for a in node.ancestors()):
                if node.kind == "article":
                    self.steps.append(_Step((last_position, 5), "delete", base=node))
                continue
            if node.kind in _CONTAINERS:
                containers.append(node)
            else:
                self.steps.append(_Step((last_position, 5), "delete", base=node))
        for offset, node in enumerate(reversed(containers)):
            self.steps.append(_Step((float("inf"), offset), "delete", base=node))

    # -- words ---------------------------------------------------------------------------
    def rewordings(self, tree: Tree) -> None:
        """After the structural pass: a rewording wherever a continued provision's words differ."""
        moves = {s.node.uid: s for s in self.steps if s.kind == "move" and s.node is not None}
        for target in self.target.nodes():
            base = self.continues.get(target.uid)
            if base is None or target.kind not in _PLACED:
                continue
            if target.uid in self.merge_of or self.split_of.get(target.uid, (None, 1))[1] == 0:
                continue
            now = tree.index.get(base.uid)
            if now is None:
                raise DeriveError(f"{base.label()} vanished in the first pass", field="amendments")
            wording = self._wording(target, now)
            if wording is None:
                continue
            order = float(self.position[target.uid])
            step = moves.get(target.uid)
            if step is not None:
                step.wording = wording
            elif target.kind in _CONTAINERS and all(
                w is None or (w.text is None and w.children is None) for w in wording.values()
            ):
                self.steps.append(_Step((order, 2), "rename", target, base, wording=wording))
            else:
                self.steps.append(_Step((order, 2), "replace", target, base, wording=wording))
        self.steps.sort(key=lambda s: s.order)

    def _wording(self, target: Node, now: Node) -> dict[str, Rewording | None] | None:
        whole_article = target.kind in ("article", "preamble")
        compared = [
            lang
            for lang in self.languages
            if target.parent is None or target.parent.kind == BODY or lang in target.parent.words
        ]
        differs = {"heading": False, "text": False, "children": False}
        untranslated = False
        for lang in compared:
            want, have = target.words.get(lang), now.words.get(lang)
            if want is None and have is None:
                continue
            if want is None:
                differs["heading"] = True
                continue
            if have is None:
                untranslated = True
                continue
            differs["heading"] |= want.heading != have.heading
            differs["text"] |= want.text != have.text
            if whole_article:
                differs["children"] |= _subtree(target, lang, False) != _subtree(now, lang, False)
        if not untranslated and not any(differs.values()):
            return None
        if untranslated:
            differs = dict.fromkeys(differs, True)
        if not whole_article:
            differs["children"] = False
        hints = _match_children(target.children, now.children, now.children, self.reference)
        out: dict[str, Rewording | None] = {}
        for lang in self.languages:
            words = target.words.get(lang)
            if words is None:
                out[lang] = None
                continue
            children = None
            if differs["children"]:
                written = [_text(c, lang, hints) for c in target.children]
                children = tuple(t for t in written if t is not None)
            out[lang] = Rewording(
                heading=words.heading if differs["heading"] else None,
                text=words.text if differs["text"] else None,
                children=children,
            )
        if all(w is not None and w.is_empty() for w in out.values()):
            return None
        return out

    # -- amendments --------------------------------------------------------------------------
    def materialise(self) -> AmendmentSet:
        """Ids in order, then every step as an amendment naming real uids."""
        self.created_by = {}
        for number, step in enumerate(self.steps, start=1):
            step.id = f"{self.id_prefix}{number:03d}"
            if step.kind in ("insert", "add_section") and step.node is not None:
                self._note_created(step, step.node, (0,))
            elif step.kind == "split":
                for index, part in enumerate(step.parts):
                    if index:
                        self.created_by[part.uid] = (step, (index,))
        amendments = [self._amendment(step) for step in self.steps]
        ref_meta = {
            lang: {
                key: getattr(self.target_docs[lang], key)
                for key in ("title", "version", "date", "status", "note", "work")
                if getattr(self.target_docs[lang], key)
            }
            for lang in self.languages
        }
        base = self.base_docs[self.reference]
        return AmendmentSet(
            amendments=tuple(amendments),
            languages=tuple(self.languages),
            base_work=base.work,
            base_version=base.version,
            numbering=self.numbering,
            result=ref_meta,
        )

    def _note_created(self, step: _Step, node: Node, path: tuple[int, ...]) -> None:
        self.created_by[node.uid] = (step, path)
        if step.kind == "add_section" or node.kind in _CONTAINERS:
            return
        for index, child in enumerate(node.children):
            self._note_created(step, child, (*path, index))

    def _uid(self, target: Node | None) -> str | None:
        """The uid a target provision has in the consolidated text."""
        if target is None or target.kind == BODY:
            return None
        base = self.continues.get(target.uid)
        if base is not None:
            return base.uid
        made = self.created_by.get(target.uid)
        if made is None:
            raise DeriveError(f"no amendment creates {target.label()}", field="amendments")
        step, path = made
        return fresh_uid(step.id, path)

    def _previous(self, target: Node) -> str | None:
        assert target.parent is not None
        siblings = [c for c in target.parent.children if c.kind in _PLACED]
        at = siblings.index(target)
        return self._uid(siblings[at - 1]) if at else None

    def _amendment(self, step: _Step) -> Amendment:
        target, base = step.node, step.base
        id_, why = step.id, self._rationale(step)
        if step.kind == "delete":
            assert base is not None
            return Delete(id=id_, rationale=why, target=base.uid)
        assert target is not None
        if step.kind == "move":
            uid = self._uid(target)
            assert uid is not None
            return Move(
                id=id_,
                rationale=why,
                target=uid,
                parent=self._uid(target.parent),
                after=self._previous(target),
                texts=step.wording,
            )
        if step.kind in ("insert", "add_section"):
            shallow = target.kind in _CONTAINERS
            texts = {lang: _text(target, lang, {}, shallow=shallow) for lang in self.languages}
            if step.kind == "add_section":
                return AddSection(id=id_, rationale=why, after=self._previous(target), texts=texts)
            return Insert(
                id=id_,
                rationale=why,
                parent=self._uid(target.parent),
                after=self._previous(target),
                texts=texts,
            )
        if step.kind == "merge":
            pool = [c for b in step.bases for c in b.children]
            hints = _match_children(target.children, pool, step.bases[0].children, self.reference)
            merged = {lang: _text(target, lang, hints) for lang in self.languages}
            targets = tuple(b.uid for b in step.bases)
            return Merge(id=id_, rationale=why, targets=targets, texts=merged)
        assert base is not None
        if step.kind == "renumber":
            return Renumber(id=id_, rationale=why, target=base.uid, num=target.num)
        if step.kind == "replace":
            return Replace(id=id_, rationale=why, target=base.uid, texts=step.wording)
        if step.kind == "rename":
            headings = {
                lang: (w.heading if w is not None else None) for lang, w in step.wording.items()
            }
            return RenameSection(id=id_, rationale=why, target=base.uid, texts=headings)
        assert step.kind == "split"
        pool = list(base.children)
        hints = _match_children(
            [c for part in step.parts for c in part.children], pool, pool, self.reference
        )
        parts: dict[str, tuple[ProvisionText, ...] | None] = {}
        for lang in self.languages:
            written = [_text(part, lang, hints) for part in step.parts]
            complete = [t for t in written if t is not None]
            parts[lang] = tuple(complete) if len(complete) == len(written) else None
        return Split(id=id_, rationale=why, target=base.uid, texts=parts)

    # -- rationales ---------------------------------------------------------------------------
    def _words(self, node: Node) -> str:
        words = node.words.get(self.reference)
        if words is None:
            return ""
        text = " ".join(
            w.text for n in node.walk() if (w := n.words.get(self.reference)) and w.text
        )
        return _excerpt(words.heading or text)

    def _rationale(self, step: _Step) -> str:
        target, base = step.node, step.base
        if step.kind == "delete":
            assert base is not None
            if base.kind in _CONTAINERS:
                return f"Deletes {_name(base)} {_quote(self._heading(base))}, left empty.".replace(
                    "  ", " "
                )
            return f"Deletes {_name(base)} ({self._words(base)})."
        assert target is not None
        if step.kind == "insert" or step.kind == "add_section":
            if target.kind in _CONTAINERS:
                return f"Adds {_name(target)} {_quote(self._heading(target))}."
            return f"Adds {_name(target)}: {self._words(target)}."
        if step.kind == "split":
            assert base is not None
            return f"Splits {_name(base)} into {_names(step.parts)}."
        if step.kind == "merge":
            return f"Merges {_names(step.bases)} into {_name(target)}."
        assert base is not None
        now = f" ({_name(target)} of the new text)" if target.num != base.num else ""
        if step.kind == "renumber":
            return f"Renumbers {_name(base)} as {target.num}."
        if step.kind == "move":
            origin = _holder(base)
            destination = _holder(target)
            where = f" from {origin} to {destination}" if origin != destination else ""
            reworded = f", with new wording{self._languages_note(step)}" if step.wording else ""
            return f"Moves {_name(base)}{where}{now}{reworded}."
        supplied = self._only_supplied(step)
        if supplied:
            return f"Adds the {_language_list(supplied)} text of {_name(base)}."
        if self._only_untranslated(step):
            language = _language_list([lang for lang, w in step.wording.items() if w is None])
            return f"The {language} text of {_name(base)} is not available yet; it is left out."
        if step.kind == "rename":
            return (
                f"Renames {_name(base)} {_quote(self._heading(base))} as "
                f"{_quote(self._heading(target))}{self._languages_note(step)}."
            )
        return f"Rewords {_name(base)}{now}{self._languages_note(step)}."

    def _only_supplied(self, step: _Step) -> list[str]:
        """Languages whose text a rewording only adds (a translation the base lacked)."""
        target, base = step.node, step.base
        if target is None or base is None or not step.wording or step.kind == "move":
            return []
        supplied = [
            lang for lang in self.languages if lang not in base.words and lang in target.words
        ]
        unchanged = all(
            _subtree(target, lang, False) == _subtree(base, lang, False)
            for lang in self.languages
            if lang in base.words
        )
        return supplied if unchanged else []

    def _only_untranslated(self, step: _Step) -> bool:
        """A rewording whose only change is that some language has no words yet."""
        target, base = step.node, step.base
        if target is None or base is None or not step.wording:
            return False
        if all(w is not None for w in step.wording.values()):
            return False
        return all(
            _subtree(target, lang, False) == _subtree(base, lang, False)
            for lang, w in step.wording.items()
            if w is not None
        )

    def _heading(self, node: Node) -> str:
        words = node.words.get(self.reference)
        return words.heading if words is not None else ""

    def _languages_note(self, step: _Step) -> str:
        """Which languages change, when not all of them do (a corrected translation)."""
        target, base = step.node, step.base
        if target is None or base is None:
            return ""
        changed, missing = [], []
        for lang in self.languages:
            want, had = target.words.get(lang), base.words.get(lang)
            if want is None:
                missing.append(lang)
            elif had is None or _subtree(target, lang, False) != _subtree(base, lang, False):
                changed.append(lang)
        notes = []
        if changed and len(changed) < len(self.languages) - len(missing):
            notes.append(f"in {_language_list(changed)} only")
        if missing:
            notes.append(f"no {_language_list(missing)} text yet")
        return f" ({'; '.join(notes)})" if notes else ""


# ---------------------------------------------------------------------------- helpers


def _side_by_side(parts: Sequence[Node]) -> bool:
    """Whether the parts are consecutive provisions of one parent, in this order."""
    parent = parts[0].parent
    if parent is None or any(p.parent is not parent for p in parts):
        return False
    placed = [c for c in parent.children if c.kind in _PLACED]
    start = placed.index(parts[0])
    return placed[start : start + len(parts)] == list(parts)


def _longest_increasing(items: Sequence[tuple[str, int]]) -> list[str]:
    """Keys of the longest run of items whose values increase (ties: the earliest such run)."""
    if not items:
        return []
    tails: list[int] = []  # index into items of the smallest tail of each length
    before: list[int] = [-1] * len(items)
    for index, (_, value) in enumerate(items):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if items[tails[middle]][1] < value:
                low = middle + 1
            else:
                high = middle
        before[index] = tails[low - 1] if low else -1
        if low == len(tails):
            tails.append(index)
        else:
            tails[low] = index
    out: list[str] = []
    index = tails[-1]
    while index >= 0:
        out.append(items[index][0])
        index = before[index]
    return out[::-1]


def _subtree(node: Node, language: str, with_uids: bool) -> object:
    words = node.words.get(language)
    if words is None:
        return None
    return (
        node.kind,
        node.num,
        words.heading,
        words.text,
        node.uid if with_uids else "",
        tuple(_subtree(c, language, with_uids) for c in node.children),
    )


def _text(
    node: Node, language: str, hints: Mapping[str, str], *, shallow: bool = False
) -> ProvisionText | None:
    """A target provision written out in one language (None if it has no words there)."""
    words = node.words.get(language)
    if words is None:
        return None
    children: list[ProvisionText] = []
    if not shallow:
        for child in node.children:
            text = _text(child, language, hints)
            if text is None:
                raise DeriveError(
                    f"{child.label()} in {node.label()} has no {language!r} text while the "
                    "provision around it has: partial translations must stop at whole articles",
                    field=f"target[{language}]",
                )
            children.append(text)
    return ProvisionText(
        kind=cast(ProvisionKind, node.kind),
        num=node.num,
        heading=words.heading,
        text=words.text,
        children=tuple(children),
        uid=hints.get(node.uid, ""),
    )


def _match_children(
    targets: Sequence[Node], pool: Sequence[Node], numbered: Sequence[Node], reference: str
) -> dict[str, str]:
    """Which base paragraphs and points the target's continue: same words, else same number."""
    hints: dict[str, str] = {}
    used: set[str] = set()

    def words(node: Node) -> tuple[str, str] | None:
        w = node.words.get(reference)
        return None if w is None else (w.heading, w.text)

    def walk(targets: Sequence[Node], pool: Sequence[Node], numbered: Sequence[Node]) -> None:
        pairs: list[tuple[Node, Node]] = []
        for target in targets:
            found = next(
                (b for b in pool if b.uid not in used and b.kind == target.kind
                 and words(b) == words(target)),
                None,
            )  # fmt: skip
            if found is None:
                found = next(
                    (b for b in numbered if b.uid not in used and b.kind == target.kind
                     and b.num == target.num),
                    None,
                )  # fmt: skip
            if found is not None:
                used.add(found.uid)
                hints[target.uid] = found.uid
                pairs.append((target, found))
        for target, found in pairs:
            walk(target.children, found.children, found.children)

    walk(targets, pool, numbered)
    return hints


def _excerpt(text: str, words: int = 8) -> str:
    parts = text.split()
    cut = " ".join(parts[:words])
    return f"“{cut}…”" if len(parts) > words else f"“{cut}”"


def _quote(text: str) -> str:
    return f"“{text}”" if text else ""


def _name(node: Node) -> str:
    return f"{node.kind.capitalize()} {node.num}".strip()


def _names(nodes: Sequence[Node]) -> str:
    kind = nodes[0].kind.capitalize() + "s"
    nums = [n.num for n in nodes]
    listed = ", ".join(nums[:-1]) + f" and {nums[-1]}" if len(nums) > 1 else nums[0]
    return f"{kind} {listed}"


def _holder(node: Node) -> str:
    holder = next((a for a in node.ancestors() if a.kind in _CONTAINERS), None)
    return _name(holder) if holder is not None else "the top level"


def _language_list(codes: Sequence[str]) -> str:
    names = [_LANGUAGE_NAMES.get(code, code) for code in codes]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _verify(
    base_docs: Mapping[str, Document],
    target_docs: Mapping[str, Document],
    result: AmendmentSet,
    languages: Sequence[str],
) -> None:
    try:
        consolidated = consolidate(base_docs, result)
    except AmendmentError as error:
        raise DeriveError(
            f"the derived amendments do not apply: {error}", field="amendments"
        ) from error
    for lang in languages:
        difference = first_difference(consolidated[lang], target_docs[lang])
        if difference:
            raise DeriveError(
                f"the derived amendments do not reproduce the target: {difference}",
                field=f"target[{lang}]",
            )


def first_difference(produced: Document, expected: Document) -> str:
    """Where two documents differ, ignoring uids ("" when they are the same)."""
    for key in ("title", "language", "work", "version", "date", "status", "note"):
        if getattr(produced, key) != getattr(expected, key):
            return f"{key}: {getattr(produced, key)!r} instead of {getattr(expected, key)!r}"
    got = [(loc.eid, loc.provision) for loc in produced.located()]
    want = [(loc.eid, loc.provision) for loc in expected.located()]
    for (got_eid, got_p), (want_eid, want_p) in zip(got, want, strict=False):
        if got_eid != want_eid:
            return f"{got_eid} where {want_eid} was expected"
        for key in ("kind", "num", "heading", "text"):
            if getattr(got_p, key) != getattr(want_p, key):
                return (
                    f"{want_eid}: {key} {getattr(got_p, key)!r} instead of {getattr(want_p, key)!r}"
                )
    if len(got) != len(want):
        extra = got[len(want)][0] if len(got) > len(want) else want[len(got)][0]
        return f"{len(got)} provisions instead of {len(want)} (first unmatched: {extra})"
    return ""

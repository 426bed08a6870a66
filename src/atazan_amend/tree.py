"""One tree for all languages: structure once, words per language.

The kk, ru and en expressions of a version share their structure and their
uids. Consolidating each language separately could let them drift apart;
editing a single tree whose nodes hold the words of every language keeps
them consistent by construction. A language whose expression is incomplete
(a translation in progress) simply has no words on some nodes, and its
document leaves those nodes out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import cast

from atazan_amend.errors import BaseMismatch
from atazan_texts.model import LANGUAGES, Document, Provision, ProvisionKind, describe

BODY = "body"


@dataclass(frozen=True)
class Words:
    """A node's heading and text in one language, and whether an amendment wrote them.

    Words that come from the base are in the base's numbering, so their
    cross-references are rewritten; words an amendment wrote are taken as
    written in the new numbering.
    """

    heading: str = ""
    text: str = ""
    heading_written: bool = False
    text_written: bool = False


@dataclass(eq=False)
class Node:
    uid: str
    kind: str  # a ProvisionKind, or "body" for the root
    num: str = ""
    words: dict[str, Words] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def label(self) -> str:
        if self.kind == BODY:
            return "the top level"
        return f"{self.kind} {self.num}" if self.num else self.kind


def language_order(languages: Mapping[str, object] | list[str]) -> list[str]:
    """kk, ru, en first (the project's order), then any others alphabetically."""
    known = [code for code in LANGUAGES if code in languages]
    return known + sorted(code for code in languages if code not in LANGUAGES)


@dataclass(eq=False)
class Tree:
    """The base (and, as amendments apply, the new text) for all languages."""

    root: Node
    languages: list[str]
    index: dict[str, Node]
    metadata: dict[str, Document]  # per language: the base document, for its metadata

    def get(self, uid: str) -> Node | None:
        return self.index.get(uid)

    def nodes(self) -> Iterator[Node]:
        for child in self.root.children:
            yield from child.walk()


def build_tree(documents: Mapping[str, Document]) -> Tree:
    """Merge the language expressions of one version by uid.

    The fullest expression gives the structure; the others must agree with it
    wherever they overlap (same kind, number, parent and order) and may hold
    fewer provisions. Disagreement raises ``BaseMismatch`` naming the language
    and the provision.
    """
    languages = language_order(dict(documents))
    for language in languages:
        declared = documents[language].language
        if declared and declared != language:
            raise BaseMismatch(
                f"the document given for {language!r} is in {declared!r}",
                field=f"base[{language}]",
            )
    by_size = sorted(languages, key=lambda lang: -sum(1 for _ in documents[lang].walk()))
    root = Node(uid="", kind=BODY)
    index: dict[str, Node] = {}
    for language in by_size:
        _merge(root, documents[language].children, language, index)
    return Tree(
        root=root,
        languages=languages,
        index=index,
        metadata={lang: documents[lang] for lang in languages},
    )


def _merge(
    parent: Node, provisions: list[Provision], language: str, index: dict[str, Node]
) -> None:
    previous: Node | None = None
    for provision in provisions:
        where = f"base[{language}]"
        if not provision.uid:
            raise BaseMismatch(f"{describe(provision)} has no permanent id", field=where)
        node = index.get(provision.uid)
        if node is None:
            node = Node(uid=provision.uid, kind=provision.kind, num=provision.num, parent=parent)
            at = 0 if previous is None else parent.children.index(previous) + 1
            parent.children.insert(at, node)
            index[provision.uid] = node
        else:
            if (node.kind, node.num) != (provision.kind, provision.num):
                raise BaseMismatch(
                    f"uid {provision.uid!r} is {describe(provision)} here but "
                    f"{node.label()} in another language",
                    field=where,
                )
            if node.parent is not parent:
                raise BaseMismatch(
                    f"{describe(provision)} (uid {provision.uid!r}) sits in "
                    f"{parent.label()} here but in {_parent_label(node)} in another language",
                    field=where,
                )
            if previous is not None and parent.children.index(node) < parent.children.index(
                previous
            ):
                raise BaseMismatch(
                    f"{describe(provision)} (uid {provision.uid!r}) comes in another order "
                    "than in another language",
                    field=where,
                )
        if language in node.words:
            raise BaseMismatch(f"uid {provision.uid!r} is used twice", field=where)
        node.words[language] = Words(heading=provision.heading, text=provision.text)
        _merge(node, provision.children, language, index)
        previous = node


def _parent_label(node: Node) -> str:
    return node.parent.label() if node.parent is not None else "nothing"


def project(tree: Tree, language: str, metadata: Mapping[str, str] | None = None) -> Document:
    """The document of one language: every node with words in it, in order."""

    def convert(node: Node) -> Provision | None:
        words = node.words.get(language)
        if words is None:
            return None
        children = [p for p in (convert(c) for c in node.children) if p is not None]
        return Provision(
            kind=cast(ProvisionKind, node.kind),  # never "body" below the root
            num=node.num,
            heading=words.heading,
            text=words.text,
            uid=node.uid,
            children=children,
        )

    base = tree.metadata[language]
    document = Document(
        title=base.title,
        language=language,
        work=base.work,
        version=base.version,
        date=base.date,
        status=base.status,
        note=base.note,
        children=[p for p in (convert(c) for c in tree.root.children) if p is not None],
    )
    for key, value in (metadata or {}).items():
        if key in _METADATA:
            setattr(document, key, value)
    return document


_METADATA = ("title", "work", "version", "date", "status", "note")


def missing_words(tree: Tree, language: str) -> list[str]:
    """Uids of nodes that the language's document leaves out for want of words."""
    out: list[str] = []

    def visit(node: Node) -> None:
        if language not in node.words:
            out.append(node.uid)
            return
        for child in node.children:
            visit(child)

    for child in tree.root.children:
        visit(child)
    return out

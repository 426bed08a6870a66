"""Consolidation: the base text with the adopted amendments applied, in every language.

The order of work is fixed, and documented in docs/amendments.md:

1. the language expressions of the base are merged into one tree (uids);
2. the amendments are checked (ids, languages, uids) and applied in order,
   every conflict between them collected; any conflict stops here;
3. the numbering policy numbers the result;
4. cross-references in words carried over from the base are rewritten from
   the base's numbering to the new one; words written by an amendment are
   taken as already in the new numbering, and only checked;
5. each language's document is written out and validated.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from atazan_amend.apply import History, apply_all
from atazan_amend.errors import (
    BaseMismatch,
    Conflict,
    ConflictError,
    MalformedAmendments,
    Problem,
    raise_problems,
)
from atazan_amend.model import NUMBERINGS, Amendment, AmendmentSet, Numbering
from atazan_amend.numbering import renumber
from atazan_amend.references import ArticleCitation, find_article_citations, normalise_num
from atazan_amend.tree import Node, Tree, Words, build_tree, missing_words, project
from atazan_amend.validate import check_amendments, check_references
from atazan_texts.model import Document, find_flaws


@dataclass(frozen=True)
class ReferenceWarning:
    """A cross-reference that could not simply follow the renumbering.

    ``code`` is one of ``deleted`` (the cited article is gone), ``merged``
    (it now forms part of another article; the reference was pointed there),
    ``split`` (it was split; the reference now names the first part),
    ``range`` (a range whose articles are no longer the same run),
    ``paragraph`` (the cited paragraph is gone or moved), ``unknown`` (the
    base has no such article), ``ambiguous`` (the base has several), and
    ``not_in_result`` (words written by an amendment cite an article or
    paragraph the consolidated text does not have). ``eid`` is where the
    reference stands in the consolidated text of ``language``.
    """

    code: str
    language: str
    uid: str
    eid: str
    cited: str
    message: str

    def __str__(self) -> str:
        return f"[{self.language}] {self.eid}: {self.message}"


@dataclass(frozen=True, eq=False)
class Consolidation(Mapping[str, Document]):
    """The consolidated documents (a mapping language -> Document) and what to review.

    ``renumbered`` maps the uid of every article whose number changed to its
    (base number, new number). ``untranslated`` lists, per language, the
    top-most provisions left out of that language's document because some
    amendment (or the base) has no words for them in it.
    """

    documents: Mapping[str, Document]
    warnings: tuple[ReferenceWarning, ...] = ()
    applied: tuple[str, ...] = ()
    renumbered: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    untranslated: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __getitem__(self, language: str) -> Document:
        return self.documents[language]

    def __iter__(self) -> Iterator[str]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)


@dataclass
class _Prepared:
    tree: Tree
    to_apply: list[tuple[int, Amendment]]
    numbering: Numbering
    metadata: Mapping[str, Mapping[str, str]]


def _prepare(
    base_documents: Mapping[str, Document],
    amendments: AmendmentSet | Sequence[Amendment],
    numbering: Numbering | None,
) -> _Prepared:
    if not base_documents:
        raise BaseMismatch("no base documents given", field="base")
    tree = build_tree(base_documents)
    if isinstance(amendments, AmendmentSet):
        _check_base(amendments, base_documents)
        listed: Sequence[Amendment] = amendments.amendments
        chosen: Numbering = numbering or amendments.numbering
        metadata = amendments.result
    else:
        listed = amendments
        chosen = numbering or "keep"
        metadata = {}
    if chosen not in NUMBERINGS:
        raise MalformedAmendments(
            f"numbering {chosen!r} is not one of {', '.join(NUMBERINGS)}", field="numbering"
        )
    to_apply = [(i, a) for i, a in enumerate(listed) if a.adopted]
    problems = check_amendments(listed, tree.languages)
    problems += check_references(to_apply, tree.index.keys())
    raise_problems(problems)
    return _Prepared(tree, to_apply, chosen, metadata)


def _check_base(amendments: AmendmentSet, base_documents: Mapping[str, Document]) -> None:
    for language, document in base_documents.items():
        for name, expected in (
            ("work", amendments.base_work),
            ("version", amendments.base_version),
        ):
            actual = getattr(document, name)
            if expected and actual and expected != actual:
                raise BaseMismatch(
                    f"the amendments are to {name} {expected!r}, the {language!r} base is {actual!r}",
                    field=f"base.{name}",
                )


def find_conflicts(
    base_documents: Mapping[str, Document],
    amendments: AmendmentSet | Sequence[Amendment],
    *,
    numbering: Numbering | None = None,
) -> list[Conflict]:
    """Every conflict between the adopted amendments, each naming both and the provision.

    Raises the package's errors for amendments that are invalid on their own
    (a missing language, an unknown uid, an impossible edit).
    """
    prepared = _prepare(base_documents, amendments, numbering)
    return apply_all(prepared.tree, prepared.to_apply, prepared.numbering).conflicts


def consolidate(
    base_documents: Mapping[str, Document],
    amendments: AmendmentSet | Sequence[Amendment],
    *,
    numbering: Numbering | None = None,
) -> Consolidation:
    """Apply the adopted amendments, in order, to every language of the base.

    ``numbering`` defaults to the set's policy, or ``keep`` for a plain list.
    The base documents are not modified. Raises ``ConflictError`` listing
    every conflict, and the other errors of ``atazan_amend.errors`` for
    invalid amendments or an invalid result.
    """
    prepared = _prepare(base_documents, amendments, numbering)
    tree = prepared.tree
    before, pending = _run(prepared)
    documents = {
        language: project(tree, language, prepared.metadata.get(language))
        for language in tree.languages
    }
    problems = []
    for language, document in documents.items():
        for flaw in find_flaws(document):
            where = f"result[{language}]"
            problems.append(Problem("invalid_result", where, flaw.message))
    raise_problems(problems)
    eids = {
        language: {loc.provision.uid: loc.eid for loc in document.located()}
        for language, document in documents.items()
    }
    warnings = tuple(
        ReferenceWarning(code, language, uid, eids[language].get(uid, ""), cited, message)
        for code, language, uid, cited, message in pending
    )
    after = {node.uid: node.num for node in tree.nodes() if node.kind == "article"}
    renumbered = {
        uid: (old, after[uid])
        for uid, old in before.article_num.items()
        if uid in after and normalise_num(after[uid]) != normalise_num(old)
    }
    return Consolidation(
        documents=documents,
        warnings=warnings,
        applied=tuple(a.id for _, a in prepared.to_apply),
        renumbered=renumbered,
        untranslated={lang: tuple(missing_words(tree, lang)) for lang in tree.languages},
    )


def _run(prepared: _Prepared) -> tuple[_Numbers, list[tuple[str, str, str, str, str]]]:
    """Apply, number and rewrite references on the prepared tree; conflicts stop it."""
    tree = prepared.tree
    before = _Numbers.of(tree)
    engine = apply_all(tree, prepared.to_apply, prepared.numbering)
    if engine.conflicts:
        raise ConflictError(engine.conflicts)
    renumber(tree, prepared.numbering)
    pending = _References(tree, before, engine.history).run()
    return before, pending


def run_amendments(
    base_documents: Mapping[str, Document], amendments: AmendmentSet | Sequence[Amendment]
) -> Tree:
    """The consolidated tree, before it is written out and validated (for ``derive``)."""
    prepared = _prepare(base_documents, amendments, None)
    _run(prepared)
    return prepared.tree


# ---------------------------------------------------------------------------- cross-references


@dataclass
class _Numbers:
    """The base's article and paragraph numbers, taken before any amendment."""

    article_num: dict[str, str]
    articles_by_num: dict[str, list[str]]
    article_order: list[str]
    paragraphs: dict[tuple[str, str], str]

    @classmethod
    def of(cls, tree: Tree) -> _Numbers:
        article_num: dict[str, str] = {}
        by_num: dict[str, list[str]] = {}
        order: list[str] = []
        paragraphs: dict[tuple[str, str], str] = {}
        for node in tree.nodes():
            if node.kind == "article":
                article_num[node.uid] = node.num
                by_num.setdefault(normalise_num(node.num), []).append(node.uid)
                order.append(node.uid)
                for child in node.children:
                    if child.kind == "paragraph":
                        paragraphs[(node.uid, normalise_num(child.num))] = child.uid
        return cls(article_num, by_num, order, paragraphs)


class _References:
    """Rewrites references in base words and checks those in amendment words."""

    def __init__(self, tree: Tree, base: _Numbers, history: History) -> None:
        self.tree = tree
        self.base = base
        self.history = history
        self.now = _Numbers.of(tree)
        self.position = {uid: i for i, uid in enumerate(self.now.article_order)}
        self.warnings: list[tuple[str, str, str, str, str]] = []  # code, lang, uid, cited, message
        self._node: Node = tree.root
        self._language = ""

    def run(self) -> list[tuple[str, str, str, str, str]]:
        for node in self.tree.nodes():
            self._node = node
            for language, words in list(node.words.items()):
                self._language = language
                heading = self._one(words.heading, words.heading_written)
                text = self._one(words.text, words.text_written)
                if (heading, text) != (words.heading, words.text):
                    node.words[language] = Words(
                        heading, text, words.heading_written, words.text_written
                    )
        return self.warnings

    def _warn(self, code: str, cited: str, message: str) -> None:
        self.warnings.append((code, self._language, self._node.uid, cited, message))

    def _one(self, value: str, written: bool) -> str:
        citations = find_article_citations(value, self._language)
        if not citations:
            return value
        if written:
            self._check_new(citations)
            return value
        return self._rewrite(value, citations)

    def _current(self, uid: str) -> Node | None:
        """The node a base article's words now live in (following merges)."""
        seen: set[str] = set()
        while uid not in self.tree.index and uid in self.history.merged_into and uid not in seen:
            seen.add(uid)
            uid = self.history.merged_into[uid]
        return self.tree.index.get(uid)

    def _check_new(self, citations: list[ArticleCitation]) -> None:
        for citation in citations:
            num = citation.article.num
            uids = self.now.articles_by_num.get(normalise_num(num), [])
            if not uids:
                self._warn("not_in_result", num,
                           f"cites Article {num}, which the consolidated text does not have")  # fmt: skip
            elif citation.paragraph is not None and (
                (uids[0], normalise_num(citation.paragraph.num)) not in self.now.paragraphs
            ):
                self._warn("not_in_result", citation.paragraph.num,
                           f"cites paragraph {citation.paragraph.num} of Article {num}, "
                           "which the consolidated text does not have")  # fmt: skip

    def _rewrite(self, value: str, citations: list[ArticleCitation]) -> str:
        replacements: list[tuple[int, int, str]] = []
        resolved: list[Node | None] = []
        for citation in citations:
            node = self._resolve(citation, replacements)
            resolved.append(node)
        for index, citation in enumerate(citations):
            if citation.closes_range and index:
                self._check_range(citations[index - 1], citation, resolved[index - 1],
                                  resolved[index])  # fmt: skip
        for start, end, new in sorted(replacements, reverse=True):
            value = value[:start] + new + value[end:]
        return value

    def _resolve(
        self, citation: ArticleCitation, replacements: list[tuple[int, int, str]]
    ) -> Node | None:
        cited = citation.article.num
        uids = self.base.articles_by_num.get(normalise_num(cited), [])
        if not uids:
            self._warn(
                "unknown", cited, f"cites Article {cited}, which the base text does not have"
            )
            return None
        if len(uids) > 1:
            self._warn("ambiguous", cited,
                       f"cites Article {cited}, of which the base text has several")  # fmt: skip
            return None
        uid = uids[0]
        node = self._current(uid)
        if node is None:
            self._warn("deleted", cited,
                       f"cites Article {cited} of the base text, which was deleted")  # fmt: skip
            return None
        if node.uid != uid:
            self._warn("merged", cited, f"cites Article {cited} of the base text, which was "
                       f"merged into Article {node.num}; the reference now names Article {node.num}")  # fmt: skip
        elif uid in self.history.split:
            self._warn("split", cited, f"cites Article {cited} of the base text, which was split; "
                       f"the reference now names its first part, Article {node.num}")  # fmt: skip
        if normalise_num(node.num) != normalise_num(cited):
            replacements.append((citation.article.start, citation.article.end, node.num))
        if citation.paragraph is not None:
            replacements.extend(self._paragraph(citation, uid, node))
        return node

    def _paragraph(
        self, citation: ArticleCitation, base_uid: str, article: Node
    ) -> list[tuple[int, int, str]]:
        paragraph = citation.paragraph
        assert paragraph is not None
        para_uid = self.base.paragraphs.get((base_uid, normalise_num(paragraph.num)))
        label = f"paragraph {paragraph.num} of Article {citation.article.num}"
        if para_uid is None:
            self._warn(
                "unknown", paragraph.num, f"cites {label}, which the base text does not have"
            )
            return []
        found = next((n for n in article.walk() if n.uid == para_uid), None)
        if found is None:
            self._warn("paragraph", paragraph.num, f"cites {label} of the base text, which was "
                       "deleted or moved to another article")  # fmt: skip
            return []
        if normalise_num(found.num) != normalise_num(paragraph.num):
            return [(paragraph.start, paragraph.end, found.num)]
        return []

    def _check_range(
        self,
        opening: ArticleCitation,
        closing: ArticleCitation,
        first: Node | None,
        last: Node | None,
    ) -> None:
        """A range must still cover the same articles, now consecutive."""
        by_num = self.base.articles_by_num
        order = self.base.article_order
        try:
            start = order.index(by_num[normalise_num(opening.article.num)][0])
            end = order.index(by_num[normalise_num(closing.article.num)][0])
        except (KeyError, ValueError):
            return
        members = order[start : end + 1]
        places = [self.position.get(uid) for uid in members]
        same_run = (
            first is not None
            and last is not None
            and first.uid in self.position
            and places
            == list(range(self.position[first.uid], self.position[first.uid] + len(members)))
        )
        if not same_run:
            self._warn("range", f"{opening.article.num}-{closing.article.num}",
                       f"cites Articles {opening.article.num} to {closing.article.num} of the base "
                       "text, which are no longer one run of the same articles")  # fmt: skip

"""Amendments as data: typed, frozen, and independent of any language.

An amendment is one structured edit to a base version of the constitution.
It names provisions by their permanent ``uid`` (never by number, which an
earlier amendment may change) and carries its words in every language of
the base: ``texts`` maps a language code to the content in that language, or
to ``None`` when that language's text is still to come (the provision is then
left out of that language's consolidated text; see docs/amendments.md).

Structure (kinds, numbers, which provisions continue which) is the same in
every language; only headings and text differ. Validation checks that the
languages agree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal, TypeAlias

from atazan_texts.model import ProvisionKind, derive_uid

AmendmentKind = Literal[
    "replace",
    "insert",
    "delete",
    "move",
    "split",
    "merge",
    "renumber",
    "add_section",
    "rename_section",
]

AMENDMENT_KINDS: tuple[AmendmentKind, ...] = (
    "replace",
    "insert",
    "delete",
    "move",
    "split",
    "merge",
    "renumber",
    "add_section",
    "rename_section",
)

AmendmentStatus = Literal["proposed", "adopted", "rejected", "withdrawn"]
AMENDMENT_STATUSES: tuple[AmendmentStatus, ...] = ("proposed", "adopted", "rejected", "withdrawn")

#: How the consolidated text is numbered; see docs/amendments.md, "Numbering".
Numbering = Literal["keep", "articles", "full"]
NUMBERINGS: tuple[Numbering, ...] = ("keep", "articles", "full")


@dataclass(frozen=True)
class ProvisionText:
    """A provision written out in one language, with everything below it.

    ``uid`` is empty for a new provision. Inside the new wording of an
    existing provision (replace, split, merge) a child may give the uid of a
    provision it continues, so a reworded paragraph keeps its identity.
    """

    kind: ProvisionKind
    num: str = ""
    heading: str = ""
    text: str = ""
    children: tuple[ProvisionText, ...] = ()
    uid: str = ""

    def walk(self) -> Iterator[ProvisionText]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Rewording:
    """New words for an existing provision in one language; ``None`` keeps what is there."""

    heading: str | None = None
    text: str | None = None
    children: tuple[ProvisionText, ...] | None = None

    def is_empty(self) -> bool:
        return self.heading is None and self.text is None and self.children is None


# What each kind carries per language.
Wordings: TypeAlias = Mapping[str, Rewording | None]
Provisions: TypeAlias = Mapping[str, ProvisionText | None]
Parts: TypeAlias = Mapping[str, tuple[ProvisionText, ...] | None]
Headings: TypeAlias = Mapping[str, str | None]


@dataclass(frozen=True, kw_only=True)
class AmendmentBase:
    """What every amendment has.

    ``id`` is stable and unique within a set: new provisions take their uids
    from it. ``themes`` and ``proposals`` are opaque references for the
    application that records why the amendment exists.
    """

    kind: ClassVar[AmendmentKind]
    id: str
    rationale: str = ""
    themes: tuple[str, ...] = ()
    proposals: tuple[str, ...] = ()
    status: AmendmentStatus = "adopted"

    @property
    def adopted(self) -> bool:
        return self.status == "adopted"


@dataclass(frozen=True, kw_only=True)
class Replace(AmendmentBase):
    """New heading, text and/or provisions below, for one provision."""

    kind: ClassVar[AmendmentKind] = "replace"
    target: str
    texts: Wordings


@dataclass(frozen=True, kw_only=True)
class Insert(AmendmentBase):
    """A new provision (with its subtree) in ``parent`` (None: the top level).

    It goes right after ``after`` (None: first). Several insertions after the
    same provision appear in the order of the amendments.
    """

    kind: ClassVar[AmendmentKind] = "insert"
    parent: str | None
    after: str | None
    texts: Provisions


@dataclass(frozen=True, kw_only=True)
class Delete(AmendmentBase):
    """Removes a provision and everything below it."""

    kind: ClassVar[AmendmentKind] = "delete"
    target: str


@dataclass(frozen=True, kw_only=True)
class Move(AmendmentBase):
    """Moves a provision (with its subtree) to ``parent``, after ``after``; may reword it too.

    ``texts`` is empty when the words do not change.
    """

    kind: ClassVar[AmendmentKind] = "move"
    target: str
    parent: str | None
    after: str | None
    texts: Wordings = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Split(AmendmentBase):
    """One provision becomes several consecutive ones; the first part keeps its uid."""

    kind: ClassVar[AmendmentKind] = "split"
    target: str
    texts: Parts


@dataclass(frozen=True, kw_only=True)
class Merge(AmendmentBase):
    """Several provisions become one, in the place of the first, which keeps its uid."""

    kind: ClassVar[AmendmentKind] = "merge"
    targets: tuple[str, ...]
    texts: Provisions


@dataclass(frozen=True, kw_only=True)
class Renumber(AmendmentBase):
    """Gives a provision a new number (only where the numbering policy keeps numbers)."""

    kind: ClassVar[AmendmentKind] = "renumber"
    target: str
    num: str


@dataclass(frozen=True, kw_only=True)
class AddSection(AmendmentBase):
    """A new section at the top level, after ``after`` (None: first after the preamble)."""

    kind: ClassVar[AmendmentKind] = "add_section"
    after: str | None
    texts: Provisions


@dataclass(frozen=True, kw_only=True)
class RenameSection(AmendmentBase):
    """A new heading for a section or chapter."""

    kind: ClassVar[AmendmentKind] = "rename_section"
    target: str
    texts: Headings


Amendment: TypeAlias = (
    Replace | Insert | Delete | Move | Split | Merge | Renumber | AddSection | RenameSection
)


@dataclass(frozen=True)
class AmendmentSet:
    """Amendments to one base version, in the order they are applied.

    ``languages`` are those every amendment carries. ``numbering`` is how the
    consolidated text is numbered. ``result`` optionally gives, per
    language, the metadata of the consolidated document (title, version,
    date, status, note), so a set can reproduce a whole draft file.
    """

    amendments: tuple[Amendment, ...]
    languages: tuple[str, ...]
    base_work: str = ""
    base_version: str = ""
    numbering: Numbering = "keep"
    result: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def fresh_uid(amendment_id: str, path: Sequence[int]) -> str:
    """The uid of a provision an amendment creates, the same in every language.

    ``path`` locates the provision in the amendment's content: ``(0,)`` is
    the inserted provision, ``(0, 2)`` its third child; split parts are
    ``(1,)``, ``(2,)``, ... Re-running the same amendment gives the same uids.
    """
    return derive_uid(f"amendment:{amendment_id}", ".".join(str(i) for i in path))


def content_of(amendment: Amendment) -> Mapping[str, object]:
    """The per-language payload of an amendment (empty for kinds that carry no words)."""
    if isinstance(amendment, Delete | Renumber):
        return {}
    return amendment.texts


def targets_of(amendment: Amendment) -> tuple[str, ...]:
    """Uids of existing provisions the amendment edits, moves or removes."""
    if isinstance(amendment, Merge):
        return amendment.targets
    if isinstance(amendment, Insert | AddSection):
        return ()
    return (amendment.target,)


def created_uids(amendment: Amendment) -> list[str]:
    """Uids of the provisions the amendment brings into being, in reading order.

    Children that continue an existing provision (``uid`` given) are not new.
    Only the first language with content is read: validation makes every
    language agree on structure.
    """
    payload = content_of(amendment)
    sample = next((value for value in payload.values() if value is not None), None)
    if sample is None:
        return []
    out: list[str] = []

    def collect(node: ProvisionText, path: tuple[int, ...], *, root_kept: bool = False) -> None:
        if not root_kept and not node.uid:
            out.append(fresh_uid(amendment.id, path))
        for index, child in enumerate(node.children):
            collect(child, (*path, index))

    if isinstance(amendment, Insert | AddSection) and isinstance(sample, ProvisionText):
        collect(sample, (0,))
    elif isinstance(amendment, Merge) and isinstance(sample, ProvisionText):
        collect(sample, (0,), root_kept=True)
    elif isinstance(amendment, Split) and isinstance(sample, tuple):
        for index, part in enumerate(sample):
            collect(part, (index,), root_kept=index == 0)
    elif isinstance(sample, Rewording) and sample.children is not None:
        for index, child in enumerate(sample.children):
            collect(child, (0, index))
    return out

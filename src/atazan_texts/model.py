"""The constitution as data: a small, typed, Django-free document model.

A ``Document`` is one language expression of one version of a work (for
example the English text of the 1998 constitution). Its body is a tree of
``Provision`` objects. Two identities matter:

* ``uid`` is permanent: it survives renumbering, moves and translation. The
  same provision in kk, ru and en, and in an old version and a draft that
  keeps it, shares one uid (Akoma Ntoso calls this the work-level ``wId``).
* the *position id* (``eid``) is derived from the provision's place in the
  tree, in the style of Akoma Ntoso eIds (``sec_2__art_33__para_2``), and so
  changes whenever the provision moves. It is computed, never stored.

Equality is structural (dataclass ``==``), which is what the round-trip
property ``parse(export(doc)) == doc`` relies on.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

ProvisionKind = Literal["preamble", "section", "chapter", "article", "paragraph", "point"]

PROVISION_KINDS: tuple[ProvisionKind, ...] = (
    "preamble",
    "section",
    "chapter",
    "article",
    "paragraph",
    "point",
)

#: Which kinds may contain which. Articles may sit directly in the body when a
#: text has no sections; chapters are optional inside sections.
ALLOWED_CHILDREN: dict[str, tuple[ProvisionKind, ...]] = {
    "body": ("preamble", "section", "chapter", "article"),
    "preamble": (),
    "section": ("chapter", "article"),
    "chapter": ("article",),
    "article": ("paragraph", "point"),
    "paragraph": ("point",),
    "point": (),
}

#: Short eId prefixes, following Akoma Ntoso naming conventions.
EID_PREFIX: dict[str, str] = {
    "preamble": "preamble",
    "section": "sec",
    "chapter": "chp",
    "article": "art",
    "paragraph": "para",
    "point": "point",
}

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")

VersionStatus = Literal["in_force", "draft", "historical"]


@dataclass
class Provision:
    """One node of the text: a section, chapter, article, paragraph or point.

    ``num`` is the number as written, without decoration: ``"II"`` for a
    section, ``"33"`` or ``"33-1"`` for an article, ``"3-1"`` for an inserted
    paragraph, ``"1"`` for a point written ``1)``. ``heading`` is a title
    (sections and chapters usually have one, articles rarely). ``text`` is the
    provision's own words; for an article with numbered paragraphs it is the
    (usually empty) text before them. Lines inside ``text`` are separated by
    ``"\\n"``.
    """

    kind: ProvisionKind
    num: str = ""
    heading: str = ""
    text: str = ""
    uid: str = ""
    children: list[Provision] = field(default_factory=list)

    def walk(self) -> Iterator[Provision]:
        """This provision and all below it, depth first, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def full_text(self) -> str:
        """All words of this provision and its descendants, in reading order."""
        parts = [p.text for p in self.walk() if p.text]
        return "\n".join(parts)


@dataclass
class Document:
    """One language expression of one version of a constitution."""

    title: str
    language: str
    work: str = ""
    version: str = ""
    date: str = ""
    status: VersionStatus = "in_force"
    note: str = ""
    children: list[Provision] = field(default_factory=list)

    def walk(self) -> Iterator[Provision]:
        for child in self.children:
            yield from child.walk()

    def located(self) -> Iterator[Located]:
        """Every provision with its position id and enclosing section/chapter."""
        yield from _locate(self.children, prefix="", section=None, chapter=None, article=None)

    def articles(self) -> list[Located]:
        return [loc for loc in self.located() if loc.provision.kind == "article"]

    def sections(self) -> list[Provision]:
        return [p for p in self.children if p.kind == "section"]

    def by_eid(self) -> dict[str, Provision]:
        return {loc.eid: loc.provision for loc in self.located()}


@dataclass(frozen=True)
class Located:
    """A provision seen in its place: the derived position id and ancestors."""

    provision: Provision
    eid: str
    section: Provision | None
    chapter: Provision | None
    article: Provision | None


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_ROMAN_RE = re.compile(r"^(M{0,3})(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def roman_to_int(value: str) -> int | None:
    """Value of an upper-case Roman numeral, or None if ``value`` is not one."""
    value = value.strip().upper()
    if not value or not _ROMAN_RE.match(value):
        return None
    total = 0
    for index, char in enumerate(value):
        current = _ROMAN[char]
        following = _ROMAN[value[index + 1]] if index + 1 < len(value) else 0
        total += -current if current < following else current
    return total


def int_to_roman(value: int) -> str:
    if value <= 0:
        raise ValueError("Roman numerals start at 1")
    pairs = [
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ]  # fmt: skip
    out = []
    for number, letters in pairs:
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def eid_num(kind: str, num: str) -> str:
    """The number part of an eId: sections by Arabic ordinal, others as written."""
    if kind == "preamble":
        return ""
    if kind == "section":
        as_int = roman_to_int(num)
        if as_int is not None:
            return str(as_int)
    cleaned = re.sub(r"[^0-9A-Za-z\-]+", "", num.replace("‑", "-").replace("–", "-"))
    return cleaned.lower() or "x"


def eid_component(provision: Provision) -> str:
    prefix = EID_PREFIX[provision.kind]
    number = eid_num(provision.kind, provision.num)
    return prefix if not number else f"{prefix}_{number}"


def _locate(
    provisions: list[Provision],
    prefix: str,
    section: Provision | None,
    chapter: Provision | None,
    article: Provision | None,
) -> Iterator[Located]:
    for provision in provisions:
        component = eid_component(provision)
        # Articles are numbered through the whole text, so their eId does not
        # repeat the chapter; sections do appear, as in sec_2__art_33.
        if provision.kind == "article" and chapter is not None and section is not None:
            eid = f"{EID_PREFIX['section']}_{eid_num('section', section.num)}__{component}"
        else:
            eid = f"{prefix}__{component}" if prefix else component
        sec = provision if provision.kind == "section" else section
        chp = provision if provision.kind == "chapter" else chapter
        art = provision if provision.kind == "article" else article
        yield Located(provision=provision, eid=eid, section=sec, chapter=chp, article=art)
        yield from _locate(provision.children, eid, sec, chp, art)


def derive_uid(namespace: str, eid: str) -> str:
    """A stable uid for a provision first seen at ``eid`` in ``namespace``.

    Importers use it when a text carries no identities of its own. Using the
    version as the namespace gives the kk, ru and en expressions of one
    version the same uids, position for position, while two unrelated
    imports never share one by accident.
    """
    digest = hashlib.blake2s(f"{namespace}\x1f{eid}".encode(), digest_size=8).hexdigest()
    return f"p{digest}"


def assign_missing_uids(document: Document, namespace: str) -> Document:
    """Give every provision without a uid one derived from its position."""
    for loc in document.located():
        if not loc.provision.uid:
            loc.provision.uid = derive_uid(namespace, loc.eid)
    return document


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))

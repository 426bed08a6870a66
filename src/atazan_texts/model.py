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

import datetime
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


# ---------------------------------------------------------------------------
# Clean text and validity, shared by every importer and exporter.

VERSION_STATUSES: tuple[VersionStatus, ...] = ("in_force", "draft", "historical")

# Control characters, ASCII whitespace runs, Unicode line/paragraph separators
# and the code points XML cannot carry. Other spaces (no-break, thin) are
# typography and stay inside a line.
_NOT_IN_A_LINE = re.compile("[\x00-\x20\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]+")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def clean_line(value: str) -> str:
    """One line as stored: single spaces inside, no whitespace at either end."""
    return _NOT_IN_A_LINE.sub(" ", value).strip()


def clean_text(value: str) -> str:
    """Text as stored: clean lines joined by ``"\\n"``, without empty lines."""
    lines = (clean_line(line) for line in value.split("\n"))
    return "\n".join(line for line in lines if line)


def describe(provision: Provision) -> str:
    """How messages name a provision: ``article 33``, ``paragraph 3-1``, ``preamble``."""
    return f"{provision.kind} {provision.num}" if provision.num else provision.kind


@dataclass(frozen=True)
class Flaw:
    """One reason a document is not valid; importers turn it into a located problem.

    ``provision`` is the offending node (None for metadata, then ``field``
    names the attribute); ``earlier`` is the first of two that clash.
    """

    message: str
    provision: Provision | None = None
    earlier: Provision | None = None
    field: str = ""


def find_flaws(document: Document, *, require_uids: bool = True) -> list[Flaw]:
    """Everything that keeps ``document`` from being valid, in reading order.

    A valid document is what every importer returns and every exporter
    writes back without loss: nesting by ``ALLOWED_CHILDREN``, at most one
    preamble and only first, every other provision numbered, position ids
    and permanent ids unique, every article with some words, and all text
    made of clean lines (``clean_text``).
    """
    flaws: list[Flaw] = []
    if document.status not in VERSION_STATUSES:
        flaws.append(Flaw(f"status {document.status!r} is not one of "
                          f"{', '.join(VERSION_STATUSES)}", field="status"))  # fmt: skip
    if not document.language:
        flaws.append(
            Flaw(f"no language is given (one of {', '.join(LANGUAGES)})", field="language")
        )
    elif document.language not in LANGUAGES:
        flaws.append(Flaw(f"language {document.language!r} is not one of "
                          f"{', '.join(LANGUAGES)}", field="language"))  # fmt: skip
    if document.date and not _is_iso_date(document.date):
        flaws.append(Flaw(f"date {document.date!r} is not a date written YYYY-MM-DD",
                          field="date"))  # fmt: skip
    for name in ("title", "work", "version", "note"):
        if clean_line(getattr(document, name)) != getattr(document, name):
            flaws.append(Flaw(f"{name} must be one line without stray spaces", field=name))

    def visit(parent_kind: str, children: list[Provision]) -> None:
        for index, child in enumerate(children):
            what = describe(child)
            if child.kind not in ALLOWED_CHILDREN.get(parent_kind, ()):
                where = "at the top level" if parent_kind == "body" else f"inside {_a(parent_kind)}"
                flaws.append(Flaw(f"{_a(child.kind)} cannot stand {where}", child))
            if child.kind == "preamble":
                if any(p.kind == "preamble" for p in children[:index]):
                    flaws.append(Flaw("a second preamble", child))
                elif index:
                    flaws.append(Flaw("the preamble must come before everything else", child))
                if child.num or child.heading:
                    flaws.append(Flaw("a preamble has no number or title", child))
            elif not child.num:
                flaws.append(Flaw(f"{_a(child.kind)} without a number", child))
            if clean_line(child.num) != child.num or clean_line(child.heading) != child.heading:
                flaws.append(Flaw(f"{what}: number and title must be one line each", child))
            if clean_text(child.text) != child.text:
                flaws.append(Flaw(f"{what}: text has empty lines or stray spaces", child))
            if child.kind == "article" and not child.full_text():
                flaws.append(Flaw(f"{what} has no text", child))
            if require_uids and not child.uid:
                flaws.append(Flaw(f"{what} has no permanent id", child))
            elif child.uid and (clean_line(child.uid) != child.uid or " " in child.uid):
                flaws.append(Flaw(f"{what}: permanent id {child.uid!r} contains spaces", child))
            visit(child.kind, child.children)

    visit("body", document.children)

    by_eid: dict[str, Provision] = {}
    by_uid: dict[str, Provision] = {}
    for loc in document.located():
        provision = loc.provision
        first = by_eid.setdefault(loc.eid, provision)
        if first is not provision:
            if (first.kind, first.num) == (provision.kind, provision.num):
                message = f"{describe(provision)} appears twice in the same place"
            else:
                message = (
                    f"{describe(provision)} has the same position id {loc.eid} as {describe(first)}"
                )
            flaws.append(Flaw(message, provision, first))
        if provision.uid:
            owner = by_uid.setdefault(provision.uid, provision)
            if owner is not provision:
                flaws.append(
                    Flaw(f"permanent id {provision.uid!r} is used twice", provision, owner)
                )
    return flaws


def _a(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def _is_iso_date(value: str) -> bool:
    if not _ISO_DATE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True

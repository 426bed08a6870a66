"""Plain-text and Markdown constitutions in Kazakh, Russian and English.

The format is specified in docs/text-format.md. Parsing collects every
problem with its line number and raises once, so an operator fixes a file in
one pass; a file with any problem yields no Document at all.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, cast

from atazan_texts.errors import ImportProblem, TextImportError, by_line
from atazan_texts.model import (
    LANGUAGES,
    Document,
    Provision,
    ProvisionKind,
    VersionStatus,
    assign_missing_uids,
    clean_line,
    find_flaws,
    roman_to_int,
)

METADATA_KEYS: tuple[str, ...] = ("title", "language", "work", "version", "date", "status", "note")

# Numbers: Arabic with inserted parts (33-1, any dash), or Roman.
_ARABIC = r"[0-9]+(?:[-‑–][0-9]+)*"
_NUM = rf"(?P<num>{_ARABIC}|[IVXLCDM]+)"
# A title follows the number after ".", ":" or a spaced dash; "Статья 1." has none.
_TITLE = r"(?:\s*(?:[.:]|\s[-‑–—]|[–—])\s*(?P<title>\S.*?)?)?\s*$"


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile("^" + pattern, re.IGNORECASE)


_HeadingKind = Literal["preamble", "section", "chapter", "article"]

# (kind, language voted for, pattern). Kazakh writes the number first.
_HEADINGS: tuple[tuple[_HeadingKind, str, re.Pattern[str]], ...] = (
    ("preamble", "en", _rx(r"preamble[.:]?$")),
    ("preamble", "kk", _rx(r"к[іi]р[іi]спе[.:]?$")),
    ("preamble", "", _rx(r"преамбула[.:]?$")),  # used in Russian and Kazakh alike
    ("section", "en", _rx(rf"(?:section|part)\s+{_NUM}{_TITLE}")),
    ("section", "ru", _rx(rf"раздел\s+{_NUM}{_TITLE}")),
    ("section", "kk", _rx(rf"{_NUM}[-‑–]?\s*бөл[іi]м{_TITLE}")),
    ("chapter", "en", _rx(rf"chapter\s+{_NUM}{_TITLE}")),
    ("chapter", "ru", _rx(rf"глава\s+{_NUM}{_TITLE}")),
    ("chapter", "kk", _rx(rf"{_NUM}[-‑–]?\s*тарау{_TITLE}")),
    ("article", "en", _rx(rf"(?:article\s+|art\.\s*){_NUM}{_TITLE}")),
    ("article", "ru", _rx(rf"(?:статья\s+|ст\.\s*){_NUM}{_TITLE}")),
    ("article", "kk", _rx(rf"{_NUM}[-‑–]?\s*бап{_TITLE}")),
)
_BARE_HEADING = _rx(
    r"[-‑–]?\s*(?:section|part|chapter|article|art\.|раздел|глава|статья|ст\.|"
    r"бөл[іi]м|тарау|бап)\s*[.:]?$"
)
_PARAGRAPH = re.compile(rf"^(?P<num>{_ARABIC})\.(?![0-9])\s*(?P<text>.*)$")
_POINT = re.compile(rf"^(?P<num>{_ARABIC})\)\s*(?P<text>.*)$")

_MD_HASHES = re.compile(r"^#{1,6}(?:\s+|$)")
_MD_CLOSING_HASHES = re.compile(r"\s+#+$")
_MD_STRONG = re.compile(r"\*\*|__")
_MD_EMPHASIS = re.compile(r"(?<!\w)[*_]|[*_](?!\w)")

LineKind = Literal["heading", "bad_heading", "markdown", "paragraph", "point", "text"]


@dataclass(frozen=True)
class Line:
    """What one cleaned, non-empty line of the format says."""

    kind: LineKind
    text: str  # the words: a heading's title, a paragraph's first line, the whole line
    num: str = ""
    heading_kind: _HeadingKind | None = None
    language: str = ""
    problem: str = ""


def read_line(line: str) -> Line:
    """Classify one clean line (see ``model.clean_line``) as the parser does.

    Exposed so tests and test-data strategies can tell which lines plain
    text can carry as ordinary text.
    """
    unmarked, hashed = _unmark(line)
    for kind, language, pattern in _HEADINGS:
        found = pattern.match(unmarked)
        if found is None:
            continue
        groups = found.groupdict()
        num = _normalise_num(groups.get("num") or "")
        if num and not num[0].isdigit():
            if roman_to_int(num) is None:
                return Line("bad_heading", unmarked,
                            problem=f"{kind} number {num!r} is not a Roman or Arabic numeral")  # fmt: skip
            num = num.upper()
        return Line("heading", (groups.get("title") or "").strip(), num, kind, language)
    if _BARE_HEADING.match(unmarked):
        return Line("bad_heading", unmarked, problem=f"heading {unmarked!r} has no number")
    if hashed:
        return Line("markdown", unmarked)
    paragraph = _PARAGRAPH.match(line)
    if paragraph is not None:
        return Line("paragraph", paragraph["text"].strip(), _normalise_num(paragraph["num"]))
    point = _POINT.match(line)
    if point is not None:
        return Line("point", point["text"].strip(), _normalise_num(point["num"]))
    return Line("text", line)


def _unmark(line: str) -> tuple[str, bool]:
    """The line without Markdown heading marks or emphasis, and whether it had ``#``."""
    hashes = _MD_HASHES.match(line)
    if hashes is not None:
        line = _MD_CLOSING_HASHES.sub("", line[hashes.end() :])
    line = _MD_EMPHASIS.sub("", _MD_STRONG.sub("", line))
    return clean_line(line), hashes is not None


def _normalise_num(num: str) -> str:
    return num.replace("‑", "-").replace("–", "-")


class _Builder:
    """Places each line in the tree; lines that fit nowhere become problems."""

    def __init__(self) -> None:
        self.problems: list[ImportProblem] = []
        self.body: list[Provision] = []
        self.line_of: dict[int, int] = {}
        self.section: Provision | None = None
        self.chapter: Provision | None = None
        self.article: Provision | None = None
        self.paragraph: Provision | None = None
        # Where continuation lines go; a detached node after a misplaced line,
        # so one mistake is reported once rather than cascading.
        self.last: Provision | None = None
        self.untitled: Provision | None = None
        self.votes: Counter[str] = Counter()
        self.markdown_title = ""

    def problem(self, line: int, message: str) -> None:
        self.problems.append(ImportProblem(line, message))

    def _place(self, node: Provision, line: int) -> None:
        self.line_of[id(node)] = line
        self.last = node

    def heading(self, line: int, parsed: Line) -> None:
        kind = parsed.heading_kind
        assert kind is not None
        if parsed.language:
            self.votes[parsed.language] += 1
        node = Provision(kind=kind, num=parsed.num, heading=parsed.text)
        if kind == "preamble":
            self.body.append(node)
            self.section = self.chapter = self.article = self.paragraph = None
        elif kind == "section":
            self.body.append(node)
            self.section, self.chapter, self.article, self.paragraph = node, None, None, None
        elif kind == "chapter":
            (self.section.children if self.section else self.body).append(node)
            self.chapter, self.article, self.paragraph = node, None, None
        else:
            container = self.chapter or self.section
            (container.children if container else self.body).append(node)
            self.article, self.paragraph = node, None
        self._place(node, line)
        self.untitled = node if kind in ("section", "chapter") and not node.heading else None

    def numbered(self, line: int, parsed: Line) -> None:
        self.untitled = None
        mark = "." if parsed.kind == "paragraph" else ")"
        if self.article is None:
            self.problem(line, f"{parsed.kind} {parsed.num}{mark} is outside any article")
            self.last = Provision(kind="point")
            return
        node = Provision(kind=cast(ProvisionKind, parsed.kind), num=parsed.num, text=parsed.text)
        if parsed.kind == "paragraph":
            self.article.children.append(node)
            self.paragraph = node
        else:
            (self.paragraph or self.article).children.append(node)
        self._place(node, line)

    def text(self, line: int, words: str) -> None:
        if self.untitled is not None and self.last is self.untitled:
            self.untitled.heading = words
            self.untitled = None
            return
        self.untitled = None
        if self.last is None:
            preamble = Provision(kind="preamble", text=words)
            self.body.append(preamble)
            self._place(preamble, line)
            return
        self.last.text = f"{self.last.text}\n{words}" if self.last.text else words

    def markdown(self, line: int, words: str) -> None:
        if self.last is None and not self.markdown_title:
            self.markdown_title = words
        else:
            self.text(line, words)


def parse_plaintext(
    text: str,
    *,
    language: str | None = None,
    uid_namespace: str | None = None,
    defaults: Mapping[str, str] | None = None,
) -> Document:
    """Read a constitution written as plain text or Markdown.

    ``language`` is what the caller knows the text to be: a ``% language``
    line that says otherwise is a problem. ``defaults`` fill metadata the file
    leaves out. Provisions get uids from ``uid_namespace``, by default
    ``work:version`` when both are known, else a hash of the text.
    """
    builder = _Builder()
    meta: dict[str, str] = {}
    meta_line: dict[str, int] = {}
    lines = text.removeprefix("\ufeff").splitlines()
    in_header = True
    for number, raw in enumerate(lines, start=1):
        line = clean_line(raw)
        if not line:
            continue
        if in_header and line.startswith("%"):
            _metadata(line, number, meta, meta_line, builder)
            continue
        in_header = False
        parsed = read_line(line)
        if parsed.kind == "heading":
            builder.heading(number, parsed)
        elif parsed.kind == "bad_heading":
            builder.problem(number, parsed.problem)
            builder.last = Provision(kind="point")
        elif parsed.kind in ("paragraph", "point"):
            builder.numbered(number, parsed)
        elif parsed.kind == "markdown":
            builder.markdown(number, parsed.text)
        elif parsed.text:
            builder.text(number, parsed.text)

    for key in defaults or {}:
        if key not in METADATA_KEYS:
            builder.problems.append(ImportProblem(None, f"unknown metadata key {key!r}"))
    values = {
        **(defaults or {}),
        **({"title": builder.markdown_title} if builder.markdown_title else {}),
        **meta,
    }
    declared = meta.get("language")
    if language and declared and declared != language:
        builder.problem(meta_line["language"], f"the file says language {declared!r}, "
                        f"but {language!r} was asked for")  # fmt: skip
    guessed = _guess_language(builder.votes)
    document = Document(
        title=values.get("title", ""),
        language=language or values.get("language") or guessed,
        work=values.get("work", ""),
        version=values.get("version", ""),
        date=values.get("date", ""),
        status=cast(VersionStatus, values.get("status") or "in_force"),
        note=values.get("note", ""),
        children=builder.body,
    )
    if not any(p.kind == "article" for p in document.walk()):
        builder.problem(max(len(lines), 1), "the text has no articles")
    for flaw in find_flaws(document, require_uids=False):
        where = (
            builder.line_of.get(id(flaw.provision)) if flaw.provision else meta_line.get(flaw.field)
        )
        message = flaw.message
        if flaw.earlier is not None and id(flaw.earlier) in builder.line_of:
            message += f" (first on line {builder.line_of[id(flaw.earlier)]})"
        builder.problems.append(ImportProblem(where, message))
    if builder.problems:
        raise TextImportError(by_line(builder.problems))
    if uid_namespace is None:
        if document.work and document.version:
            uid_namespace = f"{document.work}:{document.version}"
        else:
            uid_namespace = "text:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return assign_missing_uids(document, uid_namespace)


def _metadata(
    line: str, number: int, meta: dict[str, str], meta_line: dict[str, int], builder: _Builder
) -> None:
    key, sep, value = line[1:].partition(":")
    key = key.strip().lower()
    if not sep:
        builder.problem(number, f"metadata line {line!r} should read '% key: value'")
    elif key not in METADATA_KEYS:
        builder.problem(number, f"unknown metadata key {key!r} (known: {', '.join(METADATA_KEYS)})")
    elif key in meta:
        builder.problem(number, f"metadata {key!r} is given twice (first on line {meta_line[key]})")
    else:
        meta[key] = clean_line(value)
        meta_line[key] = number


def _guess_language(votes: Counter[str]) -> str:
    """The language most headings are written in; ties go to kk, then ru."""
    if not votes:
        return "en"
    return max(LANGUAGES, key=lambda code: votes[code])


# --------------------------------------------------------------------------- writing

_WORDS: dict[str, dict[str, str]] = {
    "en": {"preamble": "Preamble", "section": "Section {num}", "chapter": "Chapter {num}",
           "article": "Article {num}"},
    "ru": {"preamble": "Преамбула", "section": "Раздел {num}", "chapter": "Глава {num}",
           "article": "Статья {num}"},
    "kk": {"preamble": "Кіріспе", "section": "{num} бөлім", "chapter": "{num}-тарау",
           "article": "{num}-бап"},
}  # fmt: skip


def to_plaintext(document: Document) -> str:
    """The document in the plain-text format, headings in its language.

    Reading the result back gives the same document except for uids, which
    the format does not carry (docs/text-format.md lists the few texts it
    cannot hold).
    """
    words = _WORDS.get(document.language, _WORDS["en"])
    out = [f"% {key}: {value}" for key in METADATA_KEYS if (value := getattr(document, key))]

    def emit(node: Provision) -> None:
        if node.kind in ("paragraph", "point"):
            mark = "." if node.kind == "paragraph" else ")"
            first, *rest = node.text.split("\n")
            out.append(f"{node.num}{mark} {first}".rstrip())
            out.extend(rest)
        else:
            heading = words[node.kind].format(num=node.num)
            out.extend(["", f"{heading}. {node.heading}" if node.heading else heading])
            if node.text:
                out.extend(node.text.split("\n"))
        for child in node.children:
            emit(child)

    for node in document.children:
        emit(node)
    return "\n".join(out).strip("\n") + "\n"

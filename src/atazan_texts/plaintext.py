"""Plain-text and Markdown constitutions in Kazakh, Russian and English.

The format is described in docs/text-format.md. Parsing collects every
problem with its line number and raises once, so an operator fixes a file in
one pass; a file with any problem produces no Document at all.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from atazan_texts.errors import ImportProblem, TextImportError
from atazan_texts.model import Document, Provision, assign_missing_uids

_METADATA_KEYS = {"title", "language", "work", "version", "date", "status", "note"}
_STATUSES = {"in_force", "draft", "historical"}

_NUM = r"(?P<num>[0-9]+(?:[-‑–][0-9]+)*|[IVXLCDM]+)"
_TITLE = r"(?:\s*(?:[.:]|[-–—])\s*(?P<title>.*?))?\s*$"

_HEADINGS: list[tuple[str, str, re.Pattern[str]]] = [
    # (kind, language, pattern)
    ("preamble", "en", re.compile(r"^preamble\s*$", re.I)),
    ("preamble", "ru", re.compile(r"^преамбула\s*$", re.I)),
    ("preamble", "kk", re.compile(r"^кіріспе\s*$", re.I)),
    ("section", "en", re.compile(r"^(?:section|part)\s+" + _NUM + _TITLE, re.I)),
    ("section", "ru", re.compile(r"^раздел\s+" + _NUM + _TITLE, re.I)),
    ("section", "kk", re.compile(r"^" + _NUM + r"[-‑–]?\s*бөлім" + _TITLE, re.I)),
    ("chapter", "en", re.compile(r"^chapter\s+" + _NUM + _TITLE, re.I)),
    ("chapter", "ru", re.compile(r"^глава\s+" + _NUM + _TITLE, re.I)),
    ("chapter", "kk", re.compile(r"^" + _NUM + r"[-‑–]\s*тарау" + _TITLE, re.I)),
    ("article", "en", re.compile(r"^(?:article|art\.)\s+" + _NUM + _TITLE, re.I)),
    ("article", "ru", re.compile(r"^(?:статья|ст\.)\s+" + _NUM + _TITLE, re.I)),
    ("article", "kk", re.compile(r"^" + _NUM + r"[-‑–]\s*бап" + _TITLE, re.I)),
]
_BARE_HEADING = re.compile(
    r"^(?:section|part|chapter|article|раздел|глава|статья|бөлім|тарау|бап)\s*[.:]?\s*$", re.I
)
_PARAGRAPH = re.compile(r"^(?P<num>[0-9]+(?:[-‑–][0-9]+)*)\.(?:\s+(?P<text>\S.*))?$")
_POINT = re.compile(r"^(?P<num>[0-9]+(?:[-‑–][0-9]+)*)\)\s+(?P<text>\S.*)$")
_MARKDOWN_DECORATION = re.compile(r"^#{1,6}\s*")


@dataclass
class _Line:
    number: int
    text: str


def _clean(raw: str) -> str:
    line = raw.replace("\u00a0", " ").strip()
    line = _MARKDOWN_DECORATION.sub("", line)
    for mark in ("**", "__"):
        if line.startswith(mark) and line.endswith(mark) and len(line) > 2 * len(mark):
            line = line[len(mark) : -len(mark)].strip()
    return re.sub(r"\s+", " ", line)


def _normalise_num(num: str) -> str:
    return num.replace("‑", "-").replace("–", "-")


def _match_heading(line: str) -> tuple[str, str, str, str] | None:
    """(kind, language, num, title) when the line is a structural heading."""
    for kind, language, pattern in _HEADINGS:
        found = pattern.match(line)
        if found is None:
            continue
        groups = found.groupdict()
        num = _normalise_num(groups.get("num") or "")
        if kind in ("chapter", "article") and num and not num[0].isdigit():
            continue
        return kind, language, num, (groups.get("title") or "").strip()
    return None


class _Builder:
    def __init__(self) -> None:
        self.problems: list[ImportProblem] = []
        self.body: list[Provision] = []
        self.section: Provision | None = None
        self.chapter: Provision | None = None
        self.article: Provision | None = None
        self.paragraph: Provision | None = None
        self.last: Provision | None = None
        self.awaiting_title: Provision | None = None
        self.languages: dict[str, int] = {}
        self.article_nums: dict[str, int] = {}
        self.article_lines: dict[int, int] = {}

    def problem(self, line: int, message: str) -> None:
        self.problems.append(ImportProblem(line, message))

    def _check_unique(self, parent: list[Provision], node: Provision, line: int, what: str) -> None:
        if any(p.kind == node.kind and p.num == node.num for p in parent):
            self.problem(line, f"{what} {node.num} appears twice in the same place")

    def heading(self, line: _Line, kind: str, language: str, num: str, title: str) -> None:
        self.languages[language] = self.languages.get(language, 0) + 1
        node = Provision(kind=kind, num=num, heading=title)  # type: ignore[arg-type]
        self.awaiting_title = node if kind in ("section", "chapter") and not title else None
        if kind == "preamble":
            if any(p.kind == "preamble" for p in self.body):
                self.problem(line.number, "a second preamble")
            if self.body:
                self.problem(line.number, "the preamble must come before everything else")
            self.body.append(node)
            self.section = self.chapter = self.article = self.paragraph = None
        elif kind == "section":
            self._check_unique(self.body, node, line.number, "section")
            self.body.append(node)
            self.section, self.chapter, self.article, self.paragraph = node, None, None, None
        elif kind == "chapter":
            parent = self.section.children if self.section else self.body
            self._check_unique(parent, node, line.number, "chapter")
            parent.append(node)
            self.chapter, self.article, self.paragraph = node, None, None
        else:
            container = self.chapter or self.section
            parent = container.children if container else self.body
            if num in self.article_nums:
                self.problem(
                    line.number,
                    f"article {num} appears twice (first on line {self.article_nums[num]})",
                )
            self.article_nums[num] = line.number
            self.article_lines[id(node)] = line.number
            parent.append(node)
            self.article, self.paragraph = node, None
        self.last = node

    def paragraph_line(self, line: _Line, num: str, text: str) -> None:
        if self.article is None:
            self.problem(line.number, f"paragraph {num}. is outside any article")
            return
        node = Provision(kind="paragraph", num=_normalise_num(num), text=text)
        self._check_unique(self.article.children, node, line.number, "paragraph")
        self.article.children.append(node)
        self.paragraph = node
        self.last = node

    def point_line(self, line: _Line, num: str, text: str) -> None:
        if self.article is None:
            self.problem(line.number, f"point {num}) is outside any article")
            return
        parent = self.paragraph or self.article
        node = Provision(kind="point", num=_normalise_num(num), text=text)
        self._check_unique(parent.children, node, line.number, "point")
        if parent is self.article and any(c.kind == "paragraph" for c in parent.children):
            self.problem(line.number, f"point {num}) cannot follow the article's paragraphs")
            return
        parent.children.append(node)
        self.last = node

    def text_line(self, line: _Line) -> None:
        if self.awaiting_title is not None and self.last is self.awaiting_title:
            self.awaiting_title.heading = line.text
            self.awaiting_title = None
            return
        self.awaiting_title = None
        if self.last is None:
            preamble = Provision(kind="preamble", text=line.text)
            self.body.append(preamble)
            self.last = preamble
            return
        target = self.last
        if target.kind in ("section", "chapter"):
            self.problem(line.number, "text between a heading and the first article")
            return
        if target.kind == "article" and target.children:
            self.problem(line.number, "text cannot follow the article's paragraphs")
            return
        target.text = f"{target.text}\n{line.text}" if target.text else line.text


def parse_plaintext(
    text: str,
    *,
    language: str | None = None,
    uid_namespace: str | None = None,
    defaults: dict[str, str] | None = None,
) -> Document:
    """Read a constitution written as plain text or Markdown."""
    meta: dict[str, str] = dict(defaults or {})
    builder = _Builder()
    lines = text.splitlines()
    in_header = True
    for index, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if in_header and stripped.startswith("%"):
            key, sep, value = stripped[1:].partition(":")
            key = key.strip().lower()
            if not sep or key not in _METADATA_KEYS:
                builder.problem(index, f"unknown metadata line {stripped!r}")
                continue
            meta[key] = value.strip()
            continue
        if not stripped:
            continue
        in_header = False
        line = _Line(index, _clean(raw))
        if not line.text:
            continue
        heading = _match_heading(line.text)
        if heading is not None:
            builder.heading(line, *heading)
            continue
        if _BARE_HEADING.match(line.text):
            builder.problem(index, f"heading {line.text!r} has no number")
            continue
        paragraph = _PARAGRAPH.match(line.text)
        if paragraph is not None:
            builder.paragraph_line(line, paragraph["num"], (paragraph["text"] or "").strip())
            continue
        point = _POINT.match(line.text)
        if point is not None and builder.article is not None:
            builder.point_line(line, point["num"], point["text"].strip())
            continue
        builder.text_line(line)

    articles = [p for p in _walk(builder.body) if p.kind == "article"]
    if not articles:
        builder.problem(len(lines) or 1, "the text has no articles")
    for article in articles:
        if not article.text and not article.children:
            builder.problem(
                builder.article_lines.get(id(article), 0), f"article {article.num} has no text"
            )
    status = meta.get("status", "in_force") or "in_force"
    if status not in _STATUSES:
        builder.problem(1, f"status {status!r} is not one of in_force, draft, historical")
    if builder.problems:
        raise TextImportError(sorted(builder.problems, key=lambda p: p.line or 0))

    detected = max(builder.languages, key=builder.languages.__getitem__) if builder.languages else "en"
    document = Document(
        title=meta.get("title", ""),
        language=language or meta.get("language") or detected,
        work=meta.get("work", ""),
        version=meta.get("version", ""),
        date=meta.get("date", ""),
        status=status,  # type: ignore[arg-type]
        note=meta.get("note", ""),
        children=builder.body,
    )
    if uid_namespace is None:
        if document.work and document.version:
            uid_namespace = f"{document.work}:{document.version}"
        else:
            uid_namespace = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return assign_missing_uids(document, uid_namespace)


def _walk(provisions: list[Provision]) -> list[Provision]:
    out: list[Provision] = []
    for p in provisions:
        out.extend(p.walk())
    return out


_WRITE_HEADINGS: dict[str, dict[str, str]] = {
    "en": {"preamble": "Preamble", "section": "Section {num}", "chapter": "Chapter {num}",
           "article": "Article {num}"},
    "ru": {"preamble": "Преамбула", "section": "Раздел {num}", "chapter": "Глава {num}",
           "article": "Статья {num}"},
    "kk": {"preamble": "Кіріспе", "section": "{num} бөлім", "chapter": "{num}-тарау",
           "article": "{num}-бап"},
}  # fmt: skip


def to_plaintext(document: Document) -> str:
    """Write a Document in the plain-text format (identities are not written)."""
    words = _WRITE_HEADINGS.get(document.language, _WRITE_HEADINGS["en"])
    out: list[str] = []
    for key in ("title", "language", "work", "version", "date", "status", "note"):
        value = getattr(document, key)
        if value:
            out.append(f"% {key}: {value}")
    if out:
        out.append("")

    def emit(node: Provision) -> None:
        if node.kind in words:
            line = words[node.kind].format(num=node.num)
            if node.heading:
                line = f"{line}. {node.heading}"
            out.append("")
            out.append(line)
            out.extend(node.text.split("\n") if node.text else [])
        elif node.kind == "paragraph":
            first, *rest = node.text.split("\n")
            out.append(f"{node.num}. {first}".rstrip())
            out.extend(rest)
        else:
            first, *rest = node.text.split("\n")
            out.append(f"{node.num}) {first}")
            out.extend(rest)
        for child in node.children:
            emit(child)

    for node in document.children:
        emit(node)
    return "\n".join(out).strip("\n") + "\n"

"""Akoma Ntoso 3.0: export and import without loss.

Position ids go to ``eId`` and permanent ids to ``wId``. The FRBR metadata
names the work, expression and manifestation for other tools; the store's
own labels (work, version, an unknown date), the status and the note, which
FRBR has no exact place for, are kept in ``<proprietary source="#atazan">``.
So ``parse_akn(to_akn(doc)) == doc`` for every valid document.

Import also accepts Akoma Ntoso written by other tools (docs/akoma-ntoso.md
lists what is read and how); anything it cannot place is a problem naming
the element and its line, never silently dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any, cast
from urllib.parse import quote, unquote

from lxml import etree

from atazan_texts.errors import ImportProblem, TextImportError, by_line
from atazan_texts.model import (
    Document,
    Provision,
    ProvisionKind,
    VersionStatus,
    clean_line,
    derive_uid,
    find_flaws,
)
from atazan_texts.plaintext import read_line

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
ATAZAN_NS = "https://atazan.org/ns/akn-metadata/1.0"
_A = f"{{{AKN_NS}}}"
_OWN = f"{{{ATAZAN_NS}}}document"

#: ISO 639-2 codes, as Akoma Ntoso writes languages.
LANGUAGE_CODES: dict[str, str] = {"kk": "kaz", "ru": "rus", "en": "eng"}
_LANGUAGE_FROM_CODE: dict[str, str] = {
    **{code: lang for lang, code in LANGUAGE_CODES.items()},
    **{lang: lang for lang in LANGUAGE_CODES},
}
#: ISO 3166 "user-assigned" code: the model does not record a country.
DEFAULT_COUNTRY = "xx"

_META_KEYS = ("work", "version", "date", "status", "note")

# Elements read as provisions. Other tools' higher divisions count as sections.
_KIND_OF: dict[str, ProvisionKind] = {
    "section": "section",
    "part": "section",
    "title": "section",
    "book": "section",
    "chapter": "chapter",
    "article": "article",
    "paragraph": "paragraph",
    "subparagraph": "point",
    "point": "point",
}
# Block elements whose words make one line each, and containers of such blocks.
_LINE_BLOCKS = {"p", "block", "listIntroduction", "listWrapUp", "li"}
_BLOCK_CONTAINERS = {
    "blockList", "item", "blockContainer", "container", "formula", "recitals", "recital",
    "citations", "citation", "ul", "ol", "longTitle", "intro", "content",
}  # fmt: skip
_LINE_BREAKS = {"eol", "eop", "br"}
# Outside <body>, these carry no provisions: cover pages, signatures, notes on form.
_IGNORED_PARTS = {"meta", "coverPage", "preface", "conclusions"}


# --------------------------------------------------------------------------- export


def _sub(
    parent: etree._Element, tag: str, attrs: dict[str, str] | None = None, /, **more: str
) -> etree._Element:
    return etree.SubElement(parent, _A + tag, {**(attrs or {}), **more})


def _lines(parent: etree._Element, text: str) -> None:
    """One <p> per line; an empty text still gets the <p> the schema requires."""
    for line in text.split("\n"):
        _sub(parent, "p").text = line


def _num_text(provision: Provision) -> str:
    if provision.kind == "paragraph":
        return f"{provision.num}."
    if provision.kind == "point":
        return f"{provision.num})"
    return provision.num


def frbr_uris(document: Document, country: str = DEFAULT_COUNTRY) -> tuple[str, str]:
    """The work and expression IRIs, after the Akoma Ntoso naming convention."""
    work = quote(document.work or "constitution", safe="")
    version = quote(document.version or document.date or "current", safe="")
    language = LANGUAGE_CODES.get(document.language, document.language or "und")
    work_uri = f"/akn/{country}/act/constitution/{work}"
    return work_uri, f"{work_uri}/{language}@{version}"


def to_akn(document: Document, *, country: str = DEFAULT_COUNTRY) -> bytes:
    """The document as an Akoma Ntoso 3.0 ``<act name="constitution">``, UTF-8 bytes."""
    root = etree.Element(_A + "akomaNtoso", nsmap={None: AKN_NS})  # type: ignore[dict-item]
    act = _sub(root, "act", name="constitution")
    meta = _sub(act, "meta")
    identification = _sub(meta, "identification", source="#atazan")
    work_uri, expression_uri = frbr_uris(document, country)
    # FRBRdate must hold a date; an unknown one is marked by name and kept exactly below.
    date, date_name = (document.date, "version") if document.date else ("0001-01-01", "unknown")
    levels = (
        ("FRBRWork", f"{work_uri}/!main", work_uri),
        ("FRBRExpression", f"{expression_uri}/!main", expression_uri),
        ("FRBRManifestation", f"{expression_uri}/!main.xml", f"{expression_uri}.akn"),
    )
    for level, this, uri in levels:
        frbr = _sub(identification, level)
        _sub(frbr, "FRBRthis", value=this)
        _sub(frbr, "FRBRuri", value=uri)
        _sub(frbr, "FRBRdate", date=date, name=date_name)
        _sub(frbr, "FRBRauthor", href="#atazan")
        if level == "FRBRWork":
            _sub(frbr, "FRBRcountry", value=country)
        elif level == "FRBRExpression":
            if document.version:
                _sub(frbr, "FRBRversionNumber", value=document.version)
            code = LANGUAGE_CODES.get(document.language, document.language or "und")
            _sub(frbr, "FRBRlanguage", language=code)
    references = _sub(meta, "references", source="#atazan")
    _sub(references, "TLCOrganization", eId="atazan", href="/ontology/organization/atazan",
         showAs="Atazan")  # fmt: skip
    proprietary = _sub(meta, "proprietary", source="#atazan")
    own = etree.SubElement(proprietary, _OWN, nsmap={"atazan": ATAZAN_NS})
    for key in _META_KEYS:
        own.set(key, getattr(document, key))

    title_block = _sub(_sub(act, "preface"), "p", {"class": "title"})
    _sub(title_block, "docTitle").text = document.title

    eids = {id(loc.provision): loc.eid for loc in document.located()}
    body = None
    for provision in document.children:
        if provision.kind == "preamble" and body is None:
            preamble = _sub(act, "preamble", **_ids(provision, eids))
            _lines(preamble, provision.text)
            continue
        if body is None:
            body = _sub(act, "body")
        _write(body, provision, eids)
    if body is None:
        _sub(act, "body")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _ids(provision: Provision, eids: dict[int, str]) -> dict[str, str]:
    ids = {"eId": eids[id(provision)]}
    if provision.uid:
        ids["wId"] = provision.uid
    return ids


def _write(parent: etree._Element, provision: Provision, eids: dict[int, str]) -> None:
    if provision.kind == "preamble":
        # Only an invalid document has a preamble after the start; keep its words visibly.
        element = _sub(parent, "hcontainer", name="preamble", **_ids(provision, eids))
        _lines(_sub(element, "content"), provision.text)
        return
    element = _sub(parent, provision.kind, **_ids(provision, eids))
    if provision.num:
        _sub(element, "num").text = _num_text(provision)
    if provision.heading:
        _sub(element, "heading").text = provision.heading
    if provision.children:
        if provision.text:
            _lines(_sub(element, "intro"), provision.text)
        for child in provision.children:
            _write(element, child, eids)
    elif provision.text or provision.kind in ("article", "paragraph", "point"):
        _lines(_sub(element, "content"), provision.text)


# --------------------------------------------------------------------------- import


def _local(element: etree._Element) -> str:
    """The element's name without the AKN namespace; '' for comments and PIs."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    if tag.startswith(_A):
        return tag[len(_A) :]
    return tag if not tag.startswith("{") else f"{{other}}{tag.split('}', 1)[1]}"


def _children(element: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    for child in element:
        name = _local(child)
        if name:
            yield name, child


def _find(element: etree._Element | None, *path: str) -> etree._Element | None:
    for step in path:
        if element is None:
            return None
        element = next((child for name, child in _children(element) if name == step), None)
    return element


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


class _Reader:
    def __init__(self, own: bool) -> None:
        self.own = own  # written by Atazan: numbers are read exactly as written
        self.problems: list[ImportProblem] = []
        self.element_of: dict[int, etree._Element] = {}

    def problem(self, element: etree._Element, message: str) -> None:
        self.problems.append(ImportProblem(_line(element), message))

    def unexpected(self, element: etree._Element, parent: str) -> None:
        name = _local(element).replace("{other}", "")
        self.problem(element, f"<{name}> inside <{parent}> is not supported")

    # Text ---------------------------------------------------------------

    def words(self, element: etree._Element) -> str:
        """The words of an inline run, as one clean line."""
        return clean_line("".join(self._raw_words(element)))

    def _raw_words(self, element: etree._Element) -> Iterator[str]:
        yield element.text or ""
        for child in element:
            name = _local(child)  # '' for comments and processing instructions
            if name == "authorialNote":
                self.problem(child, "footnotes (<authorialNote>) are not supported")
            elif name in _LINE_BREAKS:
                yield " "
            elif name:
                yield from self._raw_words(child)
            yield child.tail or ""

    def block_lines(self, container: etree._Element) -> list[str]:
        """One line per block in a container such as <content> or <preamble>."""
        lines = [clean_line(container.text or "")]
        number = ""  # a list item's <num>, put before the item's first line
        for name, child in _children(container):
            found: list[str] = []
            if name == "num":
                number = self.words(child)
            elif name in _LINE_BLOCKS and not any(
                n in _BLOCK_CONTAINERS or n in _LINE_BLOCKS for n, _ in _children(child)
            ):
                found.append(self.words(child))
            elif name in _BLOCK_CONTAINERS or name in _LINE_BLOCKS:
                found.extend(self.block_lines(child))
            else:
                self.unexpected(child, _local(container))
            if number and found:
                found[0], number = f"{number} {found[0]}".strip(), ""
            lines.extend(found)
            lines.append(clean_line(child.tail or ""))
        return [line for line in lines if line]

    # Provisions ---------------------------------------------------------

    def provision(self, element: etree._Element, kind: ProvisionKind) -> Provision:
        node = Provision(kind=kind, uid=clean_line(element.get("wId") or ""))
        self.element_of[id(node)] = element
        lines: list[str] = []
        name = _local(element)
        for child_name, child in _children(element):
            if child_name == "num":
                node.num = self.num(kind, child)
            elif child_name == "heading":
                node.heading = self.words(child)
            elif child_name == "subheading":
                node.heading = ". ".join(filter(None, [node.heading, self.words(child)]))
            elif child_name in ("intro", "content"):
                lines.extend(self.block_lines(child))
            elif child_name == "list":
                self.unwrap_list(child, node, lines)
            elif child_name == "wrapUp":
                self.problem(child, "text after the subdivisions (<wrapUp>) has no place in "
                             "the document model; move it into the last subdivision")  # fmt: skip
            elif child_name in _KIND_OF:
                node.children.append(self.provision(child, _KIND_OF[child_name]))
            else:
                self.unexpected(child, name)
        node.text = "\n".join(lines)
        if kind == "article" and not self.own:
            _unwrap_unnumbered_paragraphs(node)
        return node

    def unwrap_list(self, element: etree._Element, node: Provision, lines: list[str]) -> None:
        """A <list> groups points; its intro is its parent's own text."""
        for name, child in _children(element):
            if name == "intro":
                lines.extend(self.block_lines(child))
            elif name in _KIND_OF:
                node.children.append(self.provision(child, _KIND_OF[name]))
            elif name == "wrapUp":
                self.problem(child, "text after a list (<wrapUp>) has no place in the "
                             "document model; move it into the last point")  # fmt: skip
            else:
                self.unexpected(child, "list")

    def num(self, kind: ProvisionKind, element: etree._Element) -> str:
        """The number as the model keeps it: ``3-1`` from ``3-1.``, ``33`` from ``Статья 33``."""
        written = self.words(element)
        if self.own:
            mark = {"paragraph": ".", "point": ")"}.get(kind, "")
            return written.removesuffix(mark) if mark else written
        parsed = read_line(written)
        if parsed.kind == "heading" and parsed.heading_kind == kind and parsed.num:
            return parsed.num
        # "Title I", "§ 5", "(a)", "1.": the last word, without its decoration.
        last = written.split(" ")[-1] if written else ""
        return last.strip("()[]§¶").rstrip(".:")


def _unwrap_unnumbered_paragraphs(article: Provision) -> None:
    """Other tools wrap an article's unnumbered text in <paragraph>s: make it the article's."""
    children = article.children
    if not children or any(c.kind != "paragraph" or c.num or c.heading for c in children):
        return
    if any(c.children for c in children[:-1]):
        return  # text after points cannot be placed; find_flaws reports the numbers
    article.text = "\n".join(filter(None, [article.text, *(c.text for c in children)]))
    article.children = children[-1].children


def parse_akn(
    data: bytes,
    *,
    language: str | None = None,
    uid_namespace: str | None = None,
) -> Document:
    """Read an Akoma Ntoso 3.0 act; every problem is reported with its line.

    ``language`` is what the caller knows the text to be: used when the file
    names none, a problem when it names another. Provisions without ``wId``
    get uids derived from their ``eId`` in ``uid_namespace`` (default
    ``work:version``, else a hash of the file).
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        # The parser's own log: the exception's may hold errors of earlier parses.
        entries = cast("Iterable[Any]", parser.error_log)
        problems = [ImportProblem(e.line or None, f"not well-formed XML: {e.message}")
                    for e in entries if e.level >= etree.ErrorLevels.ERROR]  # fmt: skip
        raise TextImportError(
            problems or [ImportProblem(exc.lineno, f"not well-formed XML: {exc.msg}")]
        ) from exc

    if _local(root) != "akomaNtoso":
        name = etree.QName(root).localname
        namespace = etree.QName(root).namespace or "no namespace"
        message = (
            f"<akomaNtoso> is in {namespace}; only Akoma Ntoso 3.0 ({AKN_NS}) is read"
            if name == "akomaNtoso"
            else f"the root element is <{name}>, not <akomaNtoso>"
        )
        raise TextImportError([ImportProblem(_line(root), message)])
    act = next((child for name, child in _children(root) if name in ("act", "bill", "doc")), None)
    if act is None:
        raise TextImportError([ImportProblem(_line(root), "no <act>, <bill> or <doc> element")])

    meta = _find(act, "meta")
    proprietary = next(
        (c for n, c in _children(meta) if n == "proprietary" and c.find(_OWN) is not None), None
    ) if meta is not None else None  # fmt: skip
    own = proprietary.find(_OWN) if proprietary is not None else None
    reader = _Reader(own=own is not None)
    values, value_element = _read_meta(act, meta, own, reader)

    if language:
        stated = values.get("language", "")
        if stated and stated != language:
            where = value_element.get("language", act)
            reader.problem(
                where, f"the file says language {stated!r}, but {language!r} was asked for"
            )
        values["language"] = language

    children: list[Provision] = []
    body_seen = False
    for name, part in _children(act):
        if name == "preamble":
            preamble = Provision(kind="preamble", uid=clean_line(part.get("wId") or ""))
            reader.element_of[id(preamble)] = part
            preamble.text = "\n".join(reader.block_lines(part))
            children.insert(0, preamble)
        elif name == "body":
            body_seen = True
            for child_name, element in _children(part):
                kind = _KIND_OF.get(child_name)
                if kind in ("section", "chapter", "article"):
                    children.append(reader.provision(element, kind))
                else:
                    reader.unexpected(element, "body")
        elif name not in _IGNORED_PARTS:
            reader.problem(part, f"<{name.replace('{other}', '')}> is not supported: "
                           "only the preamble and the body are imported")  # fmt: skip
    if not body_seen:
        reader.problem(act, f"<{_local(act)}> has no <body>")

    document = Document(
        title=values.get("title", ""),
        language=values.get("language", ""),
        work=values.get("work", ""),
        version=values.get("version", ""),
        date=values.get("date", ""),
        status=cast(VersionStatus, values.get("status") or "in_force"),
        note=values.get("note", ""),
        children=children,
    )
    _assign_uids(document, reader, data, uid_namespace)
    for flaw in find_flaws(document):
        if flaw.provision is not None:
            flawed = reader.element_of.get(id(flaw.provision))
            line = _line(flawed) if flawed is not None else None
        else:
            field_element = value_element.get(flaw.field)
            line = _line(field_element) if field_element is not None else None
        message = flaw.message
        earlier = reader.element_of.get(id(flaw.earlier)) if flaw.earlier else None
        if earlier is not None and _line(earlier):
            message += f" (first on line {_line(earlier)})"
        reader.problems.append(ImportProblem(line, message))
    if reader.problems:
        raise TextImportError(by_line(reader.problems))
    return document


def _assign_uids(document: Document, reader: _Reader, data: bytes, namespace: str | None) -> None:
    """Provisions without wId: a uid from their eId as written, else as derived."""
    if namespace is None:
        if document.work and document.version:
            namespace = f"{document.work}:{document.version}"
        else:
            namespace = "akn:" + hashlib.sha256(data).hexdigest()[:16]
    for loc in document.located():
        provision = loc.provision
        if not provision.uid:
            element = reader.element_of.get(id(provision))
            written = clean_line(element.get("eId") or "") if element is not None else ""
            provision.uid = derive_uid(namespace, written or loc.eid)


def _read_meta(
    act: etree._Element,
    meta: etree._Element | None,
    own: etree._Element | None,
    reader: _Reader,
) -> tuple[dict[str, str], dict[str, etree._Element]]:
    """Metadata values, and the element each came from (for problem lines)."""
    values: dict[str, str] = {}
    source: dict[str, etree._Element] = {}
    identification = _find(meta, "identification")
    expression = _find(identification, "FRBRExpression")
    language = _find(expression, "FRBRlanguage")
    if language is not None:
        code = (language.get("language") or "").strip()
        values["language"] = _LANGUAGE_FROM_CODE.get(code.lower(), code)
        source["language"] = language
    preface = _find(act, "preface")
    doc_title = next(
        (e for e in preface.iter() if _local(e) == "docTitle"), None
    ) if preface is not None else None  # fmt: skip
    if doc_title is not None:
        values["title"] = reader.words(doc_title)
        source["title"] = doc_title
    if own is not None:
        for key in _META_KEYS:
            values[key] = own.get(key, "")
            source[key] = own
        return values, source
    date = _find(expression, "FRBRdate")
    if date is not None and date.get("name") != "unknown":
        values["date"] = (date.get("date") or "")[:10]
        source["date"] = date
    version = _find(expression, "FRBRversionNumber")
    if version is not None:
        values["version"] = clean_line(version.get("value") or "")
    uri = _find(identification, "FRBRWork", "FRBRuri")
    if uri is not None:
        values["work"] = unquote((uri.get("value") or "").rstrip("/").rsplit("/", 1)[-1])
    return values, source


__all__ = ["AKN_NS", "LANGUAGE_CODES", "frbr_uris", "parse_akn", "to_akn"]

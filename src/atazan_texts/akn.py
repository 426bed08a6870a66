"""Akoma Ntoso 3.0: export and import without loss.

Position ids go to ``eId`` and permanent ids to ``wId``; everything the FRBR
metadata has no exact place for (status, note, the version label as written)
is kept in a ``<proprietary>`` block, so ``parse_akn(to_akn(doc)) == doc``
holds for every valid document. Import also accepts Akoma Ntoso written by
other tools: ``part``/``title`` read as sections, ``list`` items as points,
and anything else in the body is reported with its line.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from atazan_texts.errors import ImportProblem, TextImportError
from atazan_texts.model import (
    EID_PREFIX,
    Document,
    Provision,
    derive_uid,
)

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
ATAZAN_NS = "https://atazan.org/ns/akn-metadata/1.0"
_A = f"{{{AKN_NS}}}"
NSMAP: Any = {None: AKN_NS}

LANGUAGE_CODES = {"kk": "kaz", "ru": "rus", "en": "eng"}
LANGUAGE_FROM_CODE = {v: k for k, v in LANGUAGE_CODES.items()}

_ELEMENT_OF_KIND = {
    "section": "section",
    "chapter": "chapter",
    "article": "article",
    "paragraph": "paragraph",
    "point": "point",
}
_KIND_OF_ELEMENT = {
    "section": "section",
    "part": "section",
    "title": "section",
    "chapter": "chapter",
    "article": "article",
    "paragraph": "paragraph",
    "point": "point",
    "item": "point",
}
_SPACE = re.compile(r"\s+")


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, _A + tag, {k: v for k, v in attrs.items()})


def _num_text(provision: Provision) -> str:
    if provision.kind == "paragraph":
        return f"{provision.num}."
    if provision.kind == "point":
        return f"{provision.num})"
    return provision.num


def _add_lines(parent: etree._Element, text: str) -> None:
    for line in text.split("\n") if text else [""]:
        p = _sub(parent, "p")
        p.text = line


def _frbr(document: Document) -> tuple[str, str]:
    work = document.work or "constitution"
    lang = LANGUAGE_CODES.get(document.language, document.language or "und")
    version = document.version or document.date or "current"
    work_uri = f"/akn/xx/act/constitution/{work}"
    return work_uri, f"{work_uri}/{lang}@{version}"


def to_akn(document: Document) -> bytes:
    """The document as an Akoma Ntoso 3.0 act (UTF-8 XML bytes)."""
    root = etree.Element(_A + "akomaNtoso", nsmap=NSMAP)
    act = _sub(root, "act", name="constitution")
    meta = _sub(act, "meta")
    identification = _sub(meta, "identification", source="#atazan")
    work_uri, expression_uri = _frbr(document)
    date = document.date or "1900-01-01"
    for level, this, uri in (
        ("FRBRWork", f"{work_uri}/main", work_uri),
        ("FRBRExpression", f"{expression_uri}/main", expression_uri),
        ("FRBRManifestation", f"{expression_uri}/main.xml", f"{expression_uri}.akn"),
    ):
        frbr = _sub(identification, level)
        _sub(frbr, "FRBRthis", value=this)
        _sub(frbr, "FRBRuri", value=uri)
        _sub(frbr, "FRBRdate", date=date, name=document.status)
        _sub(frbr, "FRBRauthor", href="#atazan")
        if level == "FRBRWork":
            _sub(frbr, "FRBRcountry", value="xx")
        if level == "FRBRExpression":
            _sub(frbr, "FRBRlanguage", language=LANGUAGE_CODES.get(document.language, "und"))
    references = _sub(meta, "references", source="#atazan")
    _sub(references, "TLCOrganization", eId="atazan", href="/ontology/organization/atazan",
         showAs="Atazan")  # fmt: skip
    proprietary = _sub(meta, "proprietary", source="#atazan")
    etree.SubElement(
        proprietary,
        f"{{{ATAZAN_NS}}}document",
        {
            "title": document.title,
            "language": document.language,
            "work": document.work,
            "version": document.version,
            "date": document.date,
            "status": document.status,
            "note": document.note,
        },
        nsmap={"atazan": ATAZAN_NS},
    )
    preface = _sub(act, "preface")
    title_p = _sub(preface, "p")
    doc_title = _sub(title_p, "docTitle")
    doc_title.text = document.title

    located = {id(loc.provision): loc.eid for loc in document.located()}
    body: etree._Element | None = None
    for provision in document.children:
        if provision.kind == "preamble":
            preamble = _sub(act, "preamble", eId=located[id(provision)], wId=provision.uid)
            _add_lines(preamble, provision.text)
            continue
        if body is None:
            body = _sub(act, "body")
        _write_provision(body, provision, located)
    if body is None:
        _sub(act, "body")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _write_provision(
    parent: etree._Element, provision: Provision, located: dict[int, str]
) -> None:
    element = _sub(
        parent, _ELEMENT_OF_KIND[provision.kind], eId=located[id(provision)], wId=provision.uid
    )
    if provision.num:
        _sub(element, "num").text = _num_text(provision)
    if provision.heading:
        _sub(element, "heading").text = provision.heading
    if provision.children:
        if provision.text:
            _add_lines(_sub(element, "intro"), provision.text)
        for child in provision.children:
            _write_provision(element, child, located)
    else:
        _add_lines(_sub(element, "content"), provision.text)


# --------------------------------------------------------------------------- import


def _local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.split("}", 1)[1] if "}" in tag else tag


def _text_of(element: etree._Element) -> str:
    return "".join(str(piece) for piece in element.itertext())


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


def _lines_of(container: etree._Element) -> list[str]:
    lines = []
    for p in container:
        if _local(p) in ("p", "blockList", "block"):
            lines.append(_SPACE.sub(" ", _text_of(p)).strip())
    return lines


def _join(lines: list[str]) -> str:
    kept = [line for line in lines if line]
    return "\n".join(kept)


def _strip_num(kind: str, value: str) -> str:
    value = _SPACE.sub(" ", value).strip()
    if kind == "paragraph" and value.endswith("."):
        value = value[:-1]
    if kind == "point" and value.endswith(")"):
        value = value[:-1]
    if kind in ("section", "chapter", "article"):
        # "Article 33" / "Статья 33" / "33-бап" written by other tools: keep the number.
        found = re.search(r"([0-9]+(?:-[0-9]+)*|[IVXLCDM]+)", value)
        if found and value != found.group(1):
            return found.group(1)
    return value


class _Reader:
    def __init__(self) -> None:
        self.problems: list[ImportProblem] = []

    def problem(self, element: etree._Element, message: str) -> None:
        self.problems.append(ImportProblem(_line(element), message))

    def provision(self, element: etree._Element) -> Provision | None:
        name = _local(element)
        kind = _KIND_OF_ELEMENT[name]
        node = Provision(kind=kind, uid=element.get("wId") or "")  # type: ignore[arg-type]
        if not node.uid and element.get("eId"):
            node.uid = derive_uid("akn-eid", element.get("eId", ""))
        text_lines: list[str] = []
        for child in element:
            child_name = _local(child)
            if not child_name:
                continue
            if child_name == "num":
                node.num = _strip_num(kind, _text_of(child))
            elif child_name in ("heading", "subheading"):
                node.heading = _SPACE.sub(" ", _text_of(child)).strip()
            elif child_name in ("content", "intro", "wrapUp"):
                text_lines.extend(_lines_of(child))
            elif child_name == "list":
                for item in child:
                    item_name = _local(item)
                    if item_name == "intro":
                        text_lines.extend(_lines_of(item))
                    elif item_name in _KIND_OF_ELEMENT:
                        sub = self.provision(item)
                        if sub is not None:
                            node.children.append(sub)
                    elif item_name:
                        self.problem(item, f"unexpected <{item_name}> in a list")
            elif child_name in _KIND_OF_ELEMENT:
                sub = self.provision(child)
                if sub is not None:
                    node.children.append(sub)
            else:
                self.problem(child, f"unexpected <{child_name}> inside <{name}>")
        node.text = _join(text_lines)
        if kind == "paragraph" and not node.num:
            self.problem(element, "a paragraph without <num>")
        return node


def parse_akn(data: bytes) -> Document:
    """Read an Akoma Ntoso 3.0 act. Every problem is reported with its line."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise TextImportError([ImportProblem(exc.lineno, f"not well-formed XML: {exc.msg}")]) from exc
    reader = _Reader()
    if _local(root) != "akomaNtoso":
        raise TextImportError([ImportProblem(_line(root), "the root element is not <akomaNtoso>")])
    act = next((child for child in root if _local(child) in ("act", "bill", "doc")), None)
    if act is None:
        raise TextImportError([ImportProblem(_line(root), "no <act> element")])

    meta_values = _read_meta(act)
    children: list[Provision] = []
    body_found = False
    for part in act:
        name = _local(part)
        if name == "preamble":
            preamble = Provision(kind="preamble", uid=part.get("wId") or "")
            if not preamble.uid:
                preamble.uid = derive_uid("akn-eid", part.get("eId") or "preamble")
            preamble.text = _join(_lines_of(part))
            children.insert(0, preamble)
        elif name == "body":
            body_found = True
            for element in part:
                element_name = _local(element)
                if not element_name:
                    continue
                if element_name in _KIND_OF_ELEMENT and _KIND_OF_ELEMENT[element_name] in (
                    "section",
                    "chapter",
                    "article",
                ):
                    node = reader.provision(element)
                    if node is not None:
                        children.append(node)
                else:
                    reader.problem(element, f"unexpected <{element_name}> in <body>")
    if not body_found:
        reader.problems.append(ImportProblem(_line(act), "no <body> element"))
    if reader.problems:
        raise TextImportError(reader.problems)
    document = Document(children=children, **meta_values)
    _check_nesting(document, reader)
    if reader.problems:
        raise TextImportError(reader.problems)
    return document


def _check_nesting(document: Document, reader: _Reader) -> None:
    from atazan_texts.model import ALLOWED_CHILDREN

    def visit(node: Provision) -> None:
        for child in node.children:
            if child.kind not in ALLOWED_CHILDREN[node.kind]:
                reader.problems.append(
                    ImportProblem(None, f"a {child.kind} cannot stand inside a {node.kind}")
                )
            visit(child)

    for node in document.children:
        visit(node)


def _read_meta(act: etree._Element) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "",
        "language": "",
        "work": "",
        "version": "",
        "date": "",
        "status": "in_force",
        "note": "",
    }
    own = act.find(f".//{{{ATAZAN_NS}}}document")
    if own is not None:
        for key in values:
            values[key] = own.get(key, values[key])
        return values
    language = act.find(f".//{_A}FRBRExpression/{_A}FRBRlanguage")
    if language is not None:
        code = language.get("language", "")
        values["language"] = LANGUAGE_FROM_CODE.get(code, code[:2])
    date = act.find(f".//{_A}FRBRExpression/{_A}FRBRdate")
    if date is not None:
        values["date"] = date.get("date", "")
    uri = act.find(f".//{_A}FRBRWork/{_A}FRBRuri")
    if uri is not None:
        values["work"] = uri.get("value", "").rstrip("/").rsplit("/", 1)[-1]
    title = act.find(f".//{_A}docTitle")
    if title is not None:
        values["title"] = _SPACE.sub(" ", _text_of(title)).strip()
    return values


__all__ = ["AKN_NS", "EID_PREFIX", "parse_akn", "to_akn"]

"""JSON form of a Document, for the API and open data.

Each provision carries its derived ``eid`` for readers; it is ignored on
input, since a position id is always recomputed from the structure.
"""

from __future__ import annotations

from typing import Any

from atazan_texts.errors import ImportProblem, TextImportError
from atazan_texts.model import PROVISION_KINDS, Document, Provision

FORMAT_VERSION = 1


def to_json(document: Document) -> dict[str, Any]:
    eids = {id(loc.provision): loc.eid for loc in document.located()}

    def node(provision: Provision) -> dict[str, Any]:
        return {
            "kind": provision.kind,
            "num": provision.num,
            "heading": provision.heading,
            "text": provision.text,
            "uid": provision.uid,
            "eid": eids[id(provision)],
            "children": [node(child) for child in provision.children],
        }

    return {
        "format": "atazan-constitution",
        "format_version": FORMAT_VERSION,
        "title": document.title,
        "language": document.language,
        "work": document.work,
        "version": document.version,
        "date": document.date,
        "status": document.status,
        "note": document.note,
        "children": [node(child) for child in document.children],
    }


def from_json(data: Any) -> Document:
    problems: list[ImportProblem] = []
    if not isinstance(data, dict):
        raise TextImportError([ImportProblem(None, "the JSON document must be an object")])

    def text_field(obj: dict[str, Any], key: str, where: str) -> str:
        value = obj.get(key, "")
        if not isinstance(value, str):
            problems.append(ImportProblem(None, f"{where}.{key}: must be a string"))
            return ""
        return value

    def node(obj: Any, where: str) -> Provision:
        if not isinstance(obj, dict):
            problems.append(ImportProblem(None, f"{where}: must be an object"))
            return Provision(kind="article")
        kind = obj.get("kind")
        if kind not in PROVISION_KINDS:
            problems.append(ImportProblem(None, f"{where}.kind: {kind!r} is not a provision kind"))
            kind = "article"
        children = obj.get("children", [])
        if not isinstance(children, list):
            problems.append(ImportProblem(None, f"{where}.children: must be a list"))
            children = []
        return Provision(
            kind=kind,  # type: ignore[arg-type]
            num=text_field(obj, "num", where),
            heading=text_field(obj, "heading", where),
            text=text_field(obj, "text", where),
            uid=text_field(obj, "uid", where),
            children=[node(child, f"{where}.children[{i}]") for i, child in enumerate(children)],
        )

    raw_children = data.get("children", [])
    if not isinstance(raw_children, list):
        problems.append(ImportProblem(None, "children: must be a list"))
        raw_children = []
    document = Document(
        title=text_field(data, "title", "document"),
        language=text_field(data, "language", "document"),
        work=text_field(data, "work", "document"),
        version=text_field(data, "version", "document"),
        date=text_field(data, "date", "document"),
        status=text_field(data, "status", "document") or "in_force",  # type: ignore[arg-type]
        note=text_field(data, "note", "document"),
        children=[node(child, f"children[{i}]") for i, child in enumerate(raw_children)],
    )
    if document.status not in ("in_force", "draft", "historical"):
        problems.append(ImportProblem(None, f"status: {document.status!r} is not a status"))
    if problems:
        raise TextImportError(problems)
    return document

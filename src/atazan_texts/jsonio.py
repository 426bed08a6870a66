"""JSON form of a Document, for the API and open data.

Each provision carries its derived ``eid`` for readers; it is ignored on
input, since a position id is always recomputed from the structure. Input
problems name the JSON path (``children[2].children[0].num``), as a parsed
object has no lines.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, cast

from atazan_texts.errors import ImportProblem, TextImportError
from atazan_texts.model import (
    PROVISION_KINDS,
    Document,
    Provision,
    ProvisionKind,
    VersionStatus,
    assign_missing_uids,
    clean_line,
    clean_text,
    find_flaws,
)

FORMAT = "atazan-constitution"
FORMAT_VERSION = 1

_DOCUMENT_KEYS = ("title", "language", "work", "version", "date", "status", "note")
_PROVISION_KEYS = ("kind", "num", "heading", "text", "uid", "eid", "children")


def to_json(document: Document) -> dict[str, Any]:
    """A JSON-ready dict: metadata, then the provision tree with eids added."""
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
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        **{key: getattr(document, key) for key in _DOCUMENT_KEYS},
        "children": [node(child) for child in document.children],
    }


def from_json(
    data: Mapping[str, Any],
    *,
    language: str | None = None,
    uid_namespace: str | None = None,
) -> Document:
    """Read the dict ``to_json`` writes; every problem is reported at once.

    Text is cleaned as every importer cleans it (``model.clean_text``).
    ``language`` fills a missing language and must agree with a given one.
    Provisions without a uid get one derived from their position in
    ``uid_namespace`` (default ``work:version``, else a hash of the data).
    """
    problems: list[ImportProblem] = []

    def problem(where: str, message: str) -> None:
        problems.append(ImportProblem(None, f"{where}: {message}" if where else message))

    if not isinstance(data, Mapping):
        raise TextImportError([ImportProblem(None, "the JSON document must be an object")])
    if data.get("format", FORMAT) != FORMAT:
        problem("format", f"{data.get('format')!r} is not {FORMAT!r}")
    if data.get("format_version", FORMAT_VERSION) != FORMAT_VERSION:
        problem("format_version", f"{data.get('format_version')!r} is not {FORMAT_VERSION}")
    known = {"format", "format_version", "children", *_DOCUMENT_KEYS}
    for key in data:
        if key not in known:
            problem(str(key), "unknown field")

    def string(obj: Mapping[str, Any], key: str, where: str) -> str:
        value = obj.get(key, "")
        if not isinstance(value, str):
            problem(f"{where}{key}", "must be a string")
            return ""
        return value

    path_of: dict[int, str] = {}

    def node(obj: Any, where: str) -> Provision | None:
        if not isinstance(obj, Mapping):
            problem(where, "must be an object")
            return None
        for key in obj:
            if key not in _PROVISION_KEYS:
                problem(f"{where}.{key}", "unknown field")
        kind = obj.get("kind")
        if kind not in PROVISION_KINDS:
            problem(f"{where}.kind", f"{kind!r} is not one of {', '.join(PROVISION_KINDS)}")
            return None
        provision = Provision(
            kind=cast(ProvisionKind, kind),
            num=clean_line(string(obj, "num", f"{where}.")),
            heading=clean_line(string(obj, "heading", f"{where}.")),
            text=clean_text(string(obj, "text", f"{where}.")),
            uid=clean_line(string(obj, "uid", f"{where}.")),
            children=nodes(obj.get("children", []), f"{where}.children"),
        )
        path_of[id(provision)] = where
        return provision

    def nodes(value: Any, where: str) -> list[Provision]:
        if not isinstance(value, list):
            problem(where, "must be a list")
            return []
        built = (node(child, f"{where}[{index}]") for index, child in enumerate(value))
        return [provision for provision in built if provision is not None]

    values = {key: clean_line(string(data, key, "")) for key in _DOCUMENT_KEYS}
    if language:
        if values["language"] and values["language"] != language:
            problem(
                "language", f"the file says {values['language']!r}, but {language!r} was asked for"
            )
        values["language"] = language
    document = Document(
        title=values["title"],
        language=values["language"],
        work=values["work"],
        version=values["version"],
        date=values["date"],
        status=cast(VersionStatus, values["status"] or "in_force"),
        note=values["note"],
        children=nodes(data.get("children", []), "children"),
    )
    if problems:
        raise TextImportError(problems)
    if uid_namespace is None:
        if document.work and document.version:
            uid_namespace = f"{document.work}:{document.version}"
        else:
            canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
            uid_namespace = "json:" + hashlib.sha256(canonical.encode()).hexdigest()[:16]
    assign_missing_uids(document, uid_namespace)
    for flaw in find_flaws(document):
        where = path_of.get(id(flaw.provision), flaw.field) if flaw.provision else flaw.field
        message = flaw.message
        if flaw.earlier is not None and id(flaw.earlier) in path_of:
            message += f" (first at {path_of[id(flaw.earlier)]})"
        problem(where, message)
    if problems:
        raise TextImportError(problems)
    return document

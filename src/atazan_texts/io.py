"""One entry point to read and write texts in any supported format."""

from __future__ import annotations

import json
from pathlib import Path

from atazan_texts.akn import parse_akn, to_akn
from atazan_texts.errors import ImportProblem, TextImportError
from atazan_texts.html import to_html
from atazan_texts.jsonio import from_json, to_json
from atazan_texts.model import Document, assign_missing_uids
from atazan_texts.plaintext import parse_plaintext, to_plaintext

INPUT_FORMATS = ("akn", "json", "txt")
OUTPUT_FORMATS = ("akn", "json", "html", "pdf", "txt")


def detect_format(data: bytes, name: str = "") -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".xml":
        return "akn"
    if suffix == ".json":
        return "json"
    if suffix in (".txt", ".md", ".markdown"):
        return "txt"
    head = data.lstrip()[:200]
    if head.startswith(b"<"):
        return "akn"
    if head.startswith(b"{"):
        return "json"
    return "txt"


def load_document(
    source: bytes | str | Path,
    fmt: str | None = None,
    *,
    language: str | None = None,
    uid_namespace: str | None = None,
) -> Document:
    """Read a text from bytes or a file path; the format is detected when not given."""
    name = ""
    if isinstance(source, Path):
        name = source.name
        data = source.read_bytes()
    elif isinstance(source, str):
        data = source.encode("utf-8")
    else:
        data = source
    fmt = fmt or detect_format(data, name)
    if fmt not in INPUT_FORMATS:
        raise TextImportError([ImportProblem(None, f"format: {fmt!r} is not one of {INPUT_FORMATS}")])
    if fmt == "akn":
        document = parse_akn(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise TextImportError([ImportProblem(line, "the file is not UTF-8 text")]) from exc
        if fmt == "json":
            try:
                payload = json.loads(text)
            except json.JSONDecodeError as exc:
                raise TextImportError([ImportProblem(exc.lineno, f"not valid JSON: {exc.msg}")]) from exc
            document = from_json(payload)
        else:
            document = parse_plaintext(text, language=language, uid_namespace=uid_namespace)
    if language and not document.language:
        document.language = language
    if fmt != "txt":
        namespace = uid_namespace or f"{document.work}:{document.version}"
        assign_missing_uids(document, namespace)
    return document


def dump_document(document: Document, fmt: str) -> bytes:
    if fmt == "akn":
        return to_akn(document)
    if fmt == "json":
        return json.dumps(to_json(document), ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "html":
        return to_html(document).encode("utf-8")
    if fmt == "txt":
        return to_plaintext(document).encode("utf-8")
    if fmt == "pdf":
        from atazan_texts.pdf import to_pdf

        return to_pdf(document)
    raise ValueError(f"format: {fmt!r} is not one of {OUTPUT_FORMATS}")

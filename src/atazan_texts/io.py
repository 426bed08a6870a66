"""One entry point to read and write texts in every supported format."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from atazan_texts.akn import parse_akn, to_akn
from atazan_texts.errors import ImportProblem, TextImportError
from atazan_texts.html import to_html
from atazan_texts.jsonio import from_json, to_json
from atazan_texts.model import Document
from atazan_texts.plaintext import parse_plaintext, to_plaintext

INPUT_FORMATS: tuple[str, ...] = ("akn", "json", "txt")
OUTPUT_FORMATS: tuple[str, ...] = ("akn", "json", "html", "pdf", "txt")

# Other names people use for the same formats.
_ALIASES = {"xml": "akn", "md": "txt", "markdown": "txt", "text": "txt", "htm": "html"}
_EXTENSIONS = {".xml": "akn", ".akn": "akn", ".json": "json", ".txt": "txt", ".md": "txt",
               ".markdown": "txt"}  # fmt: skip

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def normalise_format(fmt: str) -> str:
    """``xml`` → ``akn``, ``md`` → ``txt``; other names unchanged, lower-cased."""
    fmt = fmt.strip().lower().lstrip(".")
    return _ALIASES.get(fmt, fmt)


def detect_format(data: bytes, name: str = "") -> str:
    """The input format from a file name's extension, else from the first bytes."""
    by_name = _EXTENSIONS.get(Path(name).suffix.lower()) if name else None
    if by_name:
        return by_name
    head = _decode(data[:512], strict=False).lstrip()
    if head.startswith("<"):
        return "akn"
    if head.startswith("{"):
        return "json"
    return "txt"


def load_document(
    source: bytes | str | os.PathLike[str],
    fmt: str | None = None,
    *,
    language: str | None = None,
    uid_namespace: str | None = None,
    defaults: Mapping[str, str] | None = None,
) -> Document:
    """Read a text from bytes, or from a file when given a path.

    ``fmt`` (akn, json, txt, or an alias such as xml or md) is detected when
    not given. ``language`` is what the caller knows the text to be: it fills
    a missing language, and a file declaring another is refused.
    ``uid_namespace`` and, for plain text, ``defaults`` go to the parser.
    Raises ``TextImportError`` listing every problem.
    """
    name = ""
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        name = path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TextImportError([ImportProblem(None, f"{path}: {exc.strerror}")]) from exc
    chosen = normalise_format(fmt) if fmt else detect_format(data, name)
    if chosen not in INPUT_FORMATS:
        raise TextImportError(
            [ImportProblem(None, f"format {fmt!r} is not one of {', '.join(INPUT_FORMATS)}")]
        )
    if chosen == "akn":
        return parse_akn(data, language=language, uid_namespace=uid_namespace)
    text = _decode(data)
    if chosen == "json":
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TextImportError(
                [ImportProblem(exc.lineno, f"not valid JSON: {exc.msg}")]
            ) from exc
        if not isinstance(payload, dict):
            raise TextImportError([ImportProblem(1, "the JSON document must be an object")])
        return from_json(payload, language=language, uid_namespace=uid_namespace)
    return parse_plaintext(text, language=language, uid_namespace=uid_namespace, defaults=defaults)


def _decode(data: bytes, *, strict: bool = True) -> str:
    """UTF-8, or UTF-16 with a byte-order mark; a bad byte is reported by line."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), "utf-8")
    try:
        return data.decode(encoding, errors="strict" if strict else "replace")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"the file is not valid {encoding.removesuffix('-sig').upper()} text"
        raise TextImportError([ImportProblem(line, message)]) from exc


def dump_document(document: Document, fmt: str) -> bytes:
    """The document in ``fmt``: akn, json, html, pdf or txt (or an alias)."""
    chosen = normalise_format(fmt)
    if chosen == "akn":
        return to_akn(document)
    if chosen == "json":
        return (json.dumps(to_json(document), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if chosen == "html":
        return to_html(document).encode("utf-8")
    if chosen == "txt":
        return to_plaintext(document).encode("utf-8")
    if chosen == "pdf":
        from atazan_texts.pdf import to_pdf  # WeasyPrint loads only when PDF is asked for

        return to_pdf(document)
    raise ValueError(f"format {fmt!r} is not one of {', '.join(OUTPUT_FORMATS)}")

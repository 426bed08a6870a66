"""Constitution texts as data: the document model and its formats. Django-free.

``model`` holds the typed tree; ``plaintext``, ``akn`` and ``jsonio`` read and
write it; ``html`` and ``pdf`` render it; ``io`` picks the format. Every
importer returns a valid document (``model.find_flaws`` finds nothing) or
raises ``TextImportError`` listing every problem. ``testing`` holds
Hypothesis strategies for tests. PDF export is imported on demand, since
WeasyPrint is slow to load.
"""

from atazan_texts.akn import parse_akn, to_akn
from atazan_texts.errors import ImportProblem, TextImportError
from atazan_texts.html import render_body_html, to_html
from atazan_texts.io import dump_document, load_document
from atazan_texts.jsonio import from_json, to_json
from atazan_texts.model import Document, Provision, find_flaws
from atazan_texts.plaintext import parse_plaintext, to_plaintext

__all__ = [
    "Document",
    "ImportProblem",
    "Provision",
    "TextImportError",
    "dump_document",
    "find_flaws",
    "from_json",
    "load_document",
    "parse_akn",
    "parse_plaintext",
    "render_body_html",
    "to_akn",
    "to_html",
    "to_json",
    "to_plaintext",
]

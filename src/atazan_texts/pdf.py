"""PDF export through WeasyPrint, from the same HTML as the standalone page."""

from __future__ import annotations

from atazan_texts.html import to_html
from atazan_texts.model import Document


def to_pdf(document: Document) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only PDF export needs.
    from weasyprint import HTML

    pdf = HTML(string=to_html(document, standalone=True)).write_pdf()
    return bytes(pdf or b"")

"""PDF export through WeasyPrint, from the same page as the HTML export.

The page's print styles set A4, page numbers and DejaVu Sans, which covers
the Kazakh and Russian Cyrillic letters; WeasyPrint embeds the font.
"""

from __future__ import annotations

from atazan_texts.html import to_html
from atazan_texts.model import Document


def to_pdf(document: Document) -> bytes:
    """The document as a PDF, with its title and language in the PDF metadata."""
    # Imported here: WeasyPrint loads Pango at import, which only PDF export needs.
    from weasyprint import HTML

    pdf = HTML(string=to_html(document, standalone=True)).write_pdf()
    if not pdf:
        raise RuntimeError("WeasyPrint produced no PDF")
    return bytes(pdf)

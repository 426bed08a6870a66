"""A meeting's minutes as a PDF through WeasyPrint, one file per language.

The page is simple HTML (templates/commission/minutes_pdf.html) rendered in
the language of the minutes, so its headings match the text; DejaVu Sans
covers the Kazakh and Russian letters and WeasyPrint embeds it.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from atazan.commission import selectors
from atazan.commission.models import Meeting


def minutes_html(meeting: Meeting, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "commission/minutes_pdf.html",
            {
                "meeting": meeting,
                "language": language,
                "minutes": getattr(meeting, f"minutes_{language}", ""),
                "quorum": selectors.quorum_state(meeting),
                "votes": selectors.votes_of(meeting),
            },
        )


def minutes_pdf(meeting: Meeting, language: str) -> bytes:
    """The minutes of ``meeting`` in ``language`` as a PDF with its title and language set."""
    # Imported here: WeasyPrint loads Pango at import, which only PDF export needs.
    from weasyprint import HTML

    document = HTML(string=minutes_html(meeting, language)).write_pdf()
    if not document:
        raise RuntimeError("WeasyPrint produced no PDF")
    return bytes(document)

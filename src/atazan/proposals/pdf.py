"""The printable acknowledgement of a paper letter, as a PDF through WeasyPrint.

A letter's sender has no e-mail receipt: the operator prints this page and
posts it. It carries the registration number and the tracking secret, so it
is made only when the operator presents both and the secret matches the
stored hash; nothing about the secret is kept by making it.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from atazan.proposals.models import Proposal
from atazan.proposals.notify import tracking_url


def acknowledgement_language(proposal: Proposal) -> str:
    return proposal.language if proposal.language in ("kk", "ru", "en") else "kk"


def acknowledgement_html(proposal: Proposal, secret: str) -> str:
    language = acknowledgement_language(proposal)
    with translation.override(language):
        return render_to_string(
            "proposals/acknowledgement_pdf.html",
            {
                "p": proposal,
                "secret": secret,
                "language": language,
                "registered": timezone.localtime(proposal.registered_at),
                "track_url": tracking_url(),
            },
        )


def acknowledgement_pdf(proposal: Proposal, secret: str) -> bytes:
    """The acknowledgement in the sender's language, ready to print and post."""
    # Imported here: WeasyPrint loads Pango at import, which only PDF export needs.
    from weasyprint import HTML

    document = HTML(string=acknowledgement_html(proposal, secret)).write_pdf()
    if not document:
        raise RuntimeError("WeasyPrint produced no PDF")
    return bytes(document)

"""The public copy of a proposal: personal data masked, names only with consent."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from atazan_redact import redact
from atazan_redact.detect import TOKEN_RE


def public_copy(
    text: str,
    *,
    name: str = "",
    keep_name: bool = False,
    iin: str = "",
    bin_: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
) -> str:
    """``text`` as it may be published.

    The detectors mask every IIN/BIN, phone, e-mail, document number and
    address they recognise; the submitter's own IIN/BIN, e-mail, phone and
    address, and their name unless they agreed to publish it, are masked
    wherever they occur, however they are written (``atazan_redact.known``).
    """
    known = [("iin", iin), ("iin", bin_), ("email", email), ("phone", phone), ("address", address)]
    if not keep_name and name:
        known.append(("name", name))
    return redact(text, known=known)


def labels() -> dict[str, str]:
    return {
        "iin": _("IIN/BIN hidden"),
        "phone": _("phone hidden"),
        "email": _("e-mail hidden"),
        "document": _("document number hidden"),
        "address": _("address hidden"),
        "name": _("name hidden"),
    }


_ANY_TOKEN = re.compile(TOKEN_RE.pattern.replace("address", "address|name"))


def render_public(text: str) -> SafeString:
    """HTML for a public text: the masks shown as labels in the reader's language."""
    names = labels()
    parts: list[str] = []
    position = 0
    for m in _ANY_TOKEN.finditer(text):
        parts.append(escape(text[position : m.start()]))
        parts.append(f'<span class="redacted">[{escape(names[m.group(1)])}]</span>')
        position = m.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def plain_public(text: str) -> str:
    """A public text for exports: masks as bracketed labels."""
    names = labels()
    return _ANY_TOKEN.sub(lambda m: f"[{names[m.group(1)]}]", text)

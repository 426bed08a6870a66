"""The public copy of a proposal: personal data masked, names only with consent."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from atazan_redact import redact
from atazan_redact.detect import TOKEN_RE, token


def _mask_known(text: str, values: Iterable[tuple[str, str]]) -> str:
    """Mask the submitter's own data even where the detectors would not see it."""
    for kind, value in values:
        value = value.strip()
        if len(value) < 5:
            continue
        lower, needle = text.lower(), value.lower()
        if needle not in lower:
            continue
        if len(lower) != len(text):  # a letter whose lower case is longer: match with a regex
            text = re.sub(re.escape(value), token(kind), text, flags=re.IGNORECASE)
            continue
        parts, position = [], 0
        while (found := lower.find(needle, position)) >= 0:
            parts += [text[position:found], token(kind)]
            position = found + len(needle)
        text = "".join([*parts, text[position:]])
    return text


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
    """``text`` as it may be published."""
    known = [("iin", iin), ("iin", bin_), ("email", email), ("phone", phone), ("address", address)]
    if not keep_name and name:
        known.append(("name", name))
    return redact(_mask_known(text, known))


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

"""Language codes of analysis results named in the reader's language ("Kazakh", "казахский").

Themes and proposals store ISO codes; a reader should never have to know them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """The language's name in the interface language; a code Django does not know stays as is."""
    if code == "other":
        return _("another language")
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


@register.filter
def language_names(codes: Sequence[str] | str) -> str:
    """Several languages' names, joined: "Kazakh, Russian"."""
    if isinstance(codes, str):
        codes = [codes]
    return ", ".join(language_name(code) for code in codes)


@register.filter
def theme_languages(theme: object) -> list[str]:
    """A theme's languages: its members' languages, or its one language for older runs."""
    languages = list(getattr(theme, "languages", None) or [])
    return languages or [str(getattr(theme, "language", ""))]

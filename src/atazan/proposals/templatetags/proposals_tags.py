from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from atazan.proposals.privacy import render_public

register = template.Library()


@register.filter
def public_text(value: str) -> SafeString:
    """A masked public text with paragraphs, the masks shown as labels."""
    return mark_safe(linebreaks(render_public(value or ""), autoescape=False))  # noqa: S308


@register.filter
def days_left(deadline: dt.date | None, today: dt.date) -> int | None:
    return None if deadline is None else (deadline - today).days


@register.filter
def person(user: object) -> str:
    """A user's full name, or user name, or a dash."""
    if user is None:
        return "—"
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or getattr(user, "username", "") or "—")

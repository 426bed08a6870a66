"""Proposal text on analysis pages, masked for readers who may not open the cases.

Commission members read themes and campaigns but may not see citizens'
phones, e-mails or identity numbers: for them every quoted sentence, title
and representative text passes through the personal-data masking first.
"""

from __future__ import annotations

from typing import Any

from django import template

from atazan_redact import redact

register = template.Library()


@register.simple_tag(takes_context=True)
def shown_text(context: dict[str, Any], text: str) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is not None and user.has_perm("proposals.view_cases"):
        return text
    return redact(text or "")

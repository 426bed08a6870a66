from __future__ import annotations

from django.core.paginator import Page, Paginator

from atazan.core.models import AuditEntry


def audit_page(page_number: int | str | None, per_page: int = 50) -> Page:
    """Newest entries first: observers look at what just happened."""
    entries = AuditEntry.objects.order_by("-sequence")
    return Paginator(entries, per_page).get_page(page_number)

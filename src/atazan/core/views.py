from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from atazan.core.audit import verify_chain
from atazan.core.selectors import audit_page


def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("core.view_audit_log"):
        raise PermissionDenied
    page = audit_page(request.GET.get("page"))
    problem = verify_chain() if request.GET.get("verify") else None
    return render(
        request,
        "core/audit_log.html",
        {"page": page, "problem": problem, "verified": bool(request.GET.get("verify"))},
    )

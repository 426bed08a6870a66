from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from atazan.core import audit
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


def checkpoints(request: HttpRequest) -> HttpResponse:
    """The signed checkpoints of the audit log, public: anyone may keep a copy."""
    return render(
        request,
        "core/checkpoints.html",
        {"checkpoints": audit.published_checkpoints(limit=500)},
    )


def checkpoints_json(request: HttpRequest) -> HttpResponse:
    """Every published checkpoint, for the open data: each document as it was signed."""
    data = {
        "format": audit.CHECKPOINT_FORMAT,
        "checkpoints": [json.loads(c.document) for c in audit.published_checkpoints()],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )


def checkpoint_json(request: HttpRequest, pk: int) -> HttpResponse:
    """One checkpoint, byte for byte as issued: the file `verify_audit_log --checkpoint` reads."""
    checkpoint = audit.published_checkpoint(pk)
    if checkpoint is None:
        raise Http404
    response = HttpResponse(checkpoint.document, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'inline; filename="audit-checkpoint-{checkpoint.sequence}-{checkpoint.pk}.json"'
    )
    return response

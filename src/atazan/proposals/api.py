"""The intake API for partner systems (e-Otinish, eGov and the like).

Each partner has its own key (``Authorization: Bearer atz_...``). Every POST
carries an ``Idempotency-Key``: a retried request gets the first answer again
and creates nothing new. The partner's own id of the appeal (``external_id``)
is unique too, so even a retry with a new key cannot register it twice.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from atazan.core.requests import read_json
from atazan.proposals import actions, selectors
from atazan.proposals.intake import (
    InvalidSubmission,
    character_problem,
    clean_submission,
    text_problems,
)
from atazan.proposals.models import Channel, Partner

#: The largest body accepted: a proposal's text is at most 50,000 characters (up to
#: 200 KB in UTF-8), and the whole body is refused before it is read when it declares more.
MAX_BODY = 256 * 1024
#: How deeply lists and objects may nest; the documented body nests two levels.
MAX_DEPTH = 8


PARTNER_CACHE_SECONDS = 30
_partners: dict[str, tuple[float, Partner | None]] = {}


def _api_key(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    return (
        header[7:].strip()
        if header.lower().startswith("bearer ")
        else request.headers.get("X-Api-Key", "")
    )


def _partner(request: HttpRequest) -> Partner | None:
    """The partner whose key the request carries; kept 30 s per process (deactivation applies then)."""
    key = _api_key(request)
    parts = key.split("_")
    if len(parts) < 3 or parts[0] != "atz":
        return None
    now = time.monotonic()
    cached = _partners.get(parts[1])
    if cached is None or now - cached[0] > PARTNER_CACHE_SECONDS:
        found = selectors.active_partner(parts[1])
        if len(_partners) > 1000:
            _partners.clear()
        cached = _partners[parts[1]] = (now, found)
    partner = cached[1]
    if partner is None:
        return None
    digest = hashlib.sha256(key.encode()).hexdigest()
    return partner if hmac.compare_digest(digest, partner.key_hash) else None


def _error(status: int, code: str, detail: Any) -> JsonResponse:
    return JsonResponse({"error": code, "detail": detail}, status=status)


def _flatten(body: dict[str, Any]) -> dict[str, Any]:
    """Accept the submitter and consents nested (as documented) or flat."""
    raw = dict(body)
    submitter = raw.pop("submitter", None) or {}
    if isinstance(submitter, dict):
        for key, name in (
            ("type", "submitter_type"),
            ("name", "submitter_name"),
            ("iin", "iin"),
            ("bin", "bin"),
            ("region", "region"),
            ("email", "contact_email"),
            ("phone", "contact_phone"),
            ("address", "postal_address"),
        ):
            if key in submitter:
                raw[name] = submitter[key]
    consents = raw.pop("consents", None) or {}
    if isinstance(consents, dict):
        for key in ("publish_text", "publish_name"):
            if key in consents:
                raw[f"consent_{key}"] = consents[key]
    return raw


def _shape_problems(body: dict[str, Any]) -> dict[str, str]:
    """The nested parts and the id must have the documented shape; text fields are text."""
    problems: dict[str, str] = {}
    for name in ("submitter", "consents"):
        if body.get(name) is not None and not isinstance(body[name], dict):
            problems[name] = _("must be an object with named fields")
    external_id = body.get("external_id")
    if external_id is not None:
        if not isinstance(external_id, str | int) or isinstance(external_id, bool):
            problems["external_id"] = _("must be text, not %(kind)s") % {
                "kind": type(external_id).__name__
            }
        elif isinstance(external_id, str) and (problem := character_problem(external_id)):
            problems["external_id"] = problem
    problems.update(text_problems(_flatten(body)))
    return problems


@csrf_exempt
@require_POST
def create(request: HttpRequest) -> JsonResponse:
    partner = _partner(request)
    if partner is None:
        return _error(401, "unauthorized", "a valid partner API key is required")
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 255:
        return _error(
            400,
            "idempotency_key_required",
            "send an Idempotency-Key header (at most 255 characters)",
        )
    try:
        # Refused from its Content-Length before it is read: a 10 MB body never reaches memory.
        body = read_json(request, max_bytes=MAX_BODY, max_depth=MAX_DEPTH)
    except RequestDataTooBig:
        return _error(413, "too_large", f"the body must be at most {MAX_BODY} bytes")
    except BadRequest as exc:
        return _error(400, "invalid_json", str(exc))
    if not isinstance(body, dict):
        return _error(400, "invalid_json", "the body must be a JSON object")
    problems = _shape_problems(body)
    if problems:
        # Well-formed JSON whose values cannot be stored as the text they stand for.
        return _error(422, "invalid_text", problems)
    external_id = str(body.get("external_id") or "").strip()
    if not external_id or len(external_id) > 200:
        return _error(
            400,
            "invalid",
            {"external_id": "your system's id of the appeal is required (at most 200 characters)"},
        )
    request_hash = hashlib.sha256(request.body).hexdigest()
    try:
        submission = clean_submission(_flatten(body), require_identity=True)
    except InvalidSubmission as exc:
        return _error(400, "invalid", {k: str(v) for k, v in exc.errors.items()})
    status, payload, replayed = actions.register_via_api(
        partner,
        idempotency_key=key,
        request_hash=request_hash,
        submission=submission,
        external_id=external_id,
        api_key=_api_key(request),
    )
    response = JsonResponse(payload, status=status)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


@csrf_exempt
@require_GET
def detail(request: HttpRequest, number: str) -> JsonResponse:
    """Status of a proposal this partner sent."""
    partner = _partner(request)
    if partner is None:
        return _error(401, "unauthorized", "a valid partner API key is required")
    # By the number alone, which is unique: with the channel in the query PostgreSQL
    # may walk every proposal of the channel when its statistics are out of date.
    proposal = selectors.proposal_by_number(number)
    if proposal is None or proposal.channel != Channel.API or proposal.partner_id != partner.pk:
        return _error(404, "not_found", "no proposal with this number from your system")
    return JsonResponse(
        {
            "number": proposal.number,
            "external_id": proposal.external_id,
            "status": proposal.status,
            "outcome": proposal.outcome or None,
            "answer": proposal.answer or None,
            "registered_at": proposal.registered_at.isoformat(),
            "deadline": proposal.deadline.isoformat(),
            "answered_at": proposal.answered_at.isoformat() if proposal.answered_at else None,
        }
    )

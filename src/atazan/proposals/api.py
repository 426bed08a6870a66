"""The intake API for partner systems (e-Otinish, eGov and the like).

Each partner has its own key (``Authorization: Bearer atz_...``). Every POST
carries an ``Idempotency-Key``: a retried request gets the first answer again
and creates nothing new. The partner's own id of the appeal (``external_id``)
is unique too, so even a retry with a new key cannot register it twice.

The API is served twice with one code: under ``/api/v1/proposals``
(``atazan.api``, in the OpenAPI schema) and at its first address
``/proposals/api/v1/proposals``, kept for the partners already connected.
:func:`create_answer` and :func:`detail_answer` make every answer; the views
here and the ``/api/v1`` operations only route to them, so both addresses
answer byte for byte alike.

A refusal keeps the first contract's ``error`` and ``detail`` and adds the
site-wide shape (docs/errors.md): ``code`` (the same as ``error``), a
``message`` in the client's language, the ``field`` at fault and, for
field-by-field refusals, ``details.errors``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any, ClassVar

from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from atazan.core.errors import AtazanError
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
#: The longest Idempotency-Key and external_id accepted.
MAX_IDEMPOTENCY_KEY = 255
MAX_EXTERNAL_ID = 200


PARTNER_CACHE_SECONDS = 30
_partners: dict[str, tuple[float, Partner | None]] = {}


# Refusals ----------------------------------------------------------------------------


class PartnerRefusal(AtazanError):
    """A refusal of the partner API; ``detail`` is the first contract's ``detail`` value."""

    def __init__(
        self,
        message: str,
        *,
        detail: Any,
        field: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.detail = detail
        super().__init__(message, field=field, details=details)

    def answer(self) -> JsonResponse:
        """The JSON answer: the first contract's two keys, then the site-wide ones."""
        body: dict[str, Any] = {"error": self.instance_code, "detail": self.detail}
        body.update(self.as_dict())
        return JsonResponse(body, status=self.http_status)


class PartnerKeyRefused(PartnerRefusal):
    """No partner API key, an unknown one, or one of a deactivated partner."""

    code: ClassVar[str] = "unauthorized"
    http_status: ClassVar[int] = 401


class IdempotencyKeyMissing(PartnerRefusal):
    """A POST without an Idempotency-Key, or with one longer than 255 characters."""

    code: ClassVar[str] = "idempotency_key_required"
    http_status: ClassVar[int] = 400


class IdempotencyKeyReused(PartnerRefusal):
    """An Idempotency-Key already used by this partner for a different body."""

    code: ClassVar[str] = "idempotency_key_reused"
    http_status: ClassVar[int] = 422


class MalformedBody(PartnerRefusal):
    """A body that is not UTF-8 JSON, not an object, or nested too deep."""

    code: ClassVar[str] = "invalid_json"
    http_status: ClassVar[int] = 400


class InvalidFields(PartnerRefusal):
    """Fields that cannot be registered as given; ``detail`` maps each to its reason."""

    code: ClassVar[str] = "invalid"
    http_status: ClassVar[int] = 400


class UnstorableText(PartnerRefusal):
    """Well-formed JSON whose values cannot be stored as the text they stand for."""

    code: ClassVar[str] = "invalid_text"
    http_status: ClassVar[int] = 422


class BodyTooLarge(PartnerRefusal):
    """A body over :data:`MAX_BODY`, refused from its Content-Length before it is read."""

    code: ClassVar[str] = "too_large"
    http_status: ClassVar[int] = 413


class UnknownProposal(PartnerRefusal):
    """No proposal with this number came from the asking partner."""

    code: ClassVar[str] = "not_found"
    http_status: ClassVar[int] = 404


def _by_field(refusal: type[PartnerRefusal], message: str, problems: dict[str, str]) -> Any:
    return refusal(
        message,
        detail=dict(problems),
        field=next(iter(problems), None),
        details={"errors": dict(problems)},
    )


def _key_refused() -> PartnerKeyRefused:
    return PartnerKeyRefused(
        _("A valid partner API key is required."),
        detail="a valid partner API key is required",
    )


# The partner behind a key -----------------------------------------------------------------


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


# Reading the body ---------------------------------------------------------------------------


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


def _json_object(request: HttpRequest) -> dict[str, Any]:
    try:
        # Refused from its Content-Length before it is read: a 10 MB body never reaches memory.
        body = read_json(request, max_bytes=MAX_BODY, max_depth=MAX_DEPTH)
    except RequestDataTooBig:
        raise BodyTooLarge(
            _("The body must be at most %(limit)d bytes.") % {"limit": MAX_BODY},
            detail=f"the body must be at most {MAX_BODY} bytes",
        ) from None
    except BadRequest as exc:
        raise MalformedBody(str(exc), detail=str(exc)) from None
    if not isinstance(body, dict):
        raise MalformedBody(
            _("The body must be a JSON object."), detail="the body must be a JSON object"
        )
    return body


def _created(request: HttpRequest, partner: Partner) -> JsonResponse:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > MAX_IDEMPOTENCY_KEY:
        raise IdempotencyKeyMissing(
            _("Send an Idempotency-Key header (at most 255 characters)."),
            detail="send an Idempotency-Key header (at most 255 characters)",
            field="Idempotency-Key",
        )
    body = _json_object(request)
    problems = _shape_problems(body)
    if problems:
        raise _by_field(UnstorableText, _("Some fields cannot be stored as text."), problems)
    external_id = str(body.get("external_id") or "").strip()
    if not external_id or len(external_id) > MAX_EXTERNAL_ID:
        reason = _("your system's id of the appeal is required (at most 200 characters)")
        raise InvalidFields(
            reason,
            detail={
                "external_id": "your system's id of the appeal is required (at most 200 characters)"
            },
            field="external_id",
            details={"errors": {"external_id": reason}},
        )
    request_hash = hashlib.sha256(request.body).hexdigest()
    try:
        submission = clean_submission(_flatten(body), require_identity=True)
    except InvalidSubmission as exc:
        reasons = {k: str(v) for k, v in exc.errors.items()}
        raise _by_field(
            InvalidFields, _("Some fields cannot be accepted; each is named below."), reasons
        ) from None
    status, payload, replayed = actions.register_via_api(
        partner,
        idempotency_key=key,
        request_hash=request_hash,
        submission=submission,
        external_id=external_id,
        api_key=_api_key(request),
    )
    if payload.get("error") == IdempotencyKeyReused.code:
        raise IdempotencyKeyReused(
            _("This Idempotency-Key was used for a different request."),
            detail=payload.get("detail", ""),
            field="Idempotency-Key",
        )
    response = JsonResponse(payload, status=status)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


# The answers both addresses give -----------------------------------------------------------


def create_answer(request: HttpRequest) -> JsonResponse:
    """Register a partner's proposal (POST); the answer for either address."""
    partner = _partner(request)
    try:
        if partner is None:
            raise _key_refused()
        return _created(request, partner)
    except PartnerRefusal as refusal:
        return refusal.answer()


def detail_answer(request: HttpRequest, number: str) -> JsonResponse:
    """The status of a proposal the asking partner sent (GET); the answer for either address."""
    partner = _partner(request)
    if partner is None:
        return _key_refused().answer()
    # By the number alone, which is unique: with the channel in the query PostgreSQL
    # may walk every proposal of the channel when its statistics are out of date.
    proposal = selectors.proposal_by_number(number)
    if proposal is None or proposal.channel != Channel.API or proposal.partner_id != partner.pk:
        return UnknownProposal(
            _("No proposal with this number came from your system."),
            detail="no proposal with this number from your system",
        ).answer()
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


# The first address, /proposals/api/v1/ (throttled by atazan.core.throttle's middleware) ------


@csrf_exempt
@require_POST
def create(request: HttpRequest) -> JsonResponse:
    return create_answer(request)


@csrf_exempt
@require_GET
def detail(request: HttpRequest, number: str) -> JsonResponse:
    """Status of a proposal this partner sent."""
    return detail_answer(request, number)

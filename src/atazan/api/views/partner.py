"""Partner intake under /api/v1: the same answers as /proposals/api/v1/, typed in the schema.

The operations read the raw body themselves and hand the request to
``atazan.proposals.api``, which makes every answer for both addresses, so a
partner moving from the first address to this one sees the same statuses,
bodies, headers and idempotency. The request body is declared in the schema
from :class:`PartnerProposalIn`, but not parsed by ninja: the documented
flat field names, and the refusal of values that cannot be text (422
``invalid_text``), stay exactly as they were.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Path, Router

from atazan.api import throttling
from atazan.api.errors import ErrorOut
from atazan.api.schemas import (
    PartnerErrorOut,
    PartnerProposalIn,
    PartnerRegistration,
    PartnerStatus,
)
from atazan.proposals import api as partner_api

router = Router(tags=["partner intake"])

PARTNER_SECURITY: list[dict[str, list[str]]] = [{"partnerKey": []}, {"partnerKeyHeader": []}]
BODY_SCHEMA = "PartnerProposalIn"
#: A throttled request is answered by the site's throttle, in the site-wide shape.
RATE_LIMITED: dict[int, Any] = {429: ErrorOut}


@router.post(
    "/partner/proposals",
    response={
        200: PartnerRegistration,
        201: PartnerRegistration,
        400: PartnerErrorOut,
        401: PartnerErrorOut,
        413: PartnerErrorOut,
        422: PartnerErrorOut,
        **RATE_LIMITED,
    },
    summary="Register a proposal (partner key, Idempotency-Key)",
    openapi_extra={
        "security": PARTNER_SECURITY,
        "parameters": [
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": True,
                "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                "description": "A retry with the same key gets the first answer again.",
            }
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{BODY_SCHEMA}"}}
            },
        },
    },
)
def create(request: HttpRequest) -> JsonResponse:
    """201 with the number, deadline and tracking secret; a retry gets the same answer
    (``Idempotent-Replayed: true``); the same ``external_id`` under a new key answers 200
    with ``"duplicate": true``."""
    throttling.enforce(request, "api_create")
    return partner_api.create_answer(request)


@router.get(
    "/partner/proposals/{number}",
    response={200: PartnerStatus, 401: PartnerErrorOut, 404: PartnerErrorOut, **RATE_LIMITED},
    summary="Status of a proposal this partner sent",
    openapi_extra={"security": PARTNER_SECURITY},
)
def status(request: HttpRequest, number: str = Path(..., max_length=32)) -> JsonResponse:
    throttling.enforce(request, "api_status")
    return partner_api.detail_answer(request, number)


def extra_components() -> dict[str, Any]:
    """The body schema and the two ways to send a key, for the OpenAPI document."""
    body = PartnerProposalIn.model_json_schema(ref_template="#/components/schemas/{model}")
    definitions = body.pop("$defs", {})
    return {
        "schemas": {BODY_SCHEMA: body, **definitions},
        "securitySchemes": {
            "partnerKey": {"type": "http", "scheme": "bearer", "description": "atz_... key"},
            "partnerKeyHeader": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
        },
    }

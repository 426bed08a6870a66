"""Every refusal of ``/api/v1`` as one JSON shape, in the client's language.

``{"code", "error", "message", "field", "details"}`` (docs/errors.md): the
stable ``code`` from ``atazan.core.errors``, a message in the language the
client asked for (``Accept-Language``, read by Django's LocaleMiddleware),
the field at fault and, when several fields are refused, ``details.errors``
mapping each to its reason.

ninja's own refusals are mapped to it here: a query or path parameter that
does not validate (pydantic's errors, reworded with Django's translated form
messages, so they read in Kazakh, Russian and English), an unknown path, and
Django's 400/403/404/413.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from pydantic import Field

from atazan.core.errors import AtazanError, InvalidInputError, NotFoundError
from atazan.core.middleware import django_refusal_json, error_response


class ErrorOut(Schema):
    """A refusal: the stable code, a message for people and, where known, the field."""

    code: str = Field(description="Stable code from docs/errors.md; clients may branch on it.")
    error: str = Field(description="The same code, as the partner API has always named it.")
    message: str = Field(description="Why, in the language of Accept-Language (kk, ru, en).")
    field: str | None = Field(None, description="The parameter or field at fault.")
    details: dict[str, Any] | None = Field(
        None, description="errors: each field's reason; retry_after: seconds to wait (429)."
    )


def _field_name(location: list[Any]) -> str:
    """``["query", "params", "size"]`` → ``size``: the name the client sent."""
    parts = [str(part) for part in location if part not in ("query", "path", "body", "header")]
    # ninja nests a query schema's fields under the schema's parameter name.
    if len(parts) > 1 and parts[0] in ("params", "filters", "pages"):
        parts = parts[1:]
    return ".".join(parts) or "request"


def reason(error: dict[str, Any]) -> str:
    """One pydantic error in words, with Django's own translated form messages."""
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return _("Enter a whole number.")
    if kind in ("float_parsing", "float_type", "decimal_parsing"):
        return _("Enter a number.")
    if kind in ("greater_than_equal", "greater_than"):
        limit = context.get("ge", context.get("gt"))
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": limit
        }
    if kind in ("less_than_equal", "less_than"):
        limit = context.get("le", context.get("lt"))
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": limit
        }
    if kind in ("literal_error", "enum"):
        return _("Select a valid choice. That choice is not one of the available choices.")
    return _("Enter a valid value.")


def invalid_parameters(errors: list[dict[str, Any]]) -> InvalidInputError:
    """ninja's validation errors as one ``invalid_input`` refusal naming each field."""
    reasons: dict[str, str] = {}
    for error in errors:
        reasons.setdefault(_field_name(list(error.get("loc", []))), reason(error))
    first = next(iter(reasons), None)
    message = f"{first}: {reasons[first]}" if first else _("Enter a valid value.")
    return InvalidInputError(message, field=first, details={"errors": reasons})


def install(api: NinjaAPI) -> None:
    """Answer every refusal inside the API in the one shape."""

    def refused(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(request, exc)

    def invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(request, invalid_parameters(list(exc.errors)))

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(request, NotFoundError(_("Nothing is published at this address.")))

    def django_refusal(request: HttpRequest, exc: Any) -> HttpResponse:
        answer = django_refusal_json(exc)
        if answer is None:
            raise exc
        return answer

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        if exc.status_code == 404:
            return not_found(request, exc)
        return JsonResponse(
            {"code": "bad_request", "error": "bad_request", "message": str(exc)},
            status=exc.status_code,
        )

    api.add_exception_handler(AtazanError, refused)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    for kind in (PermissionDenied, RequestDataTooBig, BadRequest, SuspiciousOperation):
        api.add_exception_handler(kind, django_refusal)

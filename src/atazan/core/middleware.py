"""Answers for every :class:`~atazan.core.errors.AtazanError` that a view lets through.

Views may catch an action's error to show it beside a form field; whatever
they do not catch ends here and gets the status its class names: JSON for
API clients (``/api/`` paths and requests that accept only JSON), an error
page for people. A refusal is never a 500.

Before a view runs, the query parameters that are numbers on every page
(``?page=``, see :mod:`atazan.core.requests`) are checked: ``²`` or ``-1``
is a 400 and a number beyond any page a 404, whichever view would have
parsed it. API clients get Django's own refusals (404, 400, 403, a body too
large: 413) as JSON too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from atazan.core.errors import AtazanError, ThrottledError
from atazan.core.requests import check_query_numbers


def wants_json(request: HttpRequest) -> bool:
    if request.path.startswith("/api/") or "/api/" in request.path:
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(request: HttpRequest, error: AtazanError) -> HttpResponse:
    response: HttpResponse
    if wants_json(request):
        body = error.as_dict()
        body.setdefault("error", error.instance_code)
        response = JsonResponse(body, status=error.http_status)
    else:
        response = render(request, "core/error.html", {"error": error}, status=error.http_status)
    if isinstance(error, ThrottledError):
        response["Retry-After"] = str(error.retry_after)
    return response


#: Django's own refusals, as (status, code) for a JSON answer; the first match wins.
DJANGO_REFUSALS: tuple[tuple[type[Exception], int, str], ...] = (
    (Http404, 404, "not_found"),
    (PermissionDenied, 403, "permission_denied"),
    (RequestDataTooBig, 413, "too_large"),
    (BadRequest, 400, "bad_request"),
    (SuspiciousOperation, 400, "bad_request"),
)


def django_refusal_json(exception: Exception) -> JsonResponse | None:
    """A JSON answer for a Django refusal (404, 403, 413, 400), or None for anything else."""
    for kind, status, code in DJANGO_REFUSALS:
        if isinstance(exception, kind):
            message = str(exception) or code
            return JsonResponse({"code": code, "error": code, "message": message}, status=status)
    return None


class AtazanErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        try:
            check_query_numbers(request)
        except (BadRequest, Http404) as refused:
            if wants_json(request):
                return django_refusal_json(refused)
            raise  # Django's 400 or 404 page
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, AtazanError):
            return error_response(request, exception)
        if wants_json(request):
            return django_refusal_json(exception)
        return None

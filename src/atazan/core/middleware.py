"""Answers for every :class:`~atazan.core.errors.AtazanError` that a view lets through.

Views may catch an action's error to show it beside a form field; whatever
they do not catch ends here and gets the status its class names: JSON for
API clients (``/api/`` paths and requests that accept only JSON), an error
page for people. A refusal is never a 500.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from atazan.core.errors import AtazanError, ThrottledError


def wants_json(request: HttpRequest) -> bool:
    if request.path.startswith("/api/"):
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


class AtazanErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, AtazanError):
            return error_response(request, exception)
        return None

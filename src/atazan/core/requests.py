"""Reading what a request carries without trusting it: numbers in the query, JSON bodies.

Every page and API view parses its input here, so a page number such as
``²`` (a digit to ``str.isdigit``, not to ``int``), ``999…9`` (beyond any
database integer), a 10 MB body or JSON nested thousands of levels deep is
answered with 400, 404 or 413, never with a 500:

* :func:`page_number` and :func:`whole_number` read ASCII digits only;
  anything else is a ``BadRequest`` (400), a number beyond the last possible
  page or id a ``Http404``.
* :func:`check_query_numbers` applies the same rule to the query parameters
  that are numbers on every page (:data:`QUERY_NUMBERS`); the error
  middleware calls it before any view runs, so pages whose views parse
  ``?page=`` themselves are covered too.
* :func:`read_json` checks ``Content-Length`` before the body is read
  (``RequestDataTooBig``, answered with 413), and refuses JSON that is not
  UTF-8, not JSON, or nested deeper than ``max_depth`` (``BadRequest``).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

#: The last page any list may be asked for; beyond it a page number is a 404.
MAX_PAGE = 1_000_000
#: The largest id a URL or a form may name (a PostgreSQL bigint).
MAX_ID = 2**63 - 1
#: Query parameters that are numbers wherever they appear: the page of a list, and the
#: run an analysis run is compared ``with``.
QUERY_NUMBERS = {"page": MAX_PAGE, "with": MAX_ID}


def whole_number(value: Any, *, name: str, maximum: int = MAX_ID, minimum: int = 0) -> int:
    """``value`` as a whole number, read from ASCII digits only.

    Raises ``BadRequest`` (400) for anything that is not a plain number (a
    sign, a decimal point, ``²``, Arabic-Indic digits, an empty string) and
    ``Http404`` for a number beyond ``maximum``: no such page or row exists.
    """
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()):
        raise BadRequest(_("%(name)s: not a whole number") % {"name": name})
    # Compared as text first: int() of a 5,000-digit string is refused by Python itself.
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(maximum)) or int(digits) > maximum:
        raise Http404(_("%(name)s: no such number") % {"name": name})
    number = int(digits)
    if number < minimum:
        raise BadRequest(_("%(name)s: not a whole number") % {"name": name})
    return number


def optional_number(value: Any, *, name: str, maximum: int = MAX_ID) -> int | None:
    """:func:`whole_number`, or None for a missing or empty value."""
    if value is None or str(value).strip() == "":
        return None
    return whole_number(value, name=name, maximum=maximum)


def page_number(request: HttpRequest, name: str = "page") -> int:
    """``?page=N`` (1 when absent): 400 when it is not a number from 1 up, 404 beyond MAX_PAGE."""
    raw = request.GET.get(name, "")
    if raw.strip() == "":
        return 1
    return whole_number(raw, name=name, maximum=MAX_PAGE, minimum=1)


def id_list(values: list[str], *, name: str, limit: int = 1000) -> list[int]:
    """Ids ticked in a form (``ids=3&ids=7``): each a whole number; at most ``limit`` of them."""
    return [whole_number(v, name=name) for v in values[:limit] if str(v).strip()]


def check_query_numbers(request: HttpRequest) -> None:
    """Refuse a request whose numeric query parameters (:data:`QUERY_NUMBERS`) are not numbers."""
    for name, maximum in QUERY_NUMBERS.items():
        for raw in request.GET.getlist(name):
            if raw.strip():
                whole_number(raw, name=name, maximum=maximum)


def content_length(request: HttpRequest) -> int:
    """The declared length of the body; 0 when none or a malformed one is given."""
    raw = request.META.get("CONTENT_LENGTH") or "0"
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else 0


def json_depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            items: Any = item.values()
        elif isinstance(item, list):
            items = item
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        stack.extend((child, depth) for child in items)
    return deepest


def read_json(request: HttpRequest, *, max_bytes: int, max_depth: int = 16) -> Any:
    """The request's JSON body, refused before reading when it is too large.

    ``RequestDataTooBig`` when the declared (or actual) length exceeds
    ``max_bytes``; ``BadRequest`` when the body is not UTF-8 JSON or nests
    lists and objects more than ``max_depth`` levels deep.
    """
    if content_length(request) > max_bytes:
        raise RequestDataTooBig(
            _("the body must be at most %(limit)d bytes") % {"limit": max_bytes}
        )
    body = request.body
    if len(body) > max_bytes:
        raise RequestDataTooBig(
            _("the body must be at most %(limit)d bytes") % {"limit": max_bytes}
        )
    try:
        value = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadRequest(_("the body is not UTF-8 text")) from None
    except RecursionError:
        raise BadRequest(
            _("the JSON is nested more than %(depth)d levels deep") % {"depth": max_depth}
        ) from None
    except ValueError:
        raise BadRequest(_("the body is not JSON")) from None
    if json_depth(value) > max_depth:
        raise BadRequest(
            _("the JSON is nested more than %(depth)d levels deep") % {"depth": max_depth}
        )
    return value

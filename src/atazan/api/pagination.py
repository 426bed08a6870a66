"""Pages of a list: ``?page=N&size=M``, with a bounded size, and whether another page follows.

Every list operation answers ``{"items", "page", "size", "has_next"}``. One more
row than asked is read to know whether a next page exists, so no list is
counted (a count over a million proposals is what made pages slow).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ninja import Query, Schema
from pydantic import Field

T = TypeVar("T")

DEFAULT_SIZE = 30
MAX_SIZE = 100
#: The last page number a client may ask for (the site's own pages stop at the same bound).
MAX_PAGE = 1_000_000


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    size: int = Field(DEFAULT_SIZE, ge=1, le=MAX_SIZE, description="Rows per page, 1 to 100.")

    @property
    def start(self) -> int:
        return (self.page - 1) * self.size


PageQuery = Query[PageParams]


def page_of(rows: Any, params: PageParams, shape: Callable[[Any], T]) -> dict[str, Any]:
    """One page of ``rows`` (a list or an unevaluated query from a selector), each shaped."""
    window = list(rows[params.start : params.start + params.size + 1])
    return envelope(
        [shape(row) for row in window[: params.size]], params, len(window) > params.size
    )


def envelope(items: list[Any], params: PageParams, has_next: bool) -> dict[str, Any]:
    return {"items": items, "page": params.page, "size": params.size, "has_next": has_next}

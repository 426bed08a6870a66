"""Canonical JSON: sorted keys, no spaces, UTF-8, integers only.

One object has one byte string, so hashes and signatures over records can be
recomputed by anyone from the files alone.
"""

from __future__ import annotations

import json
from typing import Any


class CanonicalError(ValueError):
    """The bytes are not the canonical JSON of their own content."""


def _check(obj: Any) -> None:
    if isinstance(obj, bool) or obj is None or isinstance(obj, int | str):
        return
    if isinstance(obj, float):
        raise CanonicalError("floats are not allowed in the record")
    if isinstance(obj, list | tuple):
        for x in obj:
            _check(x)
        return
    if isinstance(obj, dict):
        for k, v in obj.items():
            if not isinstance(k, str):
                raise CanonicalError("object keys must be strings")
            _check(v)
        return
    raise CanonicalError(f"cannot encode {type(obj).__name__}")


def dumps(obj: Any) -> bytes:
    _check(obj)
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise CanonicalError(f"duplicate key {k!r}")
        out[k] = v
    return out


def _no_float(text: str) -> Any:
    raise CanonicalError("floats are not allowed in the record")


def loads(data: bytes) -> Any:
    """Parse and insist that ``data`` is exactly the canonical encoding."""
    try:
        obj = json.loads(
            data.decode("utf-8"),
            object_pairs_hook=_no_duplicates,
            parse_float=_no_float,
            parse_constant=_no_float,
        )
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CanonicalError(str(exc)) from exc
    if dumps(obj) != data:
        raise CanonicalError("not in canonical form")
    return obj

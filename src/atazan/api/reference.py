"""docs/api.md written from the OpenAPI document, so the reference cannot drift from the code.

``atazan export_openapi --out docs/api/openapi.json --markdown docs/api.md``
writes both; a test fails when docs/api.md misses an operation or differs
from what this module writes.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils import translation

METHODS = ("get", "post", "put", "patch", "delete")

HEADER = """\
# API reference

Generated from the OpenAPI document by `atazan export_openapi --out docs/api/openapi.json
--markdown docs/api.md`; do not edit by hand. The schema is served at `/api/v1/openapi.json`
and the interactive documentation at `/api/v1/docs`.

Every list takes `page` (from 1) and `size` (1 to 100) and answers
`{"items", "page", "size", "has_next"}`. Every refusal is JSON with a stable
`code` (docs/errors.md), a `message` in the language of `Accept-Language`
(kk, ru, en) and the `field` at fault; `429` answers carry `Retry-After`.
Public reads see what a visitor who has not signed in sees. The partner
operations need a partner key (`Authorization: Bearer atz_...` or
`X-Api-Key`); `/proposals/api/v1/proposals` answers exactly as
`/api/v1/partner/proposals` for partners connected before `/api/v1`.
"""


def openapi_document() -> dict[str, Any]:
    """The schema as served, built in English so that the written files do not depend on a locale."""
    from atazan.api.main import api

    with translation.override("en"):
        return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1")))


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path, operation) for every operation, in the schema's order."""
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                found.append((method.upper(), path, item[method]))
    return found


def _type_of(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type_of(option) for option in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_type_of(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(f"`{value}`" for value in schema["enum"])
    return str(schema.get("type", "any"))


def _cell(text: Any) -> str:
    return " ".join(str(text or "").split()).replace("|", "\\|")


def _parameters(operation: dict[str, Any]) -> list[str]:
    rows = operation.get("parameters", [])
    if not rows:
        return []
    lines = ["", "| parameter | in | type | required | description |", "|---|---|---|---|---|"]
    for row in rows:
        schema = row.get("schema", {})
        kind = _type_of(schema)
        bounds = [f"{name} {schema[name]}" for name in ("minimum", "maximum") if name in schema]
        if "maxLength" in schema:
            bounds.append(f"at most {schema['maxLength']} characters")
        if bounds:
            kind += f" ({', '.join(bounds)})"
        description = row.get("description") or schema.get("description", "")
        lines.append(
            f"| `{row['name']}` | {row['in']} | {_cell(kind)} | "
            f"{'yes' if row.get('required') else 'no'} | {_cell(description)} |"
        )
    return lines


def _responses(operation: dict[str, Any]) -> list[str]:
    lines = ["", "| status | body |", "|---|---|"]
    for status, answer in sorted(operation.get("responses", {}).items()):
        content = answer.get("content", {}).get("application/json", {})
        body = _type_of(content["schema"]) if "schema" in content else ""
        lines.append(f"| {status} | {_cell(body)} |")
    return lines


def _schemas(schema: dict[str, Any]) -> list[str]:
    lines = ["", "## Schemas"]
    for name, definition in sorted(schema.get("components", {}).get("schemas", {}).items()):
        lines += ["", f"### {name}", ""]
        if definition.get("description"):
            lines += [_cell(definition["description"]), ""]
        properties = definition.get("properties", {})
        if not properties:
            lines.append(f"{_cell(_type_of(definition))}")
            continue
        required = set(definition.get("required", []))
        lines += ["| field | type | required | description |", "|---|---|---|---|"]
        for field, spec in properties.items():
            lines.append(
                f"| `{field}` | {_cell(_type_of(spec))} | {'yes' if field in required else 'no'} "
                f"| {_cell(spec.get('description', ''))} |"
            )
    return lines


def markdown(schema: dict[str, Any]) -> str:
    """docs/api.md: every operation with its parameters and answers, then every schema."""
    lines = [HEADER.rstrip()]
    tag = None
    for method, path, operation in operations(schema):
        current = (operation.get("tags") or ["other"])[0]
        if current != tag:
            tag = current
            lines += ["", f"## {tag.capitalize()}"]
        lines += ["", f"### `{method} {path}`", ""]
        lines.append(_cell(operation.get("summary", "")))
        if operation.get("description"):
            lines += ["", _cell(operation["description"])]
        if operation.get("security"):
            lines += ["", "Needs a partner key."]
        lines += _parameters(operation)
        lines += _responses(operation)
    lines += _schemas(schema)
    return "\n".join(lines) + "\n"

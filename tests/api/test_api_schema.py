"""The OpenAPI document: served, valid, honoured by every operation, and written to docs/api.md."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from api_seed import World
from django.contrib.staticfiles import finders
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from atazan.api.reference import markdown, openapi_document, operations

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
#: Examples per operation: enough to reach every refusal, small enough for a minute in all.
EXAMPLES = 6


def test_the_schema_is_served_and_is_valid_openapi(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    schemathesis.openapi.from_dict(document).validate()
    paths = set(document["paths"])
    assert {"/api/v1/proposals", "/api/v1/partner/proposals"} <= paths
    assert "partnerKey" in document["components"]["securitySchemes"]
    assert "PartnerProposalIn" in document["components"]["schemas"]


def test_the_docs_page_needs_no_inline_script_and_no_network(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page = response.content.decode()
    assert "cdn" not in page.lower() and "https://" not in page
    scripts = page.split("<script")[1:]
    for script in scripts:
        tag, _, rest = script.partition(">")
        # Either a static file, or a JSON data block that browsers never run.
        assert "src=" in tag or 'type="application/json"' in tag, tag
    for asset in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert f"/static/{asset}" in page and finders.find(asset), asset


def test_docs_api_md_lists_every_operation() -> None:
    written = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [
        f"{method} {path}"
        for method, path, _ in operations(openapi_document())
        if f"### `{method} {path}`" not in written
    ]
    assert missing == [], (
        "run: atazan export_openapi --out docs/api/openapi.json --markdown docs/api.md"
    )


def test_docs_api_md_is_what_the_schema_gives_now() -> None:
    written = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert written == markdown(openapi_document()), (
        "docs/api.md is stale: atazan export_openapi --out docs/api/openapi.json "
        "--markdown docs/api.md"
    )


@pytest.fixture
def in_process_app() -> Iterator[Any]:
    """The WSGI application, called in this thread inside the test's transaction.

    As Django's test client does, requests must not close the connection that holds
    the transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_operation_answers_as_its_schema_says_without_server_errors(
    seeded: World, partner_key: tuple[Any, str], in_process_app: Any
) -> None:
    """Generated requests (valid and not) for every operation, in process, on the loopback-free
    WSGI interface: no 5xx, every status, content type and body as documented."""
    _, key = partner_key
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", in_process_app)
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an Err raises: the schema is bad

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case: Any) -> None:
            headers = {"Authorization": f"Bearer {key}"} if "partner" in case.path else {}
            case.call_and_validate(headers=headers, checks=CHECKS)

        answers_as_documented()
        checked.append(operation.label)
    assert len(checked) == len(list(operations(openapi_document())))

"""Refusals in the one JSON shape, in the client's language, with documented codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from atazan.core.errors import ERROR_CLASSES

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

#: Words of the translated "at least" reason (the project's catalogs word it their own way).
REQUIRED_WORDS = {"en": "greater than or equal", "ru": "не меньше", "kk": "кем болмауы"}
THROTTLED_WORDS = {"en": "Too many requests", "ru": "Слишком много", "kk": "тым көп"}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_parameter_refusal_names_the_field_and_the_reason_in_the_clients_language(
    client: Client, language: str
) -> None:
    response = client.get("/api/v1/proposals", {"size": "0"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == body["error"] == "invalid_input"
    assert body["field"] == "size"
    assert REQUIRED_WORDS[language] in body["details"]["errors"]["size"]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_throttled_partner_is_told_when_to_retry_in_the_clients_language(
    client: Client, partner_key: tuple[Any, str], settings: Any, language: str
) -> None:
    _, key = partner_key
    settings.ATAZAN_THROTTLES = {**settings.ATAZAN_THROTTLES, "api_status": {"partner": "1/hour"}}
    url = "/api/v1/partner/proposals/none"
    client.get(url, HTTP_X_API_KEY=key, HTTP_ACCEPT_LANGUAGE=language)
    refused = client.get(url, HTTP_X_API_KEY=key, HTTP_ACCEPT_LANGUAGE=language)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert THROTTLED_WORDS[language] in refused.json()["message"]


def test_a_choice_outside_the_list_is_refused_naming_the_field(client: Client) -> None:
    response = client.get("/api/v1/analysis/coverage", {"measure": "everything"})
    assert response.status_code == 422 and response.json()["field"] == "measure"


def test_a_path_number_out_of_range_is_refused_not_an_error(client: Client) -> None:
    response = client.get(f"/api/v1/commission/drafts/{2**70}")
    assert response.status_code == 422 and response.json()["field"] == "draft_id"


def test_every_code_the_api_adds_is_documented() -> None:
    import atazan.api.main  # noqa: F401  (registers the partner API's refusals)

    documented = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    partner_codes = [
        cls.code for cls in ERROR_CLASSES.values() if cls.__module__ == "atazan.proposals.api"
    ]
    assert partner_codes
    assert [code for code in partner_codes if f"`{code}`" not in documented] == []

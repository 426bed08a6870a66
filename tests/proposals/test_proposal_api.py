"""The partner API: keys, Idempotency-Key, validation, status look-up."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from proposal_helpers import VALID_IIN

from atazan.proposals.actions import create_partner
from atazan.proposals.models import IdempotencyRecord, Proposal

from factories import SYSTEM

pytestmark = pytest.mark.django_db

URL = "/proposals/api/v1/proposals"


def body(external_id: str = "EO-1", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "external_id": external_id,
        "submitter": {
            "type": "citizen",
            "name": "Сергей Ким",
            "iin": VALID_IIN,
            "region": "almaty_city",
            "email": "kim@example.kz",
        },
        "language": "ru",
        "title": "Об однопалатном парламенте",
        "text": "Предлагаю изменить статью 50.",
        "consents": {"publish_text": True, "publish_name": False},
    }
    data.update(overrides)
    return data


def post(client: Client, key: str, payload: dict[str, Any], idem: str | None = "k-1") -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    if idem is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = idem
    return client.post(URL, data=json.dumps(payload), content_type="application/json", **headers)


def test_the_url_name_resolves() -> None:
    assert reverse("proposals:api_create") == URL


def test_a_partner_registers_a_proposal(client: Client, partner_key: tuple[Any, str]) -> None:
    partner, key = partner_key
    response = post(client, key, body())
    assert response.status_code == 201
    data = response.json()
    proposal = Proposal.objects.get(number=data["number"])
    assert (
        proposal.partner == partner and proposal.channel == "api" and proposal.source == "eotinish"
    )
    assert proposal.cited_provisions == ["50"]
    assert data["tracking_secret"] and data["deadline"] == proposal.deadline.isoformat()


def test_a_retry_with_the_same_key_returns_the_first_answer(
    client: Client, partner_key: tuple[Any, str]
) -> None:
    _, key = partner_key
    first = post(client, key, body())
    again = post(client, key, body())
    assert again.status_code == 201 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Proposal.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(
    client: Client, partner_key: tuple[Any, str]
) -> None:
    _, key = partner_key
    post(client, key, body())
    response = post(client, key, body(text="Другой текст."))
    assert response.status_code == 422
    assert Proposal.objects.count() == 1


def test_the_same_appeal_with_a_new_key_is_not_registered_twice(
    client: Client, partner_key: tuple[Any, str]
) -> None:
    _, key = partner_key
    first = post(client, key, body(), idem="a")
    second = post(client, key, body(), idem="b")
    assert second.status_code == 200 and second.json()["duplicate"] is True
    assert second.json()["number"] == first.json()["number"]
    assert Proposal.objects.count() == 1


def test_keys_are_per_partner(client: Client, partner_key: tuple[Any, str]) -> None:
    _, key = partner_key
    _, other_key = create_partner(SYSTEM, "eGov", "egov")
    post(client, key, body(), idem="same")
    response = post(client, other_key, body(), idem="same")
    assert response.status_code == 201
    assert Proposal.objects.count() == 2
    assert IdempotencyRecord.objects.count() == 2


def test_requests_without_a_valid_key_or_idempotency_key_are_refused(
    client: Client, partner_key: tuple[Any, str]
) -> None:
    _, key = partner_key
    assert post(client, "atz_nope_bad", body()).status_code == 401
    assert post(client, key[:-2] + "xx", body()).status_code == 401
    assert post(client, key, body(), idem=None).status_code == 400
    assert not Proposal.objects.exists()


def test_invalid_input_is_answered_field_by_field(
    client: Client, partner_key: tuple[Any, str]
) -> None:
    _, key = partner_key
    bad = body(submitter={"type": "citizen", "name": "", "iin": "123456789012"}, language="xx")
    response = post(client, key, bad)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert {"submitter_name", "iin", "language"} <= set(detail)
    assert post(client, key, body(external_id="")).status_code == 400
    response = client.post(
        URL,
        data="{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_IDEMPOTENCY_KEY="z",
    )
    assert response.status_code == 400


def test_a_partner_reads_the_status_of_its_own_proposals(
    client: Client, partner_key: tuple[Any, str]
) -> None:
    _, key = partner_key
    number = post(client, key, body()).json()["number"]
    response = client.get(f"{URL}/{number}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and response.json()["status"] == "registered"
    _, other_key = create_partner(SYSTEM, "eGov", "egov")
    assert (
        client.get(f"{URL}/{number}", HTTP_AUTHORIZATION=f"Bearer {other_key}").status_code == 404
    )


def test_the_api_key_is_stored_only_hashed(partner_key: tuple[Any, str]) -> None:
    partner, key = partner_key
    assert key not in partner.key_hash and len(partner.key_hash) == 64

"""Partner intake at both addresses: the same answers, idempotency, keys, shared throttles."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.test import Client

from atazan.proposals.actions import create_partner
from atazan.proposals.models import Proposal

from factories import SYSTEM

pytestmark = pytest.mark.django_db

OLD = "/proposals/api/v1/proposals"
NEW = "/api/v1/partner/proposals"
VALID_IIN = "900102300121"


def body(external_id: str = "EO-1", **overrides: Any) -> dict[str, Any]:
    from api_seed import iin

    data: dict[str, Any] = {
        "external_id": external_id,
        "submitter": {"type": "citizen", "name": "Сергей Ким", "iin": iin("90010230012")},
        "language": "ru",
        "title": "Об однопалатном парламенте",
        "text": "Предлагаю изменить статью 50.",
        "consents": {"publish_text": True, "publish_name": False},
    }
    data.update(overrides)
    return data


def post(
    client: Client, url: str, key: str, payload: Any, idem: str | None = "k-1", **extra: Any
) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}", **extra}
    if idem is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = idem
    data = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(url, data=data, content_type="application/json", **headers)


def comparable(response: Any) -> tuple[int, Any, str | None]:
    """Status, body and replay header, with the values that differ per registration set aside."""
    data = copy.deepcopy(response.json())  # the test client keeps the parsed body
    for volatile in ("number", "registered_at", "deadline", "tracking_secret"):
        if isinstance(data, dict) and volatile in data:
            data[volatile] = type(data[volatile]).__name__
    return response.status_code, data, response.get("Idempotent-Replayed")


REFUSALS: list[tuple[str, Any, dict[str, Any]]] = [
    ("no key", body(), {"key": ""}),
    ("wrong key", body(), {"key": "atz_nope_bad"}),
    ("no idempotency key", body(), {"idem": None}),
    ("not json", "{not json", {}),
    ("not an object", "[1, 2]", {}),
    ("bad fields", body(submitter={"type": "citizen", "name": "", "iin": "123456789012"}), {}),
    ("no external id", body(external_id=""), {}),
    ("a list for text", body(title=["a", "b"]), {}),
    ("submitter not an object", body(submitter="Сергей Ким"), {}),
]


@pytest.mark.parametrize(("case", "payload", "options"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_both_addresses_refuse_alike(
    client: Client, partner_key: tuple[Any, str], case: str, payload: Any, options: dict[str, Any]
) -> None:
    _, key = partner_key
    key = options.get("key", key)
    idem = options.get("idem", "k-1")
    old = post(client, OLD, key, payload, idem=idem, HTTP_ACCEPT_LANGUAGE="ru")
    new = post(client, NEW, key, payload, idem=idem, HTTP_ACCEPT_LANGUAGE="ru")
    assert old.status_code >= 400
    assert (old.status_code, old.json()) == (new.status_code, new.json())
    refused = new.json()
    assert refused["code"] == refused["error"] and refused["message"] and "detail" in refused
    assert not Proposal.objects.exists()


def test_both_addresses_register_replay_and_spot_duplicates_alike(
    client: Client, partner_key: tuple[Any, str]
) -> None:
    _, key = partner_key
    answers = {}
    for url, external_id in ((OLD, "EO-old"), (NEW, "EO-new")):
        first = post(client, url, key, body(external_id), idem=f"{url}-1")
        again = post(client, url, key, body(external_id), idem=f"{url}-1")
        reused = post(client, url, key, body(external_id, text="Другой текст."), idem=f"{url}-1")
        duplicate = post(client, url, key, body(external_id), idem=f"{url}-2")
        assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
        assert duplicate.json()["number"] == first.json()["number"]
        answers[url] = [comparable(r) for r in (first, again, reused, duplicate)]
        status = client.get(f"{url}/{first.json()['number']}", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert status.status_code == 200 and status.json()["external_id"] == external_id
    old, new = answers[OLD], answers[NEW]
    for answer in (old, new):
        for row in answer:
            if isinstance(row[1], dict) and "external_id" in row[1]:
                row[1]["external_id"] = "-"
    assert old == new
    assert [status for status, _, _ in new] == [201, 201, 422, 200]
    assert Proposal.objects.count() == 2


def test_the_new_address_reads_the_status_only_of_the_partners_own_proposals(
    client: Client, partner_key: tuple[Any, str]
) -> None:
    _, key = partner_key
    number = post(client, NEW, key, body()).json()["number"]
    _, other = create_partner(SYSTEM, "eGov", "egov")
    for url in (OLD, NEW):
        mine = client.get(f"{url}/{number}", HTTP_X_API_KEY=key)
        assert mine.status_code == 200 and mine.json()["status"] == "registered"
        theirs = client.get(f"{url}/{number}", HTTP_AUTHORIZATION=f"Bearer {other}")
        assert theirs.status_code == 404 and theirs.json()["code"] == "not_found"
        assert client.get(f"{url}/{number}").status_code == 401


def test_the_partner_limit_is_shared_by_both_addresses_and_answered_with_retry_after(
    client: Client, partner_key: tuple[Any, str], settings: Any
) -> None:
    _, key = partner_key
    settings.ATAZAN_THROTTLES = {
        **settings.ATAZAN_THROTTLES,
        "api_create": {"partner": "2/minute", "address": "100/minute"},
    }
    assert post(client, OLD, key, body("T-1"), idem="t1").status_code == 201
    assert post(client, NEW, key, body("T-2"), idem="t2").status_code == 201
    for url in (NEW, OLD):
        refused = post(client, url, key, body("T-3"), idem="t3")
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) > 0
        assert refused.json()["code"] == "throttled"
        assert refused.json()["details"]["retry_after"] == int(refused["Retry-After"])
    assert Proposal.objects.count() == 2
    _, other = create_partner(SYSTEM, "eGov", "egov")
    assert post(client, NEW, other, body("T-4"), idem="t4").status_code == 201


def test_the_status_look_up_is_throttled_per_partner_at_the_new_address(
    client: Client, partner_key: tuple[Any, str], settings: Any
) -> None:
    _, key = partner_key
    settings.ATAZAN_THROTTLES = {
        **settings.ATAZAN_THROTTLES,
        "api_status": {"partner": "1/minute"},
    }
    assert client.get(f"{NEW}/none", HTTP_X_API_KEY=key).status_code == 404
    assert client.get(f"{NEW}/none", HTTP_X_API_KEY=key).status_code == 429

"""Throttling by URL name: 429 with Retry-After, windows that reset, the address believed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import reverse

from atazan.core import throttle
from atazan.core.roles import Role

from factories import UserFactory

pytestmark = pytest.mark.django_db

START = 1_800_000_000.0  # a window boundary for every period used here


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    # A test's local-memory cache may reuse an earlier test's name (tests/conftest.py):
    # start from no counts.
    throttle.counter_cache().clear()
    fake = Clock()
    monkeypatch.setattr(throttle, "clock", fake)
    return fake


@pytest.fixture
def limits(settings: Any) -> Any:
    """Only the rules a test sets are applied."""

    def apply(**rules: Any) -> None:
        settings.ATAZAN_THROTTLES = rules

    settings.ATAZAN_THROTTLES = {}
    return apply


def _refused(response: Any) -> bool:
    return response.status_code == 429 and int(response["Retry-After"]) > 0


# The rules -----------------------------------------------------------------------------


def test_the_default_limits_are_valid_and_name_known_rules(settings: Any) -> None:
    rules = throttle.configured()
    assert set(rules) <= set(throttle.RULES)
    assert rules["submit"].limits and rules["export"].concurrent > 0


def test_every_rule_names_views_that_exist() -> None:
    from django.urls import get_resolver

    def names(patterns: Any, prefix: str = "") -> set[str]:
        found = set()
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                space = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                found |= names(pattern.url_patterns, space)
            elif pattern.name:
                found.add(prefix + pattern.name)
        return found

    known = names(get_resolver().url_patterns)
    for name, rule in throttle.RULES.items():
        assert rule.views <= known, (name, rule.views - known)


def test_a_citizens_submissions_are_limited_per_account_and_the_window_resets(
    client: Client, clock: Clock, limits: Any
) -> None:
    limits(submit={"user": "3/hour", "address": "100/hour"})
    url = reverse("proposals:submit")
    client.force_login(UserFactory(roles=[Role.CITIZEN]))
    for _ in range(3):
        assert client.post(url, {}).status_code == 200  # counted even when the form is wrong
    refused = client.post(url, {})
    assert _refused(refused) and int(refused["Retry-After"]) == 3600
    assert "try again in 60 minutes" in refused.content.decode()
    assert client.get(url).status_code == 200  # reading the form is never throttled
    # Another account from the same address is not affected.
    other = Client()
    other.force_login(UserFactory(roles=[Role.CITIZEN]))
    assert other.post(url, {}).status_code == 200
    clock.now += 1800
    refused = client.post(url, {})
    assert _refused(refused) and int(refused["Retry-After"]) == 1800
    clock.now += 1800
    assert client.post(url, {}).status_code == 200


def test_submissions_are_limited_per_address_across_accounts(clock: Clock, limits: Any) -> None:
    limits(submit={"user": "100/hour", "address": "2/hour"})
    url = reverse("proposals:submit")
    answers = []
    for _ in range(3):
        client = Client()
        client.force_login(UserFactory(roles=[Role.CITIZEN]))
        answers.append(client.post(url, {}))
    assert [a.status_code for a in answers[:2]] == [200, 200] and _refused(answers[2])
    elsewhere = Client(REMOTE_ADDR="10.9.8.7")
    elsewhere.force_login(UserFactory(roles=[Role.CITIZEN]))
    assert elsewhere.post(url, {}).status_code == 200


def test_sign_in_attempts_are_limited_per_address_across_user_names(
    client: Client, clock: Clock, limits: Any
) -> None:
    limits(sign_in={"address": "3/hour"})
    for url in (reverse("login"), reverse("admin:login")):
        client.post(url, {"username": f"nobody-{url}", "password": "x"})
    client.post(reverse("login"), {"username": "somebody", "password": "x"})
    refused = client.post(reverse("login"), {"username": "anybody", "password": "x"})
    assert _refused(refused)
    assert client.get(reverse("login")).status_code == 200
    assert Client(REMOTE_ADDR="10.3.3.3").post(reverse("login"), {}).status_code == 200


def test_guessing_tracking_secrets_is_limited_per_address(
    client: Client, clock: Clock, limits: Any
) -> None:
    limits(track={"address": "3/hour"})
    url = reverse("proposals:track")
    for i in range(3):
        page = client.post(url, {"number": "KZ-2026-000001", "secret": f"AAAAAAAAA{i}"})
        assert page.status_code == 200
    refused = client.post(url, {"number": "KZ-2026-000001", "secret": "AAAAAAAAAZ"})
    assert _refused(refused)
    assert "throttled" in refused.content.decode()  # the error page names the code
    assert client.get(url).status_code == 200
    assert (
        Client(REMOTE_ADDR="10.0.0.2").post(url, {"number": "x", "secret": "y"}).status_code == 200
    )
    clock.now += 3600
    assert client.post(url, {"number": "x", "secret": "y"}).status_code == 200


def test_comments_on_a_draft_are_limited_per_account(
    client: Client, clock: Clock, limits: Any
) -> None:
    limits(comment={"user": "2/hour"})
    url = reverse("commission:provision", kwargs={"pk": 999999, "uid": "art-1"})
    client.force_login(UserFactory(roles=[Role.CITIZEN]))
    assert [client.post(url, {}).status_code for _ in range(2)] == [404, 404]
    assert _refused(client.post(url, {}))
    assert client.get(url).status_code == 404  # reading is never throttled


def test_the_tracking_code_lookup_is_limited_only_when_a_code_is_sent(
    client: Client, clock: Clock, limits: Any
) -> None:
    limits(ballot_lookup={"address": "1/hour"})
    url = reverse("referendum:online", kwargs={"slug": "none"})
    assert client.get(url, {"code": "ABCD"}).status_code == 404
    assert _refused(client.get(url, {"code": "EFGH"}))
    assert client.get(url).status_code == 404  # the page itself


# The partner API -----------------------------------------------------------------------


def _api(client: Client, key: str = "", **extra: Any) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.post(
        reverse("proposals:api_create"),
        data="{}",
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
        **headers,
        **extra,
    )


def test_the_api_is_limited_per_partner_key_and_answers_json(
    client: Client, clock: Clock, limits: Any
) -> None:
    limits(api_create={"partner": "2/minute", "address": "100/minute"})
    key = "atz_abcd1234_" + "s" * 40
    assert [_api(client, key).status_code for _ in range(2)] == [401, 401]
    refused = _api(client, key)
    assert _refused(refused) and refused["Content-Type"].startswith("application/json")
    body = refused.json()
    assert body["code"] == "throttled" and body["details"]["retry_after"] == 60
    assert int(refused["Retry-After"]) == 60
    # Another secret behind the same prefix has its own allowance: somebody who knows a
    # partner's prefix cannot use up the partner's.
    assert _api(client, "atz_abcd1234_" + "t" * 40).status_code == 401
    clock.now += 60
    assert _api(client, key).status_code == 401


def test_requests_without_a_key_are_limited_by_address(
    client: Client, clock: Clock, limits: Any
) -> None:
    limits(api_create={"partner": "100/minute", "address": "2/minute"})
    assert [_api(client).status_code for _ in range(2)] == [401, 401]
    assert _refused(_api(client))
    assert _refused(_api(client, "atz_x_y"))  # a made-up key does not escape the address limit
    assert _api(client, REMOTE_ADDR="10.1.1.1").status_code == 401


# Downloads -----------------------------------------------------------------------------


def test_the_public_export_is_limited_per_address(
    client: Client, clock: Clock, limits: Any
) -> None:
    limits(export={"address": "2/minute"})
    url = reverse("proposals:public_export", kwargs={"fmt": "csv"})
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    assert _refused(client.get(url))
    clock.now += 60
    assert client.get(url).status_code == 200


def test_only_so_many_exports_are_prepared_at_once(
    client: Client, clock: Clock, limits: Any
) -> None:
    limits(export={"address": "100/minute", "concurrent": 1})
    url = reverse("proposals:public_export", kwargs={"fmt": "jsonl"})
    first = client.get(url)  # streaming: its slot is held until the body is sent
    assert first.status_code == 200
    busy = Client(REMOTE_ADDR="10.2.2.2").get(url)
    assert _refused(busy) and int(busy["Retry-After"]) == throttle.BUSY_RETRY_AFTER
    assert "busy" in busy.content.decode()
    b"".join(first.streaming_content)
    second = Client(REMOTE_ADDR="10.2.2.2").get(url)
    assert second.status_code == 200
    second.close()  # a client that leaves early frees the slot too
    assert client.get(url).status_code == 200


def test_a_rendered_document_holds_its_slot_only_while_it_is_made(
    client: Client, clock: Clock, limits: Any
) -> None:
    limits(document={"address": "100/minute", "concurrent": 1})
    url = reverse(
        "constitution:export", kwargs={"work": "none", "version": "v", "lang": "kk", "fmt": "txt"}
    )
    assert [client.get(url).status_code for _ in range(3)] == [404, 404, 404]


def test_a_rule_turned_off_limits_nothing(client: Client, clock: Clock, limits: Any) -> None:
    limits(track=None)
    url = reverse("proposals:track")
    assert all(client.post(url, {}).status_code == 200 for _ in range(30))


# The address ---------------------------------------------------------------------------


def _request(**meta: str) -> HttpRequest:
    return RequestFactory().get("/", REMOTE_ADDR=meta.pop("remote", "203.0.113.5"), **meta)


def test_x_forwarded_for_is_ignored_unless_behind_a_proxy(settings: Any) -> None:
    settings.ATAZAN_BEHIND_PROXY = False
    request = _request(HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert throttle.client_address(request) == "203.0.113.5"


def test_behind_a_proxy_the_address_it_added_counts_not_the_clients_claims(
    settings: Any,
) -> None:
    settings.ATAZAN_BEHIND_PROXY = True
    settings.ATAZAN_PROXY_COUNT = 1
    spoofed = _request(remote="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert throttle.client_address(spoofed) == "198.51.100.7"
    assert throttle.client_address(_request(remote="10.0.0.1")) == "10.0.0.1"
    garbage = _request(remote="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")
    assert throttle.client_address(garbage) == "10.0.0.1"
    settings.ATAZAN_PROXY_COUNT = 2
    assert throttle.client_address(spoofed) == "1.2.3.4"


def test_the_limit_follows_the_forwarded_address_behind_a_proxy(
    settings: Any, clock: Clock, limits: Any
) -> None:
    limits(track={"address": "1/hour"})
    url = reverse("proposals:track")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    settings.ATAZAN_BEHIND_PROXY = False
    # Without the setting every client behind the proxy is one address, whatever they claim.
    assert Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.1").post(url, {}).status_code == 200
    assert _refused(Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.2").post(url, {}))
    settings.ATAZAN_BEHIND_PROXY = True
    assert Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.3").post(url, {}).status_code == 200
    # A client cannot escape by putting another address in front of the proxy's.
    claim = "1.1.1.1, 198.51.100.3"
    assert _refused(Client(**proxy, HTTP_X_FORWARDED_FOR=claim).post(url, {}))


def test_an_ipv6_client_counts_by_its_network() -> None:
    assert throttle.address_bucket("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert throttle.address_bucket("::ffff:192.0.2.1") == "192.0.2.1"
    assert throttle.address_bucket("192.0.2.1") == "192.0.2.1"


# Configuration -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/hour", (10, 3600)),
        ("600/minute", (600, 60)),
        ("5/15min", (5, 900)),
        ("3/days", (3, 86400)),
        ("5/2h", (5, 7200)),
    ],
)
def test_rates_are_read(text: str, expected: tuple[int, int]) -> None:
    assert throttle.parse_rate(text) == expected


@pytest.mark.parametrize(
    "config",
    [
        {"nonsense": {"address": "1/hour"}},
        {"track": {"address": "often"}},
        {"track": {"anyone": "1/hour"}},
        {"export": {"concurrent": -1}},
    ],
)
def test_a_malformed_setting_stops_the_start(settings: Any, config: dict[str, Any]) -> None:
    settings.ATAZAN_THROTTLES = config
    with pytest.raises(ImproperlyConfigured):
        throttle.ThrottleMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]


def test_with_the_cache_unreachable_requests_are_let_through(
    client: Client, clock: Clock, limits: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits(track={"address": "1/hour"})

    class Down:
        def __getattr__(self, name: str) -> Any:
            raise ConnectionError("cache is down")

    monkeypatch.setattr(throttle, "counter_cache", Down)
    url = reverse("proposals:track")
    assert [client.post(url, {}).status_code for _ in range(3)] == [200, 200, 200]

"""Sign-in through the state identity service, against a small OpenID provider on loopback.

The provider below runs in a thread on 127.0.0.1 and serves the four endpoints
the client is configured with (no discovery): /authorize sends the browser back
with a code, /token checks the client's secret and the PKCE verifier and returns
an ID token signed RS256 with a key made for this module, /userinfo returns the
claims, /jwks the public key. The Django test client plays the browser; the
backend talks to the provider over real HTTP. Nothing leaves the machine.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from atazan.core.models import AuditEntry, User
from atazan.core.roles import Role
from atazan.proposals.models import SubmitterProfile
from atazan_redact.identity import make_identifier

from factories import UserFactory

pytestmark = pytest.mark.django_db

CLIENT_ID = "atazan-test"
CLIENT_SECRET = "s3cret-for-the-test"
PASSWORD = "correct horse battery"  # the factories' password


def _iin(first_eleven: str) -> str:
    value = make_identifier(first_eleven)
    assert value is not None
    return value


IIN = _iin("90010130001")
OTHER_IIN = _iin("85052240002")


@dataclass
class Provider:
    """What the provider answers next; tests change it between sign-ins."""

    issuer: str = ""
    key: Any = None
    claims: dict[str, Any] = field(default_factory=dict)
    #: "signature" signs with another key, "nonce" changes the nonce, "audience" the aud.
    tamper: str = ""
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    token_requests: int = 0

    def id_token(self, grant: dict[str, Any]) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": "someone-else" if self.tamper == "audience" else CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": "forged" if self.tamper == "nonce" else grant["nonce"],
            **grant["claims"],
        }
        key = OTHER_KEY if self.tamper == "signature" else self.key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "test-key"})


KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

        def _json(self, body: Any, status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/authorize":
                assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
                code = secrets.token_urlsafe(16)
                provider.codes[code] = {
                    "nonce": query.get("nonce"),
                    "challenge": query.get("code_challenge"),
                    "redirect_uri": query["redirect_uri"],
                    "claims": dict(provider.claims),
                }
                back = urlencode({"code": code, "state": query["state"]})
                self.send_response(302)
                self.send_header("Location", f"{query['redirect_uri']}?{back}")
                self.end_headers()
            elif url.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                grant = provider.codes.get(token)
                if grant is None:
                    self._json({"error": "invalid_token"}, 401)
                else:
                    self._json(grant["claims"])
            elif url.path == "/jwks":
                jwk = jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key(), as_dict=True)
                self._json({"keys": [{**jwk, "kid": "test-key", "alg": "RS256", "use": "sig"}]})
            else:
                self._json({"error": "not_found"}, 404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path != "/token":
                self._json({"error": "not_found"}, 404)
                return
            provider.token_requests += 1
            grant = provider.codes.get(form.get("code", ""))
            verifier = form.get("code_verifier", "")
            challenge = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                .rstrip(b"=")
                .decode()
            )
            if (
                grant is None
                or form.get("client_id") != CLIENT_ID
                or form.get("client_secret") != CLIENT_SECRET
                or form.get("redirect_uri") != grant["redirect_uri"]
                or challenge != grant["challenge"]
            ):
                self._json({"error": "invalid_grant"}, 400)
                return
            self._json(
                {
                    "access_token": form["code"],
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "id_token": provider.id_token(grant),
                }
            )

    return Handler


@pytest.fixture(scope="module")
def _server() -> Iterator[tuple[ThreadingHTTPServer, Provider]]:
    provider = Provider(key=KEY)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, provider
    server.shutdown()
    server.server_close()


@pytest.fixture
def provider(
    _server: tuple[ThreadingHTTPServer, Provider], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> Provider:
    """The provider, and settings pointing at it (as the ATAZAN_OIDC_* variables would)."""
    _httpd, provider = _server
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    provider.claims = {
        "sub": "citizen-0001",
        "iin": IIN,
        "name": "Айгерім Серікқызы",
        "email": "aigerim@example.kz",
    }
    provider.tamper = ""
    base = provider.issuer
    settings.ATAZAN_OIDC_ENABLED = True
    settings.ATAZAN_OIDC_ISSUER = base
    settings.ATAZAN_OIDC_IIN_CLAIM = "iin"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "atazan.core.oidc.StateIdentityBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_RP_SCOPES = "openid profile email"
    settings.OIDC_USE_PKCE = True
    settings.OIDC_TIMEOUT = 5
    return provider


def _browser_at_provider(url: str) -> str:
    """What the browser does at the provider: follow /authorize to its redirect."""
    import requests

    answer = requests.get(url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    return str(answer.headers["Location"])


def _sign_in(client: Client, next_url: str = "") -> Any:
    """The whole flow; returns Atazan's answer to the callback."""
    start = reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else "")
    answer = client.get(start)
    assert answer.status_code == 302
    back = urlsplit(_browser_at_provider(answer["Location"]))
    assert back.path == reverse("oidc_authentication_callback")
    return client.get(f"{back.path}?{back.query}")


def _messages(answer: Any) -> list[str]:
    return [str(m) for m in get_messages(answer.wsgi_request)]


def _refused(answer: Any, client: Client) -> str:
    assert answer.status_code == 302 and answer["Location"] == reverse("login")
    assert SESSION_KEY not in client.session
    shown = _messages(answer)
    assert len(shown) == 1
    return shown[0]


def test_first_sign_in_creates_a_citizen_with_the_verified_iin(provider: Provider) -> None:
    client = Client()
    answer = _sign_in(client, next_url=reverse("proposals:submit"))
    assert answer.status_code == 302 and answer["Location"] == reverse("proposals:submit")
    user = User.objects.get(username="oidc-citizen-0001")
    assert int(client.session[SESSION_KEY]) == user.pk
    assert user.has_role(Role.CITIZEN) and not user.has_usable_password()
    assert (user.first_name, user.last_name) == ("Айгерім", "Серікқызы")
    assert user.email == "aigerim@example.kz"
    assert SubmitterProfile.objects.get(user=user).iin == IIN
    actions = list(AuditEntry.objects.values_list("action", "actor_label"))
    actor = "system: sign-in through the state identity service"
    for action in ("core.create_user", "core.grant_role", "proposals.bind_verified_identity"):
        assert (action, actor) in actions
    # The citizen form shows the verified IIN locked: it can no longer be self-declared.
    form = client.get(reverse("proposals:submit")).context["form"]
    assert form.fields["iin"].disabled and form.fields["iin"].initial == IIN


def test_the_next_sign_in_reuses_the_account(provider: Provider) -> None:
    _sign_in(Client())
    user = User.objects.get(username="oidc-citizen-0001")
    bound = AuditEntry.objects.filter(action="proposals.bind_verified_identity").count()
    provider.claims["email"] = "new@example.kz"
    client = Client()
    answer = _sign_in(client)
    assert answer.status_code == 302 and answer["Location"] == reverse("portal:home")
    assert int(client.session[SESSION_KEY]) == user.pk
    assert User.objects.filter(username__startswith="oidc-").count() == 1
    assert User.objects.get(pk=user.pk).email == "new@example.kz"
    assert AuditEntry.objects.filter(action="core.update_verified_account").exists()
    assert AuditEntry.objects.filter(action="proposals.bind_verified_identity").count() == bound


@pytest.mark.parametrize("iin", [None, "", "123456789012", "90010130001X"])
def test_a_missing_or_invalid_iin_is_refused(provider: Provider, iin: str | None) -> None:
    if iin is None:
        del provider.claims["iin"]
    else:
        provider.claims["iin"] = iin
    client = Client()
    message = _refused(_sign_in(client), client)
    assert "IIN" in message
    assert not User.objects.filter(username__startswith="oidc-").exists()


def test_the_iin_claim_is_configurable(provider: Provider, settings: Any) -> None:
    settings.ATAZAN_OIDC_IIN_CLAIM = "urn:kz:iin"
    provider.claims["urn:kz:iin"] = provider.claims.pop("iin")
    client = Client()
    assert _sign_in(client).status_code == 302 and SESSION_KEY in client.session
    assert SubmitterProfile.objects.get(user__username="oidc-citizen-0001").iin == IIN


def test_an_iin_bound_to_another_account_is_refused_and_audited(provider: Provider) -> None:
    local = UserFactory()
    SubmitterProfile.objects.create(user=local, iin=IIN)  # self-declared on a local account
    client = Client()
    message = _refused(_sign_in(client), client)
    assert "already bound to another account" in message
    assert not User.objects.filter(username__startswith="oidc-").exists()
    refusal = AuditEntry.objects.get(action="core.refuse_verified_sign_in")
    assert refusal.target_id == str(local.pk)
    assert refusal.data == {"account": "oidc-citizen-0001", "reason": "verified_iin_taken"}
    assert IIN not in json.dumps(refusal.data)


def test_another_iin_for_a_bound_account_is_refused(provider: Provider) -> None:
    _sign_in(Client())
    provider.claims["iin"] = OTHER_IIN
    client = Client()
    message = _refused(_sign_in(client), client)
    assert "another IIN" in message
    profile = SubmitterProfile.objects.get(user__username="oidc-citizen-0001")
    assert profile.iin == IIN
    assert AuditEntry.objects.get(action="core.refuse_verified_sign_in").data["reason"] == (
        "verified_iin_changed"
    )


def test_a_local_account_with_the_same_name_is_not_taken_over(provider: Provider) -> None:
    UserFactory(username="oidc-citizen-0001")  # has a password
    client = Client()
    _refused(_sign_in(client), client)
    assert not SubmitterProfile.objects.filter(iin=IIN).exists()


@pytest.mark.parametrize("tamper", ["signature", "nonce", "audience"])
def test_a_forged_token_is_refused(provider: Provider, tamper: str) -> None:
    provider.tamper = tamper
    client = Client()
    message = _refused(_sign_in(client), client)
    assert "did not succeed" in message
    assert not User.objects.filter(username__startswith="oidc-").exists()


def test_a_token_from_another_issuer_is_refused(provider: Provider, settings: Any) -> None:
    settings.ATAZAN_OIDC_ISSUER = "https://idp.example.kz"
    client = Client()
    _refused(_sign_in(client), client)


def test_a_wrong_or_replayed_state_is_refused(provider: Provider) -> None:
    client = Client()
    start = client.get(reverse("oidc_authentication_init"))
    back = urlsplit(_browser_at_provider(start["Location"]))
    query = parse_qs(back.query)
    forged = urlencode({"code": query["code"][0], "state": "not-the-state"})
    before = provider.token_requests
    _refused(client.get(f"{back.path}?{forged}"), client)
    assert provider.token_requests == before  # refused before the code was redeemed
    # The genuine answer works once; the same state again is refused.
    assert client.get(f"{back.path}?{back.query}").status_code == 302
    assert SESSION_KEY in client.session
    client.logout()
    assert client.get(f"{back.path}?{back.query}")["Location"] == reverse("login")
    assert SESSION_KEY not in client.session


def test_a_callback_from_another_browser_is_refused(provider: Provider) -> None:
    """The state lives in the session that started the sign-in, not in the link."""
    start = Client().get(reverse("oidc_authentication_init"))
    back = urlsplit(_browser_at_provider(start["Location"]))
    victim = Client()
    _refused(victim.get(f"{back.path}?{back.query}"), victim)


def test_local_sign_in_still_works(provider: Provider) -> None:
    user = UserFactory()
    client = Client()
    page = client.get(reverse("login"))
    assert "Sign in with the state identity service" in page.content.decode()
    answer = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert answer.status_code == 302 and int(client.session[SESSION_KEY]) == user.pk


def test_without_configuration_there_is_no_identity_service(settings: Any) -> None:
    settings.ATAZAN_OIDC_ENABLED = False
    client = Client()
    assert "state identity service" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404

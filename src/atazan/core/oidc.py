"""Sign-in through the state identity service (OpenID Connect, mozilla-django-oidc).

Enabled when the deployment sets the ATAZAN_OIDC_* variables (settings.py,
docs/deployment.md). The authorization-code flow is mozilla-django-oidc's,
with PKCE, state and nonce; this module adds what Atazan needs on top:

* the ID token's issuer and audience are checked (the library checks the
  signature, expiry and nonce only);
* the account is found by the provider's stable subject ``sub``
  (``core.actions.verified_username``), made with the citizen role on the
  first sign-in, and never matched by e-mail;
* the IIN comes from a configurable claim (ATAZAN_OIDC_IIN_CLAIM), must be a
  valid IIN (``atazan_redact``), and is bound to the account's submitter
  profile, so the citizen form shows it locked; an IIN held by another
  account is refused, not merged, and the refusal is audited;
* every refusal sends the person back to the sign-in page with a message
  saying why, instead of a bare error page.

Local accounts (the demo, staff) keep signing in with a password.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from atazan.core import actions
from atazan.core.actors import SystemActor
from atazan.core.errors import AtazanError
from atazan_redact.identity import is_valid_iin

logger = logging.getLogger(__name__)

#: The actor of the writes a verified sign-in makes (the person is not signed in yet).
ACTOR = SystemActor("sign-in through the state identity service")


def enabled() -> bool:
    """Whether this deployment signs citizens in through the identity service."""
    return bool(getattr(settings, "ATAZAN_OIDC_ENABLED", False))


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context: whether to offer the identity service on the sign-in page."""
    return {"oidc_enabled": enabled()}


class SignInRefused(SuspiciousOperation):
    """A verified sign-in that Atazan refuses; ``message`` is shown to the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _refuse(request: HttpRequest | None, message: str) -> SignInRefused:
    if request is not None:
        messages.error(request, message)
        request._oidc_refused = True  # type: ignore[attr-defined]
    return SignInRefused(message)


class StateIdentityBackend(OIDCAuthenticationBackend):
    """Maps the claims of the state identity service to a citizen account."""

    request: HttpRequest | None = None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        issuer = getattr(settings, "ATAZAN_OIDC_ISSUER", "")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("the token was issued by another provider")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("the token was issued for another client")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        request = self.request
        userinfo: dict[str, Any] = self.get_userinfo(access_token, id_token, payload)
        subject = str(payload.get("sub") or "")
        if not subject or str(userinfo.get("sub") or "") != subject:
            # OpenID Connect Core 5.3.2: the user info must be about the token's subject.
            raise _refuse(request, _("The identity service did not confirm who you are."))
        claims = {**payload, **userinfo}
        claim = getattr(settings, "ATAZAN_OIDC_IIN_CLAIM", "iin")
        iin = str(claims.get(claim) or "").strip()
        if not iin:
            logger.warning("verified sign-in refused: no %r claim", claim)
            raise _refuse(
                request, _("The identity service did not confirm your IIN, so you cannot sign in.")
            )
        if not is_valid_iin(iin):
            logger.warning("verified sign-in refused: the %r claim is not a valid IIN", claim)
            raise _refuse(
                request,
                _("The IIN confirmed by the identity service is not valid, so you cannot sign in."),
            )
        full_name = (
            str(claims.get("name") or "").strip()
            or " ".join(
                str(claims.get(k) or "").strip() for k in ("given_name", "family_name")
            ).strip()
        )
        email = str(claims.get("email") or "").strip() if claims.get("email_verified", True) else ""
        return self._account(request, subject, iin, full_name, email)

    def _account(
        self, request: HttpRequest | None, subject: str, iin: str, full_name: str, email: str
    ) -> Any:
        from atazan.proposals.actions import VerifiedIdentityConflict, bind_verified_identity

        try:
            with transaction.atomic():
                user = actions.sign_in_verified(
                    ACTOR, subject=subject, full_name=full_name, email=email
                )
                bind_verified_identity(ACTOR, user, iin)
        except VerifiedIdentityConflict as exc:
            # Outside the rolled-back transaction, so the refusal stays on record.
            actions.refuse_verified_sign_in(
                ACTOR, subject=subject, reason=exc.instance_code, holder=exc.holder
            )
            logger.warning("verified sign-in refused: %s", exc.instance_code)
            raise _refuse(request, exc.message) from exc
        except AtazanError as exc:
            actions.refuse_verified_sign_in(ACTOR, subject=subject, reason=exc.instance_code)
            logger.warning("verified sign-in refused: %s", exc.instance_code)
            raise _refuse(request, exc.message) from exc
        return user


class StateIdentityRequestView(OIDCAuthenticationRequestView):
    """Sends the browser to the identity service (404 when it is not configured)."""

    def __init__(self, **kwargs: Any) -> None:
        if enabled():
            super().__init__(**kwargs)
        else:  # the library's __init__ reads settings that are then absent
            View.__init__(self, **kwargs)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not enabled():
            raise Http404
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response


class StateIdentityCallbackView(OIDCAuthenticationCallbackView):
    """Where the identity service sends the browser back; every failure ends on the
    sign-in page with a message."""

    @property
    def failure_url(self) -> str:
        return reverse("login")

    def login_failure(self) -> HttpResponse:
        if not getattr(self.request, "_oidc_refused", False):
            messages.error(
                self.request,
                _("Sign-in through the state identity service did not succeed; please try again."),
            )
        return HttpResponseRedirect(self.failure_url)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404
        try:
            response: HttpResponse = super().get(request)
        except (SuspiciousOperation, jwt.PyJWTError) as exc:
            # A wrong state, nonce, signature, issuer or audience, or an expired token.
            logger.warning("verified sign-in refused: %s", exc)
            return self.login_failure()
        except requests.RequestException as exc:
            logger.warning("the identity service could not be reached: %s", exc)
            messages.error(
                request, _("The state identity service cannot be reached; please try later.")
            )
            request._oidc_refused = True  # type: ignore[attr-defined]
            return self.login_failure()
        return response

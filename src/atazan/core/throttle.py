"""Request throttling by URL name, and the client address the site believes.

One middleware applies the rules below to the views they name, after URL
resolution (``process_view``), so no view knows about throttling. Each rule
names the views and methods it covers; its limits come from
``settings.ATAZAN_THROTTLES`` at request time (docs/deployment.md)::

    ATAZAN_THROTTLES = {
        "submit": {"user": "10/hour", "address": "60/hour"},
        "export": {"address": "20/minute", "concurrent": 4},
        ...
    }

A limit is counted per *scope*: ``user`` (the signed-in account), ``address``
(the client address; an IPv6 client counts by its /64 network) or ``partner``
(a digest of the whole partner API key, so somebody who knows a partner's
key prefix but not its secret cannot use up that partner's allowance; a
request without a key is limited by its address alone). ``concurrent`` caps
how many responses of the rule are being produced at once, site-wide, for
the expensive downloads; a slot is held until a streamed body is finished.

Counts live in Django's cache (the ``throttle`` alias when settings has one,
else ``default``): fixed windows (``add`` then ``incr``), atomic on Redis
(``ATAZAN_CACHE_URL``, shared by every worker) and within one process on the
default local-memory cache. Identities are keyed with an HMAC
of the secret key, so the cache holds no addresses or account ids. When the
cache cannot be reached the request is let through and the failure logged:
throttling must not take the site down with it.

A refusal is a :class:`~atazan.core.errors.ThrottledError` answered by
:func:`atazan.core.middleware.error_response`: 429 with ``Retry-After``, JSON
(code ``throttled``) under ``/api/`` and an error page for people.

Sign-in lockout is django-axes' (5 failures for one user name from one
address); :func:`client_address` and :func:`lockout_response` are its hooks.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import re
import secrets
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from atazan.core.errors import ThrottledError
from atazan.core.middleware import error_response

log = logging.getLogger(__name__)

#: The clock the windows are counted on; tests replace it.
clock: Callable[[], float] = time.time

KEY_PREFIX = "atazan:throttle"
SCOPES = ("user", "address", "partner")
#: How long a concurrency slot is held without a sign of life (a streamed body
#: renews it while it is being sent); a crashed worker's slot frees itself then.
SLOT_LEASE = 300
#: What a client is told to wait for when every slot is taken.
BUSY_RETRY_AFTER = 10


@dataclass(frozen=True)
class Rule:
    """Which requests a rule counts: views by URL name, methods, and optionally
    only those with a query parameter (a lookup sent by GET)."""

    views: frozenset[str]
    methods: frozenset[str]
    when_param: str = ""

    def applies(self, request: HttpRequest) -> bool:
        if request.method not in self.methods:
            return False
        return not self.when_param or bool(request.GET.get(self.when_param, "").strip())


_READ = frozenset({"GET", "HEAD"})
_WRITE = frozenset({"POST"})

#: The throttled views. The limits are in settings.ATAZAN_THROTTLES under the same names.
RULES: dict[str, Rule] = {
    # Password guessing across many user names from one address (django-axes locks
    # one user name from one address).
    "sign_in": Rule(frozenset({"login", "admin:login"}), _WRITE),
    # Each registered proposal or comment starts a statutory deadline.
    "submit": Rule(frozenset({"proposals:submit"}), _WRITE),
    "comment": Rule(frozenset({"commission:provision"}), _WRITE),
    # Guessing the tracking secret of somebody else's proposal.
    "track": Rule(frozenset({"proposals:track"}), _WRITE),
    # The online round's tracking-code lookup reads the whole published record.
    "ballot_lookup": Rule(frozenset({"referendum:online"}), _READ, when_param="code"),
    # The partner API.
    "api_create": Rule(frozenset({"proposals:api_create"}), _WRITE),
    "api_status": Rule(frozenset({"proposals:api_detail"}), _READ),
    # Whole-data downloads anyone may ask for, and documents rendered on request.
    "export": Rule(
        frozenset(
            {
                "proposals:public_export",
                "referendum:online_record",
                "referendum:protocols_csv",
                "referendum:turnout_csv",
            }
        ),
        _READ,
    ),
    "document": Rule(frozenset({"constitution:export", "commission:minutes_pdf"}), _READ),
}

_RULE_OF_VIEW: dict[str, str] = {view: name for name, rule in RULES.items() for view in rule.views}


# Limits ----------------------------------------------------------------------------

_UNITS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    period: int  # seconds

    def __str__(self) -> str:
        return f"{self.scope}:{self.count}/{self.period}s"


def parse_rate(text: str) -> tuple[int, int]:
    """``"10/hour"`` → (10, 3600); also ``"600/minute"``, ``"5/15min"``, ``"100/day"``."""
    match = _RATE.match(str(text).lower())
    if match is None:
        raise ValueError(f"not a rate: {text!r} (write it as 10/hour, 600/minute, 5/15min)")
    count, multiple, unit = int(match[1]), int(match[2] or 1), match[3]
    if unit not in _UNITS and unit.endswith("s") and unit[:-1] in _UNITS:
        unit = unit[:-1]
    if unit not in _UNITS or multiple < 1:
        raise ValueError(f"not a rate: {text!r} (units: second, minute, hour, day)")
    return count, multiple * _UNITS[unit]


@dataclass(frozen=True)
class RuleLimits:
    limits: tuple[Limit, ...]
    concurrent: int = 0


def limits_of(name: str, config: Any) -> RuleLimits:
    """The limits of one rule from its settings entry; ValueError when it is malformed."""
    if config is None:
        return RuleLimits(())
    if not isinstance(config, Mapping):
        raise ValueError(f"ATAZAN_THROTTLES[{name!r}] must be a dict of scope: rate")
    limits: list[Limit] = []
    concurrent = 0
    for key, value in config.items():
        if key == "concurrent":
            if value is not None and (not isinstance(value, int) or value < 0):
                raise ValueError(f"ATAZAN_THROTTLES[{name!r}]['concurrent'] must be a count")
            concurrent = int(value or 0)
            continue
        if key not in SCOPES:
            raise ValueError(
                f"ATAZAN_THROTTLES[{name!r}]: unknown scope {key!r} (one of {', '.join(SCOPES)})"
            )
        rates: Iterable[Any] = [] if value is None else [value] if isinstance(value, str) else value
        for rate in rates:
            count, period = parse_rate(rate)
            limits.append(Limit(key, count, period))
    return RuleLimits(tuple(limits), concurrent)


def configured() -> dict[str, RuleLimits]:
    """Every configured rule's limits; ImproperlyConfigured names what is wrong."""
    config = getattr(settings, "ATAZAN_THROTTLES", {}) or {}
    result = {}
    for name, entry in config.items():
        if name not in RULES:
            raise ImproperlyConfigured(
                f"ATAZAN_THROTTLES: unknown rule {name!r} (one of {', '.join(RULES)})"
            )
        try:
            result[name] = limits_of(name, entry)
        except ValueError as exc:
            raise ImproperlyConfigured(str(exc)) from exc
    return result


# Who is asking -------------------------------------------------------------------------


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address: REMOTE_ADDR, or behind a proxy the one it forwarded.

    Only with ATAZAN_BEHIND_PROXY=1 is X-Forwarded-For believed at all, and then
    only the entry our own proxies added: a proxy appends the address it saw to
    whatever the client sent, so entries further left are the client's to
    invent. With ATAZAN_PROXY_COUNT proxies in a row (default 1) the client is
    that many entries from the right.
    """
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    if getattr(settings, "ATAZAN_BEHIND_PROXY", False):
        forwarded = [
            part.strip()
            for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
            if part.strip()
        ]
        hops = max(1, int(getattr(settings, "ATAZAN_PROXY_COUNT", 1)))
        if len(forwarded) >= hops and (found := _ip(forwarded[-hops])) is not None:
            return str(found)
    parsed = _ip(remote)
    return str(parsed) if parsed is not None else remote


def address_bucket(address: str) -> str:
    """What an address counts as: itself, or its /64 for IPv6 (one subscriber's network)."""
    parsed = _ip(address)
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is None:
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return address or "unknown"


def partner_key(request: HttpRequest) -> str:
    """The partner API key the request carries (as ``atazan.proposals.api`` reads it)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("X-Api-Key", "").strip()


def _identity(request: HttpRequest, scope: str) -> str | None:
    if scope == "user":
        user = getattr(request, "user", None)
        return f"u{user.pk}" if user is not None and user.is_authenticated else None
    if scope == "partner":
        key = partner_key(request)
        # A digest of the whole key: a made-up secret gets a bucket of its own.
        return "k" + hashlib.sha256(key.encode()).hexdigest() if key else None
    return "a" + address_bucket(client_address(request))


def _bucket(rule: str, scope: str, identity: str) -> str:
    digest = salted_hmac("atazan.core.throttle", f"{rule}|{scope}|{identity}").hexdigest()
    return f"{KEY_PREFIX}:{rule}:{scope}:{digest[:32]}"


# Counting ------------------------------------------------------------------------------


def counter_cache() -> BaseCache:
    """Where the counts are kept: the ``throttle`` cache (Redis) if configured, else ``default``."""
    return caches["throttle" if "throttle" in settings.CACHES else "default"]


def _count(key: str, period: int, now: float) -> tuple[int, int]:
    """Count one request in the current window: (requests so far, seconds left in it)."""
    window = int(now // period)
    name = f"{key}:{period}:{window}"
    timeout = period + 5
    store = counter_cache()
    store.add(name, 0, timeout=timeout)
    try:
        count = store.incr(name)
    except ValueError:  # expired between add and incr
        store.set(name, 1, timeout=timeout)
        count = 1
    return int(count), max(1, math.ceil((window + 1) * period - now))


def check(request: HttpRequest, name: str, limits: RuleLimits) -> int:
    """Count the request under every limit of the rule; the seconds to wait, or 0 if allowed."""
    now = clock()
    wait = 0
    for limit in limits.limits:
        identity = _identity(request, limit.scope)
        if identity is None:
            continue
        count, left = _count(_bucket(name, limit.scope, identity), limit.period, now)
        if count > limit.count:
            wait = max(wait, left)
    return wait


@dataclass
class Slot:
    key: str
    token: str
    renewed: float


def acquire(name: str, capacity: int) -> Slot | None:
    """One of the rule's ``capacity`` site-wide slots, or None when all are taken."""
    token = secrets.token_hex(8)
    store = counter_cache()
    for i in range(capacity):
        key = f"{KEY_PREFIX}:{name}:slot:{i}"
        if store.add(key, token, timeout=SLOT_LEASE):
            return Slot(key, token, time.monotonic())
    return None


def release(slot: Slot) -> None:
    try:
        store = counter_cache()
        if store.get(slot.key) == slot.token:
            store.delete(slot.key)
    except Exception:  # the cache went away; the lease frees the slot
        log.exception("throttle: could not release %s", slot.key)


def _renew(slot: Slot) -> None:
    now = time.monotonic()
    if now - slot.renewed > SLOT_LEASE / 3:
        slot.renewed = now
        try:
            counter_cache().touch(slot.key, SLOT_LEASE)
        except Exception:
            log.exception("throttle: could not renew %s", slot.key)


class _Streamed:
    """A streamed body that frees its slot when it ends or is closed (even before it began:
    a generator's ``finally`` would not run then)."""

    def __init__(self, chunks: Iterable[bytes], slot: Slot) -> None:
        self._chunks = iter(chunks)
        self._slot: Slot | None = slot

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        try:
            chunk = next(self._chunks)
        except BaseException:
            self.close()
            raise
        if self._slot is not None:
            _renew(self._slot)
        return chunk

    def close(self) -> None:
        if self._slot is not None:
            slot, self._slot = self._slot, None
            release(slot)


def _release_after(response: HttpResponseBase, slot: Slot) -> HttpResponseBase:
    """Free the slot when the response is done: now, or when a streamed body ends or is closed."""
    if isinstance(response, StreamingHttpResponse) and not response.is_async:
        # response.close() closes it too, when the client leaves early (FileResponse included).
        chunks = cast(Iterator[bytes], response.streaming_content)
        response.streaming_content = _Streamed(chunks, slot)
    else:
        release(slot)
    return response


# Messages ------------------------------------------------------------------------------


def wait_message(seconds: int) -> str:
    if seconds < 120:
        return ngettext(
            "Too many requests of this kind. Please try again in %(count)d second.",
            "Too many requests of this kind. Please try again in %(count)d seconds.",
            seconds,
        ) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Too many requests of this kind. Please try again in %(count)d minute.",
        "Too many requests of this kind. Please try again in %(count)d minutes.",
        minutes,
    ) % {"count": minutes}


# The middleware ------------------------------------------------------------------------


class ThrottleMiddleware:
    """Applies :data:`RULES` with the limits in ``settings.ATAZAN_THROTTLES``.

    Placed after the authentication middleware (the ``user`` scope needs
    ``request.user``); CSRF failures are answered before it and not counted.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        configured()  # a malformed setting stops the start, not a request

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            response = self.get_response(request)
        except BaseException:
            if (slot := getattr(request, "_atazan_throttle_slot", None)) is not None:
                release(slot)
            raise
        if (slot := getattr(request, "_atazan_throttle_slot", None)) is not None:
            response = _release_after(response, slot)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        name = _RULE_OF_VIEW.get(match.view_name) if match is not None else None
        if name is None or not RULES[name].applies(request):
            return None
        config = (getattr(settings, "ATAZAN_THROTTLES", {}) or {}).get(name)
        slot = None
        try:
            limits = limits_of(name, config)
            wait = check(request, name, limits)
            if not wait and limits.concurrent:
                slot = acquire(name, limits.concurrent)
                busy = slot is None
            else:
                busy = False
        except Exception:
            # Throttling must not take the site down: with the cache unreachable, let it through.
            log.exception("throttle: rule %s not applied", name)
            return None
        if wait:
            log.info("throttle: %s refused for %s s", name, wait)
            return error_response(request, ThrottledError(wait_message(wait), retry_after=wait))
        if busy:
            message = _("The server is busy with other downloads. Please try again shortly.")
            return error_response(request, ThrottledError(message, retry_after=BUSY_RETRY_AFTER))
        if slot is not None:
            request._atazan_throttle_slot = slot  # type: ignore[attr-defined]
        return None


# Sign-in lockout (django-axes hooks) ---------------------------------------------------


def without_user_name(request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
    """Attempts that name no user (a sign-in through an identity provider) are not counted:
    the lockout is per user name and address, against password guessing."""
    from axes.helpers import get_client_username

    return not get_client_username(request, credentials)


def lockout_seconds() -> int:
    cool_off = getattr(settings, "AXES_COOLOFF_TIME", None)
    if isinstance(cool_off, timedelta):
        return max(1, int(cool_off.total_seconds()))
    if isinstance(cool_off, int | float):
        return max(1, int(cool_off * 3600))  # axes reads a number as hours
    return 0


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponseBase | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page shown instead of the sign-in form while a user name is locked for an address.

    Every further failed attempt during the lockout starts the cool-off again
    (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so the full cool-off is
    the time left when this page is shown.
    """
    seconds = lockout_seconds()
    response = render(
        request,
        "registration/locked_out.html",
        {
            "minutes": math.ceil(seconds / 60) if seconds else 0,
            "failure_limit": getattr(settings, "AXES_FAILURE_LIMIT", 0),
        },
        status=429,
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response

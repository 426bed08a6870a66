"""The site's throttle rules (``atazan.core.throttle``) applied to ``/api/v1`` operations.

The throttle middleware finds its rules by URL name, and the ninja operations
share one URL view, so the operations ask here instead, naming the same rule
as the first address of the partner API (``api_create``, ``api_status``). Both
addresses therefore count in the same buckets: a partner cannot double its
allowance by using both.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest

from atazan.core import throttle
from atazan.core.errors import ThrottledError

log = logging.getLogger(__name__)


def enforce(request: HttpRequest, rule: str) -> None:
    """Count the request under ``rule``; ThrottledError (429, Retry-After) when over a limit."""
    config = (getattr(settings, "ATAZAN_THROTTLES", {}) or {}).get(rule)
    if config is None:
        return
    try:
        wait = throttle.check(request, rule, throttle.limits_of(rule, config))
    except Exception:
        # As in the middleware: with the cache unreachable the request is let through.
        log.exception("throttle: rule %s not applied", rule)
        return
    if wait:
        log.info("throttle: %s refused for %s s", rule, wait)
        raise ThrottledError(throttle.wait_message(wait), retry_after=wait)

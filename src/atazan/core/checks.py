"""Refuse to serve a production site with demo settings.

``atazan runserver`` and ``atazan.wsgi`` run these checks when a server
starts, and ``atazan check --deploy`` reports them: with DEBUG off, the shipped
secret key (which anyone can read in the source, and so forge sessions and
password-reset links with) or a missing ATAZAN_ALLOWED_HOSTS stops the start
with a message saying which variable to set.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

SAFETY_TAG = "atazan_safety"


# A deploy check: commands that serve nothing (compare two files, analyse a CSV)
# keep working on a machine without a site's configuration.
@checks.register(checks.Tags.security, SAFETY_TAG, deploy=True)
def production_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if settings.DEBUG:
        return []
    errors: list[checks.CheckMessage] = []
    if getattr(settings, "SHIPPED_SECRET_KEY", None) == settings.SECRET_KEY:
        errors.append(
            checks.Error(
                "DEBUG is off but the secret key is the one shipped in the source.",
                hint="Set ATAZAN_SECRET_KEY to a long random value (or ATAZAN_DEBUG=1 for a demo).",
                id="atazan.E001",
            )
        )
    if not getattr(settings, "ATAZAN_HOSTS_CONFIGURED", True):
        errors.append(
            checks.Error(
                "DEBUG is off but ATAZAN_ALLOWED_HOSTS is not set.",
                hint="Set ATAZAN_ALLOWED_HOSTS to the site's host names, separated by commas.",
                id="atazan.E002",
            )
        )
    return errors


def refuse_unsafe_start() -> None:
    """Stop a production worker at start-up when the safety checks fail."""
    from django.core.exceptions import ImproperlyConfigured

    problems = [m for m in production_settings() if m.is_serious()]
    if problems:
        raise ImproperlyConfigured("; ".join(f"{m.id}: {m.msg} {m.hint}" for m in problems))

"""Django settings for Atazan.

Everything that differs between a laptop demo and a production deployment
comes from the environment: DATABASE_URL selects the database (SQLite file by
default, PostgreSQL in production), ATAZAN_SECRET_KEY, ATAZAN_ALLOWED_HOSTS,
ATAZAN_HTTPS and ATAZAN_SITE_URL the rest (docs/deployment.md).

Safe unless told otherwise: DEBUG is off unless ATAZAN_DEBUG=1 (``make demo``
sets it), and with DEBUG off the system checks in ``atazan.core.checks``
refuse to serve with the shipped secret key or without allowed hosts.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ATAZAN_DATA_DIR", Path.cwd() / "var"))

DEBUG = os.environ.get("ATAZAN_DEBUG", "0") == "1"
#: Only for the demo and the tests; the checks refuse it when DEBUG is off.
SHIPPED_SECRET_KEY = "insecure-development-key-set-ATAZAN_SECRET_KEY-in-production"
SECRET_KEY = os.environ.get("ATAZAN_SECRET_KEY", SHIPPED_SECRET_KEY)
_hosts = os.environ.get("ATAZAN_ALLOWED_HOSTS", "")
ALLOWED_HOSTS = [h.strip() for h in _hosts.split(",") if h.strip()] or (
    ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG or not _hosts else []
)
#: Whether ALLOWED_HOSTS was given by the operator (checked when DEBUG is off).
ATAZAN_HOSTS_CONFIGURED = bool(_hosts.strip())

# HTTPS: behind TLS (ATAZAN_HTTPS=1) cookies are secure, plain HTTP is redirected
# and browsers are told to keep to HTTPS (HSTS).
HTTPS = os.environ.get("ATAZAN_HTTPS", "0") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("ATAZAN_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = os.environ.get("ATAZAN_HSTS_PRELOAD", "0") == "1"
if os.environ.get("ATAZAN_BEHIND_PROXY", "0") == "1":
    # The proxy terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("ATAZAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
#: The public address used in e-mails (receipts, answers).
ATAZAN_SITE_URL = os.environ.get("ATAZAN_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # django-ninja's templates and static files: the API docs page served without a CDN.
    "ninja",
    "atazan.core",
    "atazan.constitution",
    "atazan.proposals",
    "atazan.analysis",
    "atazan.commission",
    "atazan.referendum",
    "atazan.portal",
    "atazan.opendata",
    "atazan.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "atazan.core.middleware.AtazanErrorMiddleware",
]

ROOT_URLCONF = "atazan.urls"
WSGI_APPLICATION = "atazan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "atazan.core.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'atazan.sqlite3'}"),
        conn_max_age=int(os.environ.get("ATAZAN_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if "DATABASE_URL" not in os.environ:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the demo server read while a background task writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

# Content-Security-Policy: scripts, styles and fonts only from this site, no inline
# code, no framing, no plugins (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "kk"
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]

EMAIL_BACKEND = os.environ.get(
    "ATAZAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("ATAZAN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ATAZAN_LOG_LEVEL", "WARNING")},
}

#: A local sentence-transformers model directory; when set, analysis runs also link
#: proposals to provisions by meaning. Nothing is ever downloaded.
ATAZAN_EMBEDDING_MODEL_DIR = os.environ.get("ATAZAN_EMBEDDING_MODEL_DIR", "")

#: The licence of the open data (an SPDX identifier), named in /open-data/datapackage.json.
ATAZAN_OPEN_DATA_LICENSE = os.environ.get("ATAZAN_OPEN_DATA_LICENSE", "CC-BY-4.0").strip()

# Sign-in lockout and request throttling (docs/deployment.md) --------------------------
#: X-Forwarded-For is believed only behind our own proxy, and then only the entry
#: the last ATAZAN_PROXY_COUNT proxies added (atazan.core.throttle.client_address).
ATAZAN_BEHIND_PROXY = os.environ.get("ATAZAN_BEHIND_PROXY", "0") == "1"
ATAZAN_PROXY_COUNT = int(os.environ.get("ATAZAN_PROXY_COUNT", "1"))

# The throttle counts are kept per process by default; with several workers (or
# servers) ATAZAN_CACHE_URL=redis://127.0.0.1:6379/1 shares them through Redis. Only
# the counts go there: the other caches (parsed texts, results) stay per process, and
# if Redis is down requests are let through unthrottled rather than refused.
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "atazan"}
}
_cache_url = os.environ.get("ATAZAN_CACHE_URL", "").strip()
if _cache_url:
    if not _cache_url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "ATAZAN_CACHE_URL must be a Redis URL (redis://host:6379/1, rediss:// or unix://)."
        )
    CACHES["throttle"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _cache_url,
        "KEY_PREFIX": "atazan",
        # An unreachable Redis costs a request at most a second.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }

#: Limits per rule of atazan.core.throttle.RULES: scope (user, address, partner) to a
#: rate or a list of rates, and for downloads how many may be prepared at once.
#: ATAZAN_THROTTLES in the environment (JSON) changes single entries; null turns one off.
ATAZAN_THROTTLES: dict[str, Any] = {
    "sign_in": {"address": "100/hour"},
    "submit": {"user": "10/hour", "address": "60/hour"},
    "comment": {"user": "20/hour", "address": "60/hour"},
    "track": {"address": "20/hour"},
    "ballot_lookup": {"address": "60/hour"},
    "api_create": {"partner": "600/minute", "address": "1200/minute"},
    "api_status": {"partner": "1200/minute", "address": "2400/minute"},
    "export": {"address": "20/minute", "concurrent": 4},
    "document": {"address": "30/minute", "concurrent": 8},
}
if os.environ.get("ATAZAN_THROTTLES", "").strip():
    try:
        for _rule, _limits in json.loads(os.environ["ATAZAN_THROTTLES"]).items():
            ATAZAN_THROTTLES[_rule] = (
                None if _limits is None else {**(ATAZAN_THROTTLES.get(_rule) or {}), **_limits}
            )
    except (ValueError, TypeError, AttributeError) as _error:
        raise ImproperlyConfigured(
            'ATAZAN_THROTTLES must be a JSON object: {"rule": {"scope": "10/hour"}} or {"rule": null}'
        ) from _error

# django-axes: five wrong passwords for one user name from one address lock that pair
# for 30 minutes (each further try starts the pause again); another address, or
# another user name, is not affected. `atazan axes_reset` lifts every lockout.
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]
MIDDLEWARE += ["atazan.core.throttle.ThrottleMiddleware", "axes.middleware.AxesMiddleware"]
AXES_FAILURE_LIMIT = int(os.environ.get("ATAZAN_SIGNIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ATAZAN_SIGNIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "atazan.core.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "atazan.core.throttle.lockout_response"
AXES_WHITELIST_CALLABLE = "atazan.core.throttle.without_user_name"
#: Only failed sign-ins are kept (for the lockout and the admin); successful ones are not logged.
AXES_DISABLE_ACCESS_LOG = True

# --- Sign-in through the state identity service (OpenID Connect) ----------------------
# atazan.core.oidc, docs/deployment.md. On only when the client and every endpoint are
# set (no discovery: the endpoints are configured, nothing is fetched at start-up);
# local accounts keep signing in with a password either way.
_OIDC_VARIABLES = {
    "OIDC_RP_CLIENT_ID": "ATAZAN_OIDC_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET": "ATAZAN_OIDC_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "ATAZAN_OIDC_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT": "ATAZAN_OIDC_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT": "ATAZAN_OIDC_USERINFO_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT": "ATAZAN_OIDC_JWKS_ENDPOINT",
}
_oidc = {name: os.environ.get(var, "").strip() for name, var in _OIDC_VARIABLES.items()}
ATAZAN_OIDC_ENABLED = all(_oidc.values())
if any(_oidc.values()) and not ATAZAN_OIDC_ENABLED:
    raise ImproperlyConfigured(
        "Sign-in through the identity service needs all of: "
        + ", ".join(var for name, var in _OIDC_VARIABLES.items() if not _oidc[name])
    )
#: Checked against the ID token's "iss" when set (recommended).
ATAZAN_OIDC_ISSUER = os.environ.get("ATAZAN_OIDC_ISSUER", "").strip()
#: The claim (in the ID token or the user info) that carries the verified IIN.
ATAZAN_OIDC_IIN_CLAIM = os.environ.get("ATAZAN_OIDC_IIN_CLAIM", "iin").strip() or "iin"
OIDC_AUTHENTICATE_CLASS = "atazan.core.oidc.StateIdentityRequestView"
OIDC_CALLBACK_CLASS = "atazan.core.oidc.StateIdentityCallbackView"
_template_options = TEMPLATES[0]["OPTIONS"]
assert isinstance(_template_options, dict)
_template_options["context_processors"].append("atazan.core.oidc.context")
if ATAZAN_OIDC_ENABLED:
    if not DEBUG and not all(
        _oidc[name].startswith("https://") for name in _OIDC_VARIABLES if "_OP_" in name
    ):
        raise ImproperlyConfigured("The identity service's endpoints must be https:// URLs.")
    OIDC_RP_CLIENT_ID = _oidc["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = _oidc["OIDC_RP_CLIENT_SECRET"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = _oidc["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = _oidc["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = _oidc["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = _oidc["OIDC_OP_JWKS_ENDPOINT"]
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "atazan.core.oidc.StateIdentityBackend"]
    OIDC_RP_SIGN_ALGO = os.environ.get("ATAZAN_OIDC_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("ATAZAN_OIDC_SCOPES", "openid profile email")
    OIDC_USE_PKCE = True
    OIDC_TIMEOUT = 10
    OIDC_REDIRECT_REQUIRE_HTTPS = HTTPS
# --- end of the identity service block -------------------------------------------------

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

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
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
    "atazan.core",
    "atazan.constitution",
    "atazan.proposals",
    "atazan.analysis",
    "atazan.commission",
    "atazan.referendum",
    "atazan.portal",
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

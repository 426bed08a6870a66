"""Django settings for Atazan.

Everything that differs between a laptop demo and a production deployment
comes from the environment: DATABASE_URL selects the database (SQLite file by
default, PostgreSQL in production), ATAZAN_SECRET_KEY and ATAZAN_DEBUG the
rest.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ATAZAN_DATA_DIR", Path.cwd() / "var"))

DEBUG = os.environ.get("ATAZAN_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get(
    "ATAZAN_SECRET_KEY", "insecure-development-key-set-ATAZAN_SECRET_KEY-in-production"
)
ALLOWED_HOSTS = os.environ.get("ATAZAN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
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

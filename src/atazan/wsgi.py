"""The WSGI entry point (gunicorn, uWSGI, mod_wsgi)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atazan.settings")
application = get_wsgi_application()

from atazan.core.checks import refuse_unsafe_start  # noqa: E402  (needs the settings loaded)

refuse_unsafe_start()
# Import every view now, while the worker starts, rather than during its first request:
# that request would otherwise wait for the whole project to load.
get_resolver().check()

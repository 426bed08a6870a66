"""The API object: operations from every domain, its error shape, the OpenAPI document, docs.

Mounted at ``/api/v1/`` (``atazan/urls.py``); the schema is at
``/api/v1/openapi.json`` and the interactive documentation at
``/api/v1/docs``, whose Swagger UI comes from ninja's installed static files
(no CDN: the page works offline) and runs under the site's strict
Content-Security-Policy: its settings are a JSON data block and its start-up
code a static file, with no inline script.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from atazan.api import errors
from atazan.api.views import analysis, commission, constitution, partner, proposals, referendum
from atazan.core.errors import NotFoundError
from atazan.core.middleware import error_response

DESCRIPTION = """\
Atazan's public record, read-only for everyone: published constitution texts,
published proposals (masked, names only with consent), the analysis' public
figures, the commission's record and referendum results. Partner systems
register proposals with their key under `/partner/`.

Lists take `page` (from 1) and `size` (1-100) and answer `has_next`.
Every refusal is JSON with a stable `code` (docs/errors.md), a `message` in
the language of `Accept-Language` (kk, ru, en) and the `field` at fault.
"""


class AtazanAPI(NinjaAPI):
    """NinjaAPI whose schema also carries the partner body and key schemes."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {})
        for section, entries in partner.extra_components().items():
            components.setdefault(section, {}).update(entries)
        return schema


api = AtazanAPI(
    title="Atazan API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
for module in (constitution, proposals, analysis, commission, referendum, partner):
    api.add_router("", module.router)


def unknown_address(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/v1/: a JSON 404 in the one shape, not the HTML page."""
    return error_response(request, NotFoundError(_("Nothing is published at this address.")))

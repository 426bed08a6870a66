"""The open-data pages: the datasets page, the descriptor and the prepared files."""

from __future__ import annotations

import json

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from atazan.opendata import actions, catalogue, package, selectors, store

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "xml": "application/akn+xml; charset=utf-8",
}


def index(request: HttpRequest) -> HttpResponse:
    """Every dataset with its formats, sizes and last change; stale ones are queued for rebuild."""
    tables, texts = catalogue.entries()
    actions.schedule(request.user, catalogue.stale_names(tables, texts))
    return render(
        request,
        "opendata/index.html",
        {
            "tables": tables,
            "texts": texts,
            "licence": package.license_descriptor(),
            "descriptor": reverse("opendata:datapackage"),
        },
    )


def datapackage(request: HttpRequest) -> HttpResponse:
    def url_of(name: str, fmt: str) -> str:
        return request.build_absolute_uri(
            reverse("opendata:download", kwargs={"name": name, "fmt": fmt})
        )

    body = package.descriptor(
        url_of,
        request.build_absolute_uri(reverse("opendata:index")),
        catalogue.fresh_manifests(),
        selectors.text_files(),
    )
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )


def _open(manifest: store.Manifest, name: str, fmt: str) -> tuple[store.Manifest, object]:
    """The file of ``manifest``; if a rebuild removed it meanwhile, the one that replaced it."""
    try:
        return manifest, open(manifest.path(fmt), "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError:
        latest = store.read_manifest(name)
        if latest is None or fmt not in latest.files:
            raise Http404("no such file") from None
        return latest, open(latest.path(fmt), "rb")  # noqa: SIM115 - FileResponse closes it


def download(request: HttpRequest, name: str, fmt: str) -> HttpResponseBase:
    """A prepared file, streamed from disk, with its ETag and Last-Modified."""
    manifest = actions.current(request.user, name)
    if fmt not in manifest.files:
        raise Http404("no such format")
    etag = f'"{manifest.files[fmt].sha256[:32]}"'
    last_modified = int(manifest.changed.timestamp())
    unchanged = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if unchanged is not None:
        unchanged["ETag"] = etag
        return unchanged
    manifest, handle = _open(manifest, name, fmt)
    response = FileResponse(
        handle, as_attachment=True, filename=f"{name}.{fmt}", content_type=CONTENT_TYPES[fmt]
    )
    response["ETag"] = f'"{manifest.files[fmt].sha256[:32]}"'
    response["Last-Modified"] = http_date(int(manifest.changed.timestamp()))
    response["Cache-Control"] = "public, no-cache"
    return response

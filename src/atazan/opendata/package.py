"""The Frictionless Data Package descriptor (``datapackage.json``) of the open data.

Data Package 1.0 with Table Schema: each dataset is offered as two tabular
resources with one schema, the CSV file (``proposals``) and the JSON Lines
file (``proposals-jsonl``); each public constitution text is a plain resource
in Akoma Ntoso XML. Sizes and SHA-256 digests are given for files that are
prepared for the current data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from atazan.opendata.datasets import DATASETS, Dataset
from atazan.opendata.selectors import TextFile
from atazan.opendata.store import Manifest

#: Licences Atazan knows the address and title of, by SPDX identifier.
KNOWN_LICENSES = {
    "CC-BY-4.0": (
        "https://creativecommons.org/licenses/by/4.0/",
        "Creative Commons Attribution 4.0",
    ),
    "CC-BY-SA-4.0": (
        "https://creativecommons.org/licenses/by-sa/4.0/",
        "Creative Commons Attribution-ShareAlike 4.0",
    ),
    "CC0-1.0": ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0 Universal"),
    "ODbL-1.0": ("https://opendatacommons.org/licenses/odbl/1-0/", "Open Database License 1.0"),
    "PDDL-1.0": (
        "https://opendatacommons.org/licenses/pddl/1-0/",
        "Open Data Commons Public Domain Dedication and License 1.0",
    ),
}

MEDIA_TYPES = {
    "csv": "text/csv",
    "jsonl": "application/x-ndjson",
    "xml": "application/akn+xml",
}

CSV_DIALECT = {
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}


def license_descriptor() -> dict[str, str]:
    name = settings.ATAZAN_OPEN_DATA_LICENSE
    known = KNOWN_LICENSES.get(name)
    if known is None:
        return {"name": name}
    return {"name": name, "path": known[0], "title": known[1]}


def schema(dataset: Dataset) -> dict[str, Any]:
    fields = []
    for item in dataset.fields:
        descriptor: dict[str, Any] = {
            "name": item.name,
            "type": item.kind,
            "title": str(item.title),
            "description": str(item.description),
        }
        constraints: dict[str, Any] = {}
        enum = item.enum()
        if enum is not None:
            constraints["enum"] = enum
        if item.required or item.name in dataset.primary_key:
            constraints["required"] = True
        if constraints:
            descriptor["constraints"] = constraints
        fields.append(descriptor)
    result: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if dataset.primary_key:
        result["primaryKey"] = list(dataset.primary_key)
    if dataset.foreign_keys:
        result["foreignKeys"] = [
            {
                "fields": list(key.fields),
                "reference": {"resource": key.resource, "fields": list(key.reference)},
            }
            for key in dataset.foreign_keys
        ]
    return result


def resource_name(name: str, fmt: str) -> str:
    """The CSV file carries the dataset's own name; the other formats add theirs."""
    return name if fmt in ("csv", "xml") else f"{name}-{fmt}"


def _file_facts(manifest: Manifest | None, fmt: str) -> dict[str, Any]:
    if manifest is None or fmt not in manifest.files:
        return {}
    info = manifest.files[fmt]
    return {"bytes": info.bytes, "hash": f"sha256:{info.sha256}"}


def descriptor(
    url_of: Callable[[str, str], str],
    homepage: str,
    fresh: dict[str, Manifest | None],
    texts: list[TextFile],
) -> dict[str, Any]:
    """The whole descriptor; ``url_of(name, fmt)`` gives a file's absolute address."""
    licence = license_descriptor()
    resources: list[dict[str, Any]] = []
    for dataset in DATASETS:
        table_schema = schema(dataset)
        for fmt in ("csv", "jsonl"):
            resource: dict[str, Any] = {
                "name": resource_name(dataset.name, fmt),
                "path": url_of(dataset.name, fmt),
                "profile": "tabular-data-resource",
                "title": str(dataset.title),
                "description": str(dataset.description),
                "format": fmt,
                "mediatype": MEDIA_TYPES[fmt],
                "encoding": "utf-8",
                "licenses": [licence],
                **_file_facts(fresh.get(dataset.name), fmt),
                "schema": table_schema,
            }
            if fmt == "csv":
                resource["dialect"] = CSV_DIALECT
            resources.append(resource)
    for text in texts:
        resources.append(
            {
                "name": text.name,
                "path": url_of(text.name, "xml"),
                "profile": "data-resource",
                "title": _("%(work)s, version %(version)s (%(language)s), Akoma Ntoso XML")
                % {"work": text.work, "version": text.version, "language": text.language},
                "format": "xml",
                "mediatype": MEDIA_TYPES["xml"],
                "encoding": "utf-8",
                "licenses": [licence],
                **_file_facts(fresh.get(text.name), "xml"),
            }
        )
    return {
        "profile": "data-package",
        "name": "atazan-open-data",
        "title": _("Atazan open data: the constitutional reform"),
        "description": _(
            "Proposals, answers, analysis, the commission's meetings, votes and amendments, the "
            "versions of the constitution and the referendum count, with no personal data."
        ),
        "homepage": homepage,
        "licenses": [licence],
        "resources": resources,
    }

"""datapackage.json follows Data Package 1.0 and Table Schema 1.0, and the files follow it.

The rules checked are the specifications' own: resource names unique and in
``[a-z0-9._/-]``, a path for each, field types from the Table Schema list,
a primary key made of the schema's fields and unique in the data, foreign
keys pointing to resources and fields that exist and whose values are found
there, and every cell parsing as its field's type and within its enum.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any
from urllib.parse import urlparse

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from conftest import World

pytestmark = pytest.mark.django_db

NAME = re.compile(r"^[a-z0-9._/-]+$")
TYPES = {"string", "number", "integer", "boolean", "date", "datetime"}


def _parse(kind: str, cell: str) -> Any:
    """A CSV cell read as Table Schema's default format of ``kind`` (ValueError if it is not)."""
    if kind == "integer":
        return int(cell)
    if kind == "number":
        return float(cell)
    if kind == "boolean":
        return {"true": True, "false": False}[cell]
    if kind == "date":
        return dt.date.fromisoformat(cell)
    if kind == "datetime":
        value = dt.datetime.fromisoformat(cell)
        assert value.tzinfo is not None, cell
        return value
    return cell


def _download(client: Client, url: str) -> str:
    streamed: Any = client.get(urlparse(url).path)
    assert streamed.status_code == 200, url
    return b"".join(streamed.streaming_content).decode("utf-8")


def test_the_descriptor_is_a_valid_data_package_and_every_file_follows_its_schema(
    world: World,
) -> None:
    client = Client()
    response = client.get(reverse("opendata:datapackage"))
    assert response.status_code == 200
    package = json.loads(response.content)
    assert NAME.match(package["name"])
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    resources = package["resources"]
    names = [r["name"] for r in resources]
    assert len(names) == len(set(names)) and all(NAME.match(n) for n in names)
    by_name = {r["name"]: r for r in resources}
    tables: dict[str, list[dict[str, Any]]] = {}
    for resource in resources:
        assert resource["path"].startswith("http://testserver/open-data/")
        assert resource["encoding"] == "utf-8" and resource["licenses"]
        assert {"format", "mediatype", "title"} <= set(resource)
        if resource["format"] == "xml":
            assert "<akomaNtoso" in _download(client, resource["path"])
            continue
        schema = resource["schema"]
        fields = {f["name"]: f for f in schema["fields"]}
        for item in schema["fields"]:
            assert item["type"] in TYPES and item["title"] and item["description"]
        assert set(schema.get("primaryKey", [])) <= set(fields)
        text = _download(client, resource["path"])
        if resource["format"] == "csv":
            rows = list(csv.DictReader(io.StringIO(text)))
            assert rows and list(rows[0]) == list(fields)
            parsed = [
                {
                    name: None
                    if cell in schema["missingValues"]
                    else _parse(fields[name]["type"], cell)
                    for name, cell in row.items()
                }
                for row in rows
            ]
        else:
            parsed = [json.loads(line) for line in text.splitlines()]
        for row in parsed:
            for name, value in row.items():
                constraints = fields[name].get("constraints", {})
                if constraints.get("required"):
                    assert value not in (None, ""), (resource["name"], name)
                if "enum" in constraints and value not in (None, ""):
                    assert value in constraints["enum"], (resource["name"], name, value)
        key = schema.get("primaryKey")
        if key:
            keys = [tuple(row[k] for k in key) for row in parsed]
            assert len(keys) == len(set(keys)), resource["name"]
        tables[resource["name"]] = parsed

    for resource in resources:
        for foreign in resource.get("schema", {}).get("foreignKeys", []):
            target = foreign["reference"]["resource"]
            assert target in by_name
            target_fields = [f["name"] for f in by_name[target]["schema"]["fields"]]
            assert set(foreign["reference"]["fields"]) <= set(target_fields)
            present = {tuple(r[f] for f in foreign["reference"]["fields"]) for r in tables[target]}
            for row in tables[resource["name"]]:
                value = tuple(row[f] for f in foreign["fields"])
                if all(v not in (None, "") for v in value):
                    assert value in present, (resource["name"], value)


def test_sizes_and_digests_are_given_for_prepared_files(world: World) -> None:
    client = Client()
    before = json.loads(client.get(reverse("opendata:datapackage")).content)
    assert "bytes" not in before["resources"][0]
    proposals = _download(client, before["resources"][0]["path"]).encode("utf-8")
    after = json.loads(client.get(reverse("opendata:datapackage")).content)
    first = after["resources"][0]
    assert first["bytes"] == len(proposals)
    assert first["hash"].startswith("sha256:")


@override_settings(ATAZAN_OPEN_DATA_LICENSE="ODbL-1.0")
def test_the_licence_is_the_configured_one(world: World) -> None:
    package = json.loads(Client().get(reverse("opendata:datapackage")).content)
    assert package["licenses"][0]["name"] == "ODbL-1.0"
    assert all(r["licenses"][0]["name"] == "ODbL-1.0" for r in package["resources"])

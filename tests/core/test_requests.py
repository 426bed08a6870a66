"""Numbers in the query string and JSON bodies are read without trusting them: 400/404/413, never 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import Http404
from django.test import Client, RequestFactory

from atazan.core.requests import (
    MAX_PAGE,
    id_list,
    json_depth,
    page_number,
    read_json,
    whole_number,
)


@pytest.mark.parametrize("value", ["²", "٣", "-1", "+1", "1.0", "1e5", "", " ", "abc", "0x10"])
def test_anything_but_ascii_digits_is_a_bad_request(value: str) -> None:
    with pytest.raises(BadRequest):
        whole_number(value, name="page")


@pytest.mark.parametrize("value", ["9" * 20, "9" * 5000, "0" * 5000 + "9" * 30])
def test_a_number_beyond_any_row_is_not_found(value: str) -> None:
    with pytest.raises(Http404):
        whole_number(value, name="id")


def test_plain_numbers_are_read_leading_zeros_included() -> None:
    assert whole_number("0042", name="id") == 42
    assert whole_number("0" * 5000 + "7", name="id") == 7


def test_page_numbers_start_at_1_and_end_at_the_last_possible_page() -> None:
    factory = RequestFactory()
    assert page_number(factory.get("/", {})) == 1
    assert page_number(factory.get("/", {"page": "3"})) == 3
    assert page_number(factory.get("/", {"page": str(MAX_PAGE)})) == MAX_PAGE
    with pytest.raises(BadRequest):
        page_number(factory.get("/", {"page": "0"}))
    with pytest.raises(Http404):
        page_number(factory.get("/", {"page": str(MAX_PAGE + 1)}))


def test_ticked_ids_are_numbers_and_at_most_a_thousand() -> None:
    assert id_list(["1", "2", ""], name="ids") == [1, 2]
    assert len(id_list([str(n) for n in range(1, 5000)], name="ids")) == 1000
    with pytest.raises(BadRequest):
        id_list(["1", "²"], name="ids")


def test_json_depth_is_measured_without_recursion() -> None:
    assert json_depth("text") == 0
    assert json_depth({"a": [1, {"b": []}]}) == 4
    deep: Any = []
    for _ in range(100_000):
        deep = [deep]
    assert json_depth(deep) == 100_001


def test_a_body_is_refused_by_its_declared_length_before_it_is_read() -> None:
    request = RequestFactory().post(
        "/api/x", data=b"{}", content_type="application/json", CONTENT_LENGTH="10485760"
    )
    with pytest.raises(RequestDataTooBig):
        read_json(request, max_bytes=1024)


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"\xff\xfe{}", b"[" * 50_000 + b"]" * 50_000, b"[[[[[[[[[[1]]]]]]]]]]"],
)
def test_malformed_non_utf8_or_too_deep_json_is_a_bad_request(body: bytes) -> None:
    request = RequestFactory().post("/api/x", data=body, content_type="application/json")
    with pytest.raises(BadRequest):
        read_json(request, max_bytes=1024 * 1024, max_depth=8)


# Every list page, whichever view parses the number --------------------------------------


LIST_PAGES = [
    "/proposals/",
    "/analysis/",
    "/analysis/coverage/",
    "/analysis/runs/1/compare/",
    "/referendum/",
    "/constitution/",
    "/commission/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", LIST_PAGES)
@pytest.mark.parametrize(("name", "value", "status"), [("page", "²", 400), ("page", "x", 400)])
def test_a_page_number_that_is_not_a_number_is_400_on_every_list_page(
    client: Client, path: str, name: str, value: str, status: int
) -> None:
    assert client.get(path, {name: value}).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("path", LIST_PAGES)
def test_a_page_number_beyond_the_last_possible_page_is_404_on_every_list_page(
    client: Client, path: str
) -> None:
    assert client.get(path, {"page": "9" * 30}).status_code == 404


@pytest.mark.django_db
def test_an_analysis_run_compared_with_a_run_that_is_not_a_number_is_400(client: Client) -> None:
    # The view reads ``with`` with int() after str.isdigit(), which "²" passes.
    assert client.get("/analysis/runs/1/compare/", {"with": "²"}).status_code == 400
    assert client.get("/analysis/runs/1/compare/", {"with": "9" * 40}).status_code == 404


@pytest.mark.django_db
def test_api_clients_get_refusals_as_json(client: Client) -> None:
    response = client.get("/proposals/api/v1/proposals/2026-000001", {"page": "²"})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
    response = client.get("/proposals/api/v1/nothing-here/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_json_client_gets_a_404_as_json() -> None:
    client = Client(headers={"accept": "application/json"})
    response = client.get("/proposals/", {"page": "9" * 30})
    assert response.status_code == 404
    assert json.loads(response.content)["error"] == "not_found"

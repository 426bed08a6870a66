"""Refusals and failures are answered in the site's layout, in the reader's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

from atazan import urls as site_urls


def _refused(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault the page must not show")


urlpatterns = [
    path("refused/", _refused),
    path("broken/", _broken),
    path("", include(site_urls)),
]

TITLES = {
    "404": {"kk": "Бет табылмады", "ru": "Страница не найдена", "en": "Page not found"},
    "403": {"kk": "Қол жеткізу жабық", "ru": "Доступ запрещён", "en": "Access denied"},
    "500": {
        "kk": "Бірдеңе дұрыс болмады",
        "ru": "Что-то пошло не так",
        "en": "Something went wrong",
    },
}


def _client(language: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = language
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_missing_page_is_answered_in_the_layout_and_language(language: str) -> None:
    response = _client(language).get("/no-such-page/", HTTP_ACCEPT="text/html")
    body = response.content.decode()
    assert response.status_code == 404
    assert TITLES["404"][language] in body
    assert 'class="site-header"' in body


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_refused_page_is_answered_in_the_layout_and_language(language: str) -> None:
    response = _client(language).get("/refused/", HTTP_ACCEPT="text/html")
    body = response.content.decode()
    assert response.status_code == 403
    assert TITLES["403"][language] in body
    assert 'class="site-header"' in body


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_failure_is_answered_in_the_layout_without_its_details(
    language: str, caplog: Any
) -> None:
    response = _client(language).get("/broken/", HTTP_ACCEPT="text/html")
    body = response.content.decode()
    assert response.status_code == 500
    assert TITLES["500"][language] in body
    assert "a fault the page must not show" not in body

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from atazan.constitution import selectors as constitution_selectors


def home(request: HttpRequest) -> HttpResponse:
    works = constitution_selectors.works_with_versions(request.user)
    return render(request, "portal/home.html", {"works": works})

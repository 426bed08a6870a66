from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from atazan.constitution import selectors as constitution_selectors
from atazan.portal import selectors


def home(request: HttpRequest) -> HttpResponse:
    works = constitution_selectors.works_with_versions(request.user)
    timeline = selectors.reform_timeline(timezone.localdate())
    return render(request, "portal/home.html", {"works": works, "timeline": timeline})

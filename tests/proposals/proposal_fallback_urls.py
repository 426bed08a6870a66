"""URLs for these tests while another app's urls cannot be imported yet.

Only used when ``atazan.urls`` fails to import (a sibling app mid-change); the
names that base.html links to are kept so every page renders.
"""

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path


def _stub(request):  # type: ignore[no-untyped-def]
    return HttpResponse("")


constitution = ([path("", _stub, name="work_list")], "constitution")
core = ([path("", _stub, name="audit_log")], "core")
portal = ([path("", _stub, name="home")], "portal")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("constitution/", include(constitution)),
    path("audit/", include(core)),
    path("proposals/", include("atazan.proposals.urls")),
    path("", include(portal)),
]

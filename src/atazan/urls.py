from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from atazan.api.main import api, unknown_address

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/oidc/", include("mozilla_django_oidc.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown_address),
    path("constitution/", include("atazan.constitution.urls")),
    path("audit/", include("atazan.core.urls")),
    path("proposals/", include("atazan.proposals.urls")),
    path("analysis/", include("atazan.analysis.urls")),
    path("commission/", include("atazan.commission.urls")),
    path("referendum/", include("atazan.referendum.urls")),
    path("open-data/", include("atazan.opendata.urls")),
    path("", include("atazan.portal.urls")),
]

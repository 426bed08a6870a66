from django.urls import path

from atazan.constitution import views

app_name = "constitution"
urlpatterns = [
    path("", views.work_list, name="work_list"),
    path("<slug:work>/compare/", views.compare_versions, name="compare"),
    path("<slug:work>/p/<str:uid>/", views.permanent_provision, name="permanent"),
    path("<slug:work>/<slug:version>/", views.read_default, name="read_default"),
    path("<slug:work>/<slug:version>/<str:lang>/", views.read_version, name="read"),
    path(
        "<slug:work>/<slug:version>/<str:lang>/download/<str:fmt>/",
        views.export_version,
        name="export",
    ),
    path(
        "<slug:work>/<slug:version>/<str:lang>/<str:eid>/",
        views.provision_detail,
        name="provision",
    ),
]

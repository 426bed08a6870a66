from django.urls import path, re_path

from atazan.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("datapackage.json", views.datapackage, name="datapackage"),
    re_path(
        r"^(?P<name>[a-z0-9][a-z0-9_-]*)\.(?P<fmt>csv|jsonl|xml)$",
        views.download,
        name="download",
    ),
]

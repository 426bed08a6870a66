from django.urls import path

from atazan.core import views

app_name = "core"
urlpatterns = [
    path("", views.audit_log, name="audit_log"),
    path("checkpoints/", views.checkpoints, name="checkpoints"),
    path("checkpoints.json", views.checkpoints_json, name="checkpoints_json"),
    path("checkpoints/<int:pk>.json", views.checkpoint_json, name="checkpoint_json"),
]

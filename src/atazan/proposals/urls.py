from django.urls import path

from atazan.portal.views import explorer
from atazan.proposals import api, views

app_name = "proposals"
urlpatterns = [
    path("", explorer, name="public_list"),
    path("public/<str:number>/", views.public_detail, name="public_detail"),
    path("export/proposals.<str:fmt>", views.public_export, name="public_export"),
    path("submit/", views.submit, name="submit"),
    path("receipt/<str:number>/", views.receipt, name="receipt"),
    path("mine/", views.mine, name="mine"),
    path("track/", views.track, name="track"),
    path("operator/", views.operator_entry, name="operator_entry"),
    path(
        "operator/<str:number>/acknowledgement.pdf",
        views.acknowledgement,
        name="acknowledgement",
    ),
    path("cases/", views.case_list, name="case_list"),
    path("cases/bulk/", views.bulk_action, name="bulk_action"),
    path("cases/workload/", views.workload, name="workload"),
    path("cases/auto-assign/", views.auto_assign, name="auto_assign"),
    path("cases/<str:number>/", views.case_detail, name="case_detail"),
    path("cases/<str:number>/act/", views.case_action, name="case_action"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("settings/templates/", views.settings_templates, name="settings_templates"),
    path("settings/templates/new/", views.settings_template_edit, name="settings_template_new"),
    path(
        "settings/templates/<int:pk>/", views.settings_template_edit, name="settings_template_edit"
    ),
    path(
        "settings/templates/<int:pk>/active/",
        views.settings_template_active,
        name="settings_template_active",
    ),
    path("settings/routing/", views.settings_routing, name="settings_routing"),
    path("settings/routing/<int:pk>/", views.settings_rule_change, name="settings_rule_change"),
    path("settings/calendar/", views.settings_calendar, name="settings_calendar"),
    path(
        "settings/calendar/<int:pk>/delete/",
        views.settings_transfer_delete,
        name="settings_transfer_delete",
    ),
    path("api/v1/proposals", api.create, name="api_create"),
    path("api/v1/proposals/<str:number>", api.detail, name="api_detail"),
]

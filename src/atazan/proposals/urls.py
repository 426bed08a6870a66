from django.urls import path

from atazan.proposals import api, views

app_name = "proposals"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("public/<str:number>/", views.public_detail, name="public_detail"),
    path("export/proposals.<str:fmt>", views.public_export, name="public_export"),
    path("submit/", views.submit, name="submit"),
    path("receipt/<str:number>/", views.receipt, name="receipt"),
    path("mine/", views.mine, name="mine"),
    path("track/", views.track, name="track"),
    path("operator/", views.operator_entry, name="operator_entry"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/bulk/", views.bulk_action, name="bulk_action"),
    path("cases/workload/", views.workload, name="workload"),
    path("cases/auto-assign/", views.auto_assign, name="auto_assign"),
    path("cases/<str:number>/", views.case_detail, name="case_detail"),
    path("cases/<str:number>/act/", views.case_action, name="case_action"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("api/v1/proposals", api.create, name="api_create"),
    path("api/v1/proposals/<str:number>", api.detail, name="api_detail"),
]

from django.urls import path

from atazan.referendum import views

app_name = "referendum"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.results_page, name="results"),
    path("<slug:slug>/units/<slug:unit>/", views.unit_page, name="unit"),
    path("<slug:slug>/turnout/", views.turnout_page, name="turnout"),
    path("<slug:slug>/anomalies/", views.anomalies_page, name="anomalies"),
    path("<slug:slug>/protocols.csv", views.protocols_csv, name="protocols_csv"),
    path("<slug:slug>/turnout.csv", views.turnout_csv, name="turnout_csv"),
    path("<slug:slug>/results.json", views.results_json, name="results_json"),
    path("<slug:slug>/precincts/<str:code>/", views.precinct_page, name="precinct"),
    path("<slug:slug>/precincts/<str:code>/correct/", views.protocol_correct, name="correct"),
    path("<slug:slug>/precincts/<str:code>/turnout/", views.turnout_report, name="report_turnout"),
    path("<slug:slug>/enter/", views.protocol_enter, name="enter"),
    path("<slug:slug>/desk/", views.desk, name="desk"),
    path("<slug:slug>/roll/", views.roll_page, name="roll"),
    path("<slug:slug>/online/", views.online_page, name="online"),
    path("<slug:slug>/online/record.zip", views.online_record, name="online_record"),
]

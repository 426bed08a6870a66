from django.urls import path

from atazan.analysis import views

app_name = "analysis"

urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("start/", views.start_run, name="start_run"),
    path("coverage/", views.coverage, name="coverage"),
    path("runs/<int:run_id>/", views.run_detail, name="run_detail"),
    path("runs/<int:run_id>/themes/<str:key>/", views.theme_detail, name="theme_detail"),
    path("runs/<int:run_id>/campaigns/<str:key>/", views.campaign_detail, name="campaign_detail"),
    path("runs/<int:run_id>/links/", views.link_review, name="link_review"),
    path("runs/<int:run_id>/compare/", views.compare_runs, name="compare_runs"),
    path("runs/<int:run_id>/merge/", views.merge_themes, name="merge_themes"),
    path("runs/<int:run_id>/themes/<str:key>/split/", views.split_theme, name="split_theme"),
    path("runs/<int:run_id>/topics/", views.topic_review, name="topic_review"),
    path("links/decide/", views.decide_link, name="decide_link"),
    path("topics/decide/", views.decide_topic, name="decide_topic"),
    path("campaigns/mark/", views.mark_campaign, name="mark_campaign"),
    path("campaigns/unmark/", views.unmark_campaign, name="unmark_campaign"),
]

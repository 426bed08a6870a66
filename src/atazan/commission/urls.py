from django.urls import path

from atazan.commission import views

app_name = "commission"
meeting = "<slug:body>/meetings/<int:number>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar.ics", views.calendar_ics, name="calendar_ics"),
    path("amendments/<int:pk>/", views.amendment_detail, name="amendment"),
    path("amendments/<int:pk>/withdraw/", views.amendment_withdraw, name="amendment_withdraw"),
    path("drafts/<int:pk>/", views.draft_detail, name="draft"),
    path("drafts/<int:pk>/publish/", views.draft_publish, name="draft_publish"),
    path("drafts/<int:pk>/comments/", views.draft_comments, name="draft_comments"),
    path("drafts/<int:pk>/provisions/<str:uid>/", views.provision_trace, name="provision"),
    path("proposals/<str:number>/", views.proposal_outcome, name="proposal"),
    path("<slug:body>/", views.body_members, name="body"),
    path("<slug:body>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("<slug:body>/amendments/new/", views.amendment_new, name="amendment_new"),
    path("<slug:body>/drafts/new/", views.draft_consolidate, name="draft_consolidate"),
    path(meeting, views.meeting_detail, name="meeting"),
    path(meeting + "minutes.<str:lang>.pdf", views.minutes_pdf, name="minutes_pdf"),
    path(meeting + "start/", views.meeting_start, name="meeting_start"),
    path(meeting + "end/", views.meeting_end, name="meeting_end"),
    path(meeting + "attendance/", views.meeting_attendance, name="meeting_attendance"),
    path(meeting + "minutes/", views.meeting_minutes, name="meeting_minutes"),
    path(meeting + "links/", views.meeting_links, name="meeting_links"),
    path(meeting + "agenda/new/", views.agenda_new, name="agenda_new"),
    path(
        meeting + "minutes/approve/", views.meeting_approve_minutes, name="meeting_approve_minutes"
    ),
    path(meeting + "votes/open/", views.vote_open, name="vote_open"),
    path(meeting + "votes/<int:vote>/close/", views.vote_close, name="vote_close"),
    path(meeting + "votes/<int:vote>/cast/", views.vote_cast, name="vote_cast"),
]

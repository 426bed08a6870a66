from django.urls import path

from atazan.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("figures/", views.figures, name="figures"),
]

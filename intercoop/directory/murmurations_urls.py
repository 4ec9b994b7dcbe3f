"""Murmurations profiles, at addresses outside the language prefix: a profile is the same data
in every language, and its address must not change."""

from django.urls import path

from intercoop.directory import views

app_name = "murmurations"

urlpatterns = [
    path("organizations/<slug:slug>.json", views.murmurations_profile, name="organization"),
]

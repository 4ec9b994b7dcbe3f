from django.urls import path

from intercoop.directory import views

app_name = "directory"

urlpatterns = [
    path("regions/<str:country>/", views.regions, name="regions"),
    path("regions/<str:country>/<str:region>/", views.region, name="region"),
]

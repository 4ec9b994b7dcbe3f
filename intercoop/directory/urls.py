from django.urls import path

from intercoop.directory import views

app_name = "directory"

urlpatterns = [
    path("directory/duplicates/", views.duplicates_list, name="duplicates"),
    path("regions/<str:country>/", views.regions, name="regions"),
    path("regions/<str:country>/<str:region>/", views.region, name="region"),
]

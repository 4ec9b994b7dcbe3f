from django.urls import path

from intercoop.directory import views

app_name = "directory"

urlpatterns = [
    path("directory/", views.search_page, name="search"),
    path("directory/widget/", views.widget, name="widget"),
    path("directory/duplicates/", views.duplicates_list, name="duplicates"),
    path("embed/<slug:slug>/", views.embed, name="embed"),
    path("regions/<str:country>/", views.regions, name="regions"),
    path("regions/<str:country>/<str:region>/", views.region, name="region"),
]

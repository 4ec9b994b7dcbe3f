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

# The public list of organizations and the public page of each, named in the organizations'
# namespace ("organizations:list", "organizations:detail"): intercoop.urls adds them to the
# patterns of intercoop.organizations.urls, after them, so that "orgs/new/" stays the form to
# create one.
organization_pages = [
    path("orgs/", views.organization_list, name="list"),
    path("orgs/<slug:slug>/", views.organization_detail, name="detail"),
]

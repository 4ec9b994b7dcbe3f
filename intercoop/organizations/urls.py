from django.urls import path

from intercoop.organizations import views

app_name = "organizations"

# The public list and page of an organization ("list" and "detail") are the directory's
# (directory.urls.organization_pages); intercoop.urls puts them in this namespace, after these.

urlpatterns = [
    path("orgs/new/", views.organization_create, name="create"),
    path("orgs/<slug:slug>/edit/", views.organization_edit, name="edit"),
    path("orgs/<slug:slug>/offers/", views.organization_offers, name="offers"),
    path("orgs/<slug:slug>/history/", views.organization_history, name="history"),
    path("orgs/<slug:slug>/relationships/", views.relationships, name="relationships"),
    path(
        "orgs/<slug:slug>/relationships/<int:relationship_id>/confirm/",
        views.relationship_confirm,
        name="relationship_confirm",
    ),
    path(
        "orgs/<slug:slug>/relationships/<int:relationship_id>/remove/",
        views.relationship_remove,
        name="relationship_remove",
    ),
    path("orgs/<slug:slug>/people/", views.people, name="people"),
    path("orgs/<slug:slug>/people/<int:role_id>/role/", views.role_change, name="role_change"),
    path("orgs/<slug:slug>/people/<int:role_id>/remove/", views.role_remove, name="role_remove"),
    path("orgs/<slug:slug>/invitations/", views.invitations, name="invitations"),
    path(
        "orgs/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("orgs/<slug:slug>/join/", views.join_request_create, name="join"),
    path(
        "orgs/<slug:slug>/join/<int:join_request_id>/withdraw/",
        views.join_request_withdraw,
        name="join_request_withdraw",
    ),
    path("orgs/<slug:slug>/join-requests/", views.join_requests, name="join_requests"),
    path(
        "orgs/<slug:slug>/join-requests/<int:join_request_id>/accept/",
        views.join_request_accept,
        name="join_request_accept",
    ),
    path(
        "orgs/<slug:slug>/join-requests/<int:join_request_id>/decline/",
        views.join_request_decline,
        name="join_request_decline",
    ),
    path(
        "invitations/received/<int:invitation_id>/",
        views.invitation_received,
        name="invitation_received",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("attention/", views.attention_page, name="attention"),
]

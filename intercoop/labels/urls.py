from django.urls import path

from intercoop.labels import verifier_views, views

app_name = "labels"

urlpatterns = [
    path("orgs/<slug:slug>/labels/", views.issuer, name="issuer"),
    path(
        "orgs/<slug:slug>/labels/issuer/rotate/",
        views.issuer_key_rotate,
        name="issuer_key_rotate",
    ),
    path("orgs/<slug:slug>/labels/achievements/", views.achievements, name="achievements"),
    path(
        "orgs/<slug:slug>/labels/achievements/<int:achievement_id>/",
        views.achievement_detail,
        name="achievement",
    ),
    path(
        "orgs/<slug:slug>/labels/achievements/<int:achievement_id>/issue-many/",
        views.achievement_issue_many,
        name="achievement_issue_many",
    ),
    path(
        "orgs/<slug:slug>/labels/achievements/<int:achievement_id>/issue-organization/",
        views.achievement_issue_organization,
        name="achievement_issue_organization",
    ),
    path(
        "orgs/<slug:slug>/labels/credentials/<int:credential_id>/revoke/",
        views.credential_revoke,
        name="credential_revoke",
    ),
    path(
        "orgs/<slug:slug>/labels/credentials/<int:credential_id>/suspend/",
        views.credential_suspend,
        name="credential_suspend",
    ),
    path("orgs/<slug:slug>/labels/endorsements/", views.endorsements, name="endorsements"),
    path(
        "orgs/<slug:slug>/labels/endorsements/<int:endorsement_id>/revoke/",
        views.endorsement_revoke,
        name="endorsement_revoke",
    ),
    path("labels/endorsements/<uuid:uuid>/", views.endorsement_page, name="endorsement"),
    path("labels/accept/<str:token>/", views.accept, name="accept"),
    path("labels/credentials/<uuid:uuid>/", views.credential_page, name="credential"),
    path("labels/verify/", verifier_views.verify, name="verify"),
]

"""The labels' addresses that standards fix, outside the language prefixes (``intercoop/urls.py``
mounts these under ``labels/``): the issuers' DID documents where did:web maps their identifiers,
the JSON of credentials and achievements at the addresses that are their ``id``, and the
credentials baked into badge images."""

from django.urls import path

from intercoop.labels import badge_views, views

app_name = "labels_public"

urlpatterns = [
    path("issuers/<slug:path>/did.json", views.did_json, name="did_document"),
    path("credentials/<uuid:uuid>", views.credential_json, name="credential_json"),
    path("status/<uuid:uuid>", views.status_list_json, name="status_list"),
    path("credentials/<uuid:uuid>/badge.png", badge_views.badge_png, name="badge_png"),
    path("credentials/<uuid:uuid>/badge.svg", badge_views.badge_svg, name="badge_svg"),
    path("endorsements/<uuid:uuid>", views.endorsement_json, name="endorsement_json"),
    path("achievements/<uuid:uuid>", views.achievement_json, name="achievement_json"),
    path("achievements/<uuid:uuid>/image.png", views.achievement_image, name="achievement_image"),
]

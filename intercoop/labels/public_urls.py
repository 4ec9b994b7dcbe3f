"""The labels' addresses that standards fix, outside the language prefixes (``intercoop/urls.py``
mounts these under ``labels/``): the issuers' DID documents where did:web maps their identifiers,
and the JSON of credentials and achievements at the addresses that are their ``id``."""

from django.urls import path

from intercoop.labels import views

app_name = "labels_public"

urlpatterns = [
    path("issuers/<slug:path>/did.json", views.did_json, name="did_document"),
    path("credentials/<uuid:uuid>", views.credential_json, name="credential_json"),
    path("achievements/<uuid:uuid>", views.achievement_json, name="achievement_json"),
    path("achievements/<uuid:uuid>/image.png", views.achievement_image, name="achievement_image"),
]

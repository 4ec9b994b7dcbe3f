"""The data co-operative's addresses without a language prefix: a consent receipt's JSON-LD,
whose ``@id`` names it (``intercoop/urls.py`` mounts these under ``datacoop/``)."""

from django.urls import path

from intercoop.datacoop.views import receipts

app_name = "datacoop_public"

urlpatterns = [
    path("consents/<uuid:uuid>/receipt.jsonld", receipts.receipt_jsonld, name="receipt_jsonld"),
]

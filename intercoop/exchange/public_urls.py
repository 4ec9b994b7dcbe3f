"""The exchange app's documents at stable addresses, outside the language prefixes
(``intercoop/urls.py`` mounts these under ``exchange/``): the Murmurations profile of each offer
and need, the catalogues in DFC, and the Valueflows documents of resources and order cycles."""

from django.urls import path

from intercoop.exchange.views import catalogues, listings, trace

app_name = "exchange_public"

urlpatterns: list = []

# --- offers and needs (views.listings) ------------------------------------------------------
urlpatterns += [
    path(
        "listings/<uuid:uuid>/murmurations.json",
        listings.listing_murmurations,
        name="listing_murmurations",
    ),
]

# --- catalogues (views.catalogues) ----------------------------------------------------------
urlpatterns += [
    path("catalogues/<slug:slug>/dfc.json", catalogues.catalogue_dfc, name="catalogue_dfc"),
]

# --- traceability (views.trace) -------------------------------------------------------------
urlpatterns += [
    path("vf/resources/<uuid:uuid>.jsonld", trace.resource_jsonld, name="resource_jsonld"),
    path("vf/cycles/<uuid:uuid>.jsonld", trace.cycle_jsonld, name="cycle_jsonld"),
]

"""The exchange app's documents at stable addresses, outside the language prefixes
(``intercoop/urls.py`` mounts these under ``exchange/``): the Murmurations profile of each offer
and need, and the catalogues in DFC."""

from django.urls import path

from intercoop.exchange.views import catalogues, listings

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

"""The exchange app's pages (under the language prefix)."""

from django.urls import path

from intercoop.exchange.views import listings

app_name = "exchange"

urlpatterns: list = []

# --- offers and needs (views.listings) ------------------------------------------------------
urlpatterns += [
    path("exchange/listings/", listings.browse, name="listings"),
    path("exchange/listings/<uuid:uuid>/", listings.listing_page, name="listing"),
    path("orgs/<slug:slug>/exchange/listings/", listings.org_listings, name="org_listings"),
    path(
        "orgs/<slug:slug>/exchange/listings/<uuid:uuid>/edit/",
        listings.listing_edit,
        name="listing_edit",
    ),
    path(
        "orgs/<slug:slug>/exchange/listings/<uuid:uuid>/withdraw/",
        listings.listing_withdraw,
        name="listing_withdraw",
    ),
]

# --- catalogues (views.catalogues) ----------------------------------------------------------

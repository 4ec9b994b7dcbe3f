"""The exchange app's pages (under the language prefix)."""

from django.urls import path  # noqa: F401 -- used by the sections below as they are written

app_name = "exchange"

urlpatterns: list = []

# --- offers and needs (views.listings) ------------------------------------------------------

# --- catalogues (views.catalogues) ----------------------------------------------------------

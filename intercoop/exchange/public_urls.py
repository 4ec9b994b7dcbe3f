"""The exchange app's documents at stable addresses, outside the language prefixes
(``intercoop/urls.py`` mounts these under ``exchange/``): the Murmurations profile of each offer
and need, and the catalogues in DFC."""

from django.urls import path  # noqa: F401 -- used by the sections below as they are written

app_name = "exchange_public"

urlpatterns: list = []

# --- offers and needs (views.listings) ------------------------------------------------------

# --- catalogues (views.catalogues) ----------------------------------------------------------

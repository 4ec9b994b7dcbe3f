"""The search page with its map (land, borders, clusters) stays under the 50 KB budget with the
real Co-operatives UK directory loaded: at the world view, over the whole UK, over England and
over London, where the clusters are the densest. Weighed as the main pages are (HTML and its
same-origin stylesheets)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from intercoop.core.tests.test_pages_stay_under_50kb import BUDGET, _weigh
from intercoop.directory import basemap
from intercoop.testing.browser import MainPage
from intercoop.testing.requirements import require

VIEWS = {
    "world": "/{lang}/directory/",
    "uk": "/{lang}/directory/?country=GB",
    "england": "/{lang}/directory/?bbox=-6.658,49.8312,2.286,55.0",
    "london": "/{lang}/directory/?bbox=-0.6,51.3,0.4,51.7",
}


@pytest.mark.django_db
def test_the_map_pages_weigh_under_50kb(uk_file: Path, client: Client) -> None:
    require(
        (settings.MAP_WORLD_ATLAS / basemap.FILES["50m"]).exists(), "world-atlas is not installed"
    )
    call_command("import", "coops-uk", str(uk_file), "--no-progress", verbosity=0)

    for name, path in VIEWS.items():
        for lang in ("en", "fr"):
            page = MainPage(name, path, "anonymous")
            total, parts = _weigh(client, page, lang)
            html = client.get(page.url(lang)).content.decode()
            # The map is there, with its land and its clusters.
            assert '<path class="map-land" d="M' in html, page.url(lang)
            assert len(re.findall(r"<text ", html)) >= 3, page.url(lang)
            print(f"{total:>7} bytes  {page.url(lang)}  ({parts})")
            assert total < BUDGET, (page.url(lang), total, parts)

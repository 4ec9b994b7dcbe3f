"""The basemap of a window (land and borders clipped to it) depends on nothing but the window:
a server process draws it once and serves it again, instead of clipping Natural Earth on every
search page (half of that page's time)."""

from __future__ import annotations

from django.conf import settings

from intercoop.directory import basemap, mapview
from intercoop.testing.requirements import require


def test_the_same_window_is_drawn_once_and_a_new_one_afresh() -> None:
    atlas = settings.MAP_WORLD_ATLAS
    require((atlas / basemap.FILES["50m"]).exists(), f"world-atlas is not installed in {atlas}")
    x, y = mapview.project(54.0, -2.0, 6)
    britain = mapview.Viewport.centred(x, y, 6)
    first = basemap.basemap(atlas, britain)
    assert first is not None and first.land
    again = basemap.basemap(atlas, mapview.Viewport.centred(x, y, 6))
    assert again is first  # served, not drawn again
    moved = basemap.basemap(atlas, mapview.Viewport.centred(x + 300, y, 6))
    assert moved is not None and moved is not first
    assert moved.land != first.land

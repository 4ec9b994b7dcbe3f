"""A search has the places of its first MAP_POINTS results; with more, the map counts every
result in its window per cell of a fine grid, so that the clusters' counts add up to the
results shown, not to the first MAP_POINTS. The limit is lowered here to keep the test small."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.test import Client

from intercoop.directory import views
from intercoop.directory.search import service
from intercoop.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def few_points(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "MAP_POINTS", 5)
    monkeypatch.setattr(views, "MAP_POINTS", 5)


def counted(html: str) -> int:
    """The places the map stands for: its clusters' counts, its dots and its pins."""
    svg = re.search(r'<svg class="map-svg".*?</svg>', html, re.S)
    assert svg
    drawn = svg.group(0)
    counts = sum(
        int(n) for n in re.findall(r"<text [^>]*>([\d,]+)</text>", drawn.split("</g>")[-2])
    )
    return counts + drawn.count('class="map-one"') + drawn.count('class="map-pin"')


def test_the_clusters_count_every_result(client: Client, few_points: None) -> None:
    # Given 24 co-ops in Leeds, 9 in Cardiff and 3 in Glasgow: far more than 5 points.
    for i in range(24):
        OrganizationFactory.create(latitude=53.8 + i * 1e-4, longitude=-1.55)
    for i in range(9):
        OrganizationFactory.create(latitude=51.48, longitude=-3.18 + i * 1e-4)
    for i in range(3):
        OrganizationFactory.create(latitude=55.86 + i * 1e-4, longitude=-4.25)

    html = client.get("/en/directory/").content.decode()

    assert counted(html) == 36
    assert "36 organizations found have a place" in html
    # A cluster's link searches its area: it finds as many as the cluster said.
    for href, title in re.findall(r'<a href="([^"]*)"><title>([^<]*)</title>', html):
        n = int(title.split()[0])
        found = client.get("/en/directory/" + html_lib.unescape(href)).content.decode()
        total = re.search(r'id="results-title">(\d+) organizations? found', found)
        assert total and int(total.group(1)) == n, title

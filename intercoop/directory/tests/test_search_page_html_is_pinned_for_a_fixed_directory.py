"""The HTML of the search page's map, result list and search form, for a fixed directory, is the
HTML committed in ``pinned/``: a change to how they are written (templates, or Python building
the repeated elements) that changes a single character shows up here.

Each case is a page of the search (or of the embeddable widget) as served, in one language, with
or without a tile server; the fragments compared are cut from the real response. After an
intended change of the page, run the test with ``INTERCOOP_WRITE_PINNED=1`` once: it writes the
files anew and fails, so that they are read and committed."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.test import Client

from intercoop.organizations.models import Organization, Relationship
from intercoop.testing.factories import OrganizationFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

PINNED = Path(__file__).with_name("pinned")
TILES = "https://tiles.example.org/{z}/{x}/{y}.png"

# name: (address, tile server or "")
CASES = {
    "world-en": ("/en/directory/?q=food&sort=name", ""),
    "second-page-en": ("/en/directory/?q=food&sort=name&page=2", ""),
    "near-london-fr": (
        "/fr/directory/?q=food&near=51.5,-0.12&radius_km=50&sort=distance&activity=ICA260",
        "",
    ),
    "leeds-streets-es": ("/es/directory/?bbox=-1.62,53.77,-1.48,53.85&sort=name", ""),
    "tiles-en": ("/en/directory/?sort=name&country=GB", TILES),
    "elsewhere-en": ("/en/directory/?q=food&bbox=100,10,101,11", ""),
    "widget-en": ("/en/embed/food-network/?sort=name&page=2", ""),
}

FRAGMENTS = (
    r'<form method="get" [^>]*class="search-form".*?</form>',
    r'<div class="map">.*?</nav>\s*</div>',
    r'<section class="results".*?</section>',
)


@pytest.fixture
def directory() -> None:
    """25 food co-ops across Leeds, some in and around London, one in Cardiff, one in Montréal,
    one in Nairobi and one without a place; names and texts with characters to escape."""
    uk = {"country": "GB", "source_licence": "CC-BY-4.0"}
    for i in range(25):
        OrganizationFactory.create(
            name=f"Leeds Food Co-op {i + 1:02d}",
            slug=f"leeds-food-{i + 1:02d}",
            latitude=53.78 + (i // 5) * 0.012,
            longitude=-1.60 + (i % 5) * 0.025 + (i // 5) * 0.002,
            locality="Leeds",
            region="West Yorkshire",
            activity="ICA260" if i % 3 else "ICA10",
            structure="OS160" if i % 2 else "OS130",
            membership_type="BMT10",
            legal_form="Society",
            source="coops-uk",
            source_id=f"L{i}",
            source_attribution="Co-operatives UK & friends",
            **uk,
        )
    london = [
        ("Bread & Roses Food Co-op", "bread-roses", 51.52, -0.10, "ICA260", "", ""),
        (
            'The "Pantry" Food Co-op',
            "the-pantry",
            51.45,
            -0.20,
            "ICA260",
            "Une épicerie <coopérative> & solidaire, ouverte à tous depuis 1998. " * 4,
            "fr",
        ),
        ("Thames Food Growers", "thames-growers", 51.30, 0.45, "ICA10", "Growing food.", "en"),
    ]
    for name, slug, lat, lon, activity, description, language in london:
        OrganizationFactory.create(
            name=name,
            slug=slug,
            latitude=lat,
            longitude=lon,
            locality="London",
            region="Greater London",
            activity=activity,
            description=description,
            description_language=language,
            **uk,
        )
    OrganizationFactory.create(
        name="Cardiff Food Hub", slug="cardiff-food", latitude=51.48, longitude=-3.18, **uk
    )
    OrganizationFactory.create(
        name="Épicerie Riverside Food",
        slug="riverside-food",
        kind=Organization.Kind.ALLY,
        latitude=45.50,
        longitude=-73.57,
        country="CA",
        locality="Montréal",
        region="Québec",
        activity="ICA240",
        description="Une coopérative de consommation.",
        description_language="fr",
    )
    OrganizationFactory.create(
        name="Amani Food Co-op",
        slug="amani-food",
        latitude=-1.29,
        longitude=36.82,
        country="KE",
        locality="Nairobi",
    )
    OrganizationFactory.create(name="Nowhere Food Co-op", slug="nowhere-food", country="GB")
    network = OrganizationFactory.create(name="Food Network", slug="food-network", country="GB")
    for member in Organization.objects.exclude(slug__in=["food-network", "the-pantry"]):
        RelationshipFactory.create(
            subject=member, predicate=Relationship.Predicate.MEMBER_OF, object=network
        )


def fragments(html: str) -> str:
    found = []
    for pattern in FRAGMENTS:
        match = re.search(pattern, html, re.S)
        found.append(match.group(0) if match else f"(nothing matches {pattern})")
    return "\n\n".join(found) + "\n"


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_search_page_is_written_as_pinned(
    case: str, directory: None, client: Client, settings: LazySettings
) -> None:
    path, tiles = CASES[case]
    settings.MAP_TILES_URL = tiles
    # Land and borders are basemap's, pinned by its own tests: left out here, so that this
    # test does not depend on the world-atlas package being installed.
    settings.MAP_WORLD_ATLAS = Path("/nonexistent/world-atlas")
    response = client.get(path)
    assert response.status_code == 200
    written = fragments(response.content.decode())
    pinned = PINNED / f"{case}.html"

    if os.environ.get("INTERCOOP_WRITE_PINNED"):
        PINNED.mkdir(exist_ok=True)
        pinned.write_text(written, encoding="utf-8")
        pytest.fail(f"{pinned} written: read it, then commit it")
    expected = pinned.read_text(encoding="utf-8")
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            written.splitlines(keepends=True),
            "pinned",
            "served",
        )
    )
    assert written == expected, f"{path} is not written as pinned:\n{diff}"

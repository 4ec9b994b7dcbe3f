"""An organization's offers are part of its open data: schema.org ``makesOffer`` in its JSON-LD
(page and bulk export), its tags among the Murmurations profile's ``tags`` (the profile still
valid against the official schema), and an ``offers`` column in the CSV export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from pyld import jsonld

import intercoop
from intercoop.directory import murmurations
from intercoop.directory.jsonld import organization_jsonld
from intercoop.directory.tests.open_data import BASE_URL, Directory, make_directory, streamed
from intercoop.organizations import vocabularies
from intercoop.organizations.models import Offer, Organization

pytestmark = pytest.mark.django_db

SDO = "https://schema.org/"
OFFICIAL = Path(intercoop.__file__).resolve().parents[2] / "shared/standards/murmurations"


def _no_network(url: str, options: Any = None) -> Any:
    raise AssertionError(f"the JSON-LD processor tried to fetch {url}")


@pytest.fixture
def directory() -> Directory:
    d = make_directory()
    Offer.objects.create(
        organization=d.full,
        kind=Offer.Kind.PRODUCT,
        text='Sourdough, "rye" & spelt,\nbaked daily',
        tags="bread, organic, Wholesale and retail trade",
        language="en",
        position=0,
    )
    Offer.objects.create(
        organization=d.full,
        kind=Offer.Kind.SERVICE,
        text="Cours de boulangerie",
        tags="formation, BREAD",
        language="fr",
        position=1,
    )
    Offer.objects.create(organization=d.full, text="Untagged help", position=2)
    return d


def offer_nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [offer[f"{SDO}itemOffered"][0] for offer in node[f"{SDO}makesOffer"]]


def test_the_page_s_json_ld_makes_the_offers_as_products_and_services(
    directory: Directory,
) -> None:
    # given
    org = Organization.objects.prefetch_related("offers").get(pk=directory.full.pk)

    # when a JSON-LD processor reads the organization's document
    (node,) = jsonld.expand(
        organization_jsonld(org, base_url=BASE_URL), {"documentLoader": _no_network}
    )

    # then each offer is an Offer of a Product or Service, named in its language, with keywords
    items = offer_nodes(node)
    assert [item["@type"] for item in items] == [
        [f"{SDO}Product"],
        [f"{SDO}Service"],
        [f"{SDO}Service"],
    ]
    assert items[0][f"{SDO}name"] == [
        {"@value": 'Sourdough, "rye" & spelt,\nbaked daily', "@language": "en"}
    ]
    assert [k["@value"] for k in items[0][f"{SDO}keywords"]] == [
        "bread",
        "organic",
        "Wholesale and retail trade",
    ]
    assert items[1][f"{SDO}keywords"] == [
        {"@value": "formation", "@language": "fr"},
        {"@value": "BREAD", "@language": "fr"},
    ]
    assert items[2][f"{SDO}name"] == [{"@value": "Untagged help"}]
    assert f"{SDO}keywords" not in items[2]


def test_the_page_embeds_the_offers(client: Client, directory: Directory) -> None:
    html = client.get("/en/orgs/leeds-bread/").content.decode()

    assert '"makesOffer":[{"@type":"Offer","itemOffered":{"@type":"Product"' in html


def test_the_bulk_json_ld_export_carries_the_offers(client: Client, directory: Directory) -> None:
    response = client.get("/api/v1/exports/organizations.jsonld")

    graph = json.loads(streamed(response))["@graph"]
    full = next(n for n in graph if n["@id"].endswith("/orgs/leeds-bread/"))
    assert [o["itemOffered"]["name"] for o in full["makesOffer"]] == [
        {"@value": 'Sourdough, "rye" & spelt,\nbaked daily', "@language": "en"},
        {"@value": "Cours de boulangerie", "@language": "fr"},
        "Untagged help",
    ]
    bare = next(n for n in graph if n["@id"].endswith("/orgs/bare/"))
    assert "makesOffer" not in bare


def test_the_murmurations_profile_tags_hold_the_offers_tags_and_stay_valid(
    client: Client, directory: Directory
) -> None:
    profile = client.get("/murmurations/organizations/leeds-bread.json").json()

    # the classification's labels first, then the offers' tags, each once whatever its case
    assert profile["tags"] == [
        vocabularies.label("activity", "ICA140", "en"),
        vocabularies.label("structure", "OS130", "en"),
        "bread",
        "organic",
        "Wholesale and retail trade",
        "formation",
    ]
    assert murmurations.validate(profile, root=OFFICIAL) == []


def test_tags_beyond_the_schema_s_limits_are_left_out_and_the_profile_stays_valid(
    directory: Directory,
) -> None:
    # given 150 distinct tags over several offers, and one longer than the schema allows
    org = directory.bare
    for n in range(15):
        tags = ", ".join(f"t{n}-{m}" for m in range(10))
        Offer.objects.create(organization=org, text=f"Offer {n}", tags=tags, position=n)
    Offer.objects.create(organization=org, text="Long", tags="x" * 101, position=99)

    profile = murmurations.profile(org, base_url=BASE_URL)

    assert len(profile["tags"]) == 100
    assert "x" * 101 not in profile["tags"]
    assert murmurations.validate(profile, root=OFFICIAL) == []


def test_the_csv_export_has_an_offers_column_that_reads_back(
    client: Client, directory: Directory
) -> None:
    response = client.get("/api/v1/exports/organizations.csv")

    rows = list(csv.DictReader(io.StringIO(streamed(response).decode(), newline="")))
    full = next(r for r in rows if r["url"].endswith("/orgs/leeds-bread/"))
    assert json.loads(full["offers"]) == [
        {
            "kind": "product",
            "text": 'Sourdough, "rye" & spelt,\nbaked daily',
            "tags": ["bread", "organic", "Wholesale and retail trade"],
            "language": "en",
        },
        {
            "kind": "service",
            "text": "Cours de boulangerie",
            "tags": ["formation", "BREAD"],
            "language": "fr",
        },
        {"kind": "service", "text": "Untagged help", "tags": [], "language": ""},
    ]
    bare = next(r for r in rows if r["url"].endswith("/orgs/bare/"))
    assert bare["offers"] == ""

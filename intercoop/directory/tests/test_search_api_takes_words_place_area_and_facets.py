"""GET /api/v1/organizations searches: words, a place with a radius, an area, facets as
filters and a page, and answers with count, results and facets (with labels)."""

from __future__ import annotations

import pytest
from django.test import Client

from intercoop.organizations.models import Organization
from intercoop.testing.factories import RelationshipFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/organizations"


@pytest.fixture
def directory() -> None:
    def org(slug: str, lat: float, lon: float, **kw: str) -> None:
        Organization.objects.create(
            name=slug.title(), slug=slug, latitude=lat, longitude=lon, country="GB", **kw
        )

    org(
        "cardiff-bakers",
        51.48,
        -3.18,
        region="Cardiff",
        activity="ICA140",
        description="Sourdough bread, baked by its workers.",
    )
    org(
        "newport-bread",
        51.58,
        -3.00,
        region="Newport",
        activity="ICA140",
        description="Bread and cakes.",
    )
    org(
        "cardiff-homes",
        51.49,
        -3.17,
        region="Cardiff",
        activity="ICA210",
        description="Housing for members.",
    )
    org(
        "london-bread",
        51.51,
        -0.12,
        region="Greater London",
        activity="ICA140",
        description="Bread for London.",
    )
    org(
        "old-bread",
        51.48,
        -3.18,
        region="Cardiff",
        activity="ICA140",
        description="Bread, once.",
        status="dissolved",
    )


def test_words_near_a_place_with_facet_counts(client: Client, directory: None) -> None:
    response = client.get(
        URL, {"q": "bread", "near": "51.48,-3.18", "radius_km": "30", "sort": "distance"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [r["slug"] for r in body["results"]] == ["cardiff-bakers", "newport-bread"]
    assert body["results"][0]["distance_km"] == pytest.approx(0.0, abs=0.01)
    assert body["results"][1]["distance_km"] == pytest.approx(16.69, abs=0.05)  # by hand: haversine
    assert body["facets"]["region"] == [
        {"value": "Cardiff", "label": "Cardiff", "count": 1},
        {"value": "Newport", "label": "Newport", "count": 1},
    ]
    assert body["facets"]["activity"][0]["count"] == 2
    assert body["facets"]["activity"][0]["value"] == "ICA140"


def test_an_area_and_a_facet_filter(client: Client, directory: None) -> None:
    body = client.get(URL, {"bbox": "-3.3,51.4,-2.9,51.7", "activity": "ICA210"}).json()
    assert [r["slug"] for r in body["results"]] == ["cardiff-homes"]
    body = client.get(URL + "?activity=ICA210&activity=ICA140&region=Cardiff").json()
    assert {r["slug"] for r in body["results"]} == {"cardiff-bakers", "cardiff-homes"}
    assert body["count"] == 2


def test_facet_labels_follow_the_language(client: Client, directory: None) -> None:
    body = client.get(URL, {"q": "bread"}, HTTP_ACCEPT_LANGUAGE="fr").json()
    kinds = {f["value"]: f["label"] for f in body["facets"]["kind"]}
    assert kinds == {"coop": "Coopérative"}
    countries = {f["value"]: f["label"] for f in body["facets"]["country"]}
    assert countries == {"GB": "Royaume-Uni"}


def test_pages_of_the_whole_directory(client: Client, directory: None) -> None:
    body = client.get(URL).json()
    assert (body["count"], body["page"], body["pages"]) == (4, 1, 1)
    assert [r["slug"] for r in body["results"]] == sorted(r["slug"] for r in body["results"])
    assert client.get(URL, {"page": "2"}).json()["results"] == []


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"near": "91,0"}, "near"),
        ({"near": "51.4"}, "near"),
        ({"near": "51.4,0", "radius_km": "5000"}, "radius_km"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "nan,1,2,3"}, "bbox"),
        ({"sort": "random"}, "sort"),
        ({"member_of": "not a short name"}, "member_of"),
        ({"q": "x" * 201}, "q"),
        ({"q": "nul\x00"}, "q"),
    ],
)
def test_bad_parameters_are_refused_with_the_reason(
    client: Client, directory: None, params: dict[str, str], param: str
) -> None:
    response = client.get(URL, params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] in ("invalid_query", "validation_error")
    assert error["details"][0]["loc"][-1] == param


def test_an_unknown_network_is_not_found(client: Client, directory: None) -> None:
    response = client.get(URL, {"member_of": "no-such-network"})
    assert response.status_code == 404
    error = response.json()["error"]
    assert (error["code"], error["details"][0]["loc"]) == ("not_found", ["query", "member_of"])


@pytest.mark.parametrize(
    "params",
    [{"radius_km": "5"}, {"sort": "distance"}, {"sort": "distance", "radius_km": "5"}],
)
def test_what_needs_a_place_is_left_out_without_one(
    client: Client, directory: None, params: dict[str, str]
) -> None:
    # Each parameter is of its documented form; the schema of a query string cannot say that
    # one needs another, so the search goes on without it rather than refusing.
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    assert response.json()["count"] == client.get(URL).json()["count"]


def test_an_area_whose_minimum_is_above_its_maximum_holds_nothing(
    client: Client, directory: None
) -> None:
    response = client.get(URL, {"bbox": "3,2,1,4"})
    assert response.status_code == 200
    assert (response.json()["count"], response.json()["results"]) == (0, [])


def test_near_a_town_by_its_name(client: Client) -> None:
    for slug, locality, lat, lon in [
        ("a", "Cardiff", 51.47, -3.17),
        ("b", "CARDIFF", 51.49, -3.19),
        ("c", "Newport", 51.58, -3.00),
    ]:
        Organization.objects.create(
            name=slug, slug=slug, locality=locality, latitude=lat, longitude=lon
        )
    body = client.get(URL, {"near": "cardiff", "radius_km": "5", "sort": "distance"}).json()
    # The town's centre is the middle of its organizations: both are 1.4 km from it.
    assert {r["slug"] for r in body["results"]} == {"a", "b"}
    assert body["results"][0]["distance_km"] == pytest.approx(1.33, abs=0.05)
    # A town the directory has no organization in is not found
    response = client.get(URL, {"near": "Atlantis"})
    assert response.status_code == 404
    assert "Atlantis" in response.json()["error"]["message"]


def test_one_organization_in_full(client: Client) -> None:
    from intercoop.organizations.models import Offer, RegistryIdentifier

    federation = Organization.objects.create(name="Wales Co-op Federation", slug="wcf")
    org = Organization.objects.create(
        name="Cardiff Bakers",
        slug="cardiff-bakers",
        activity="ICA140",
        source="coops-uk",
        source_id="R123",
        source_licence="ODC-By-1.0",
        source_attribution="Contains data from Co-operatives UK",
    )
    RegistryIdentifier.objects.create(organization=org, scheme="gb-coh", value="IP012345")
    RelationshipFactory.create(subject=org, predicate="member_of", object=federation)
    Offer.objects.create(organization=org, kind="product", text="Sourdough", tags="bread, organic")

    body = client.get(f"{URL}/{org.pk}").json()
    assert body["name"] == "Cardiff Bakers" and body["activity"] == "ICA140"
    assert body["registry_ids"] == [{"scheme": "gb-coh", "value": "IP012345"}]
    assert body["links_out"] == [
        {"predicate": "member_of", "id": federation.pk, "slug": "wcf", "name": federation.name}
    ]
    assert body["offers"][0]["text"] == "Sourdough"
    assert body["offers"][0]["tags"] == ["bread", "organic"]
    assert body["provenance"]["source_id"] == "R123"
    assert body["provenance"]["licence"] == "ODC-By-1.0"
    assert body["murmurations_url"].endswith("/murmurations/organizations/cardiff-bakers.json")
    members = client.get(f"{URL}/{federation.pk}").json()["links_in"]
    assert [m["slug"] for m in members] == ["cardiff-bakers"]
    assert client.get(f"{URL}/999999").status_code == 404

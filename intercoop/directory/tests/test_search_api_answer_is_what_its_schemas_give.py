"""GET /api/v1/organizations writes its answer without validating it through its response
schemas (validating each organization and facet value took half of a search's time).
The schemas still document the answer, so it must be byte for byte what they would give: for
words, a place, an area, facets, pages, empty results and other languages, the answer is
compared with ``OrganizationSearchOut`` built the way django-ninja builds it for the same search
(each organization through ``OrganizationHitOut``, each facet value through ``FacetValueOut``),
written by the API's renderer."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from ninja.schema import DjangoGetter

from intercoop.api.api import api
from intercoop.directory.api import (
    PAGE_SIZE,
    FacetValueOut,
    OrganizationHitOut,
    OrganizationSearchOut,
    SearchParams,
    search_query,
)
from intercoop.directory.search.labels import facet_label
from intercoop.directory.search.query import FACETS, LABEL
from intercoop.directory.search.service import LISTED_FIELDS, search
from intercoop.directory.selectors import attributions
from intercoop.organizations.models import Organization
from intercoop.testing.factories import RelationshipFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/organizations"
BREAD = PAGE_SIZE + 6  # more than a page of bakeries


@pytest.fixture
def directory() -> None:
    federation = Organization.objects.create(
        name="Wales Co-op Federation", slug="wcf", kind="ally", ally_category="federation"
    )
    for i in range(BREAD):
        org = Organization.objects.create(
            name=f"Bread co-op {i}" if i % 7 else f'Café « {i} » "Brot" <Bäckerei>',
            slug=f"bread-{i}",
            description="Sourdough bread, baked by its workers." if i % 2 else "",
            description_language="en" if i % 2 else "",
            website=f"https://bread-{i}.example.coop" if i % 3 else "",
            legal_form="Society" if i % 4 else "",
            activity="ICA140" if i % 5 else "",
            structure="OS130" if i % 3 else "",
            membership_type="BMT10" if i % 4 else "",
            locality="Cardiff" if i % 2 else "Newport",
            region="Cardiff" if i % 2 else "",
            country="GB",
            # Whole degrees, a place on the equator, and no place at all
            latitude=None if i % 11 == 0 else (52.0 if i % 6 == 0 else 51.48 + i / 1000),
            longitude=None if i % 11 == 0 else (0.0 if i % 6 == 0 else -3.18 + i / 1000),
            status="dissolved" if i == 9 else "active",
            source="coops-uk" if i % 2 else "",
            source_id=f"R{i}" if i % 2 else "",
            source_licence="ODC-By-1.0" if i % 2 else "",
            source_attribution="Contains data from Co-operatives UK" if i % 2 else "",
        )
        if i % 4 == 0:
            RelationshipFactory.create(subject=org, predicate="member_of", object=federation)
    Organization.objects.create(
        name="Cardiff Homes",
        slug="cardiff-homes",
        activity="ICA210",
        region="Cardiff",
        country="GB",
        latitude=51.49,
        longitude=-3.17,
        description="Housing for members.",
    )


def _schemas_answer(params: dict[str, Any], language: str) -> bytes:
    """What django-ninja writes when the operation returns ``OrganizationSearchOut`` built
    through its schemas for this search (the answer as it was first written)."""
    parsed = SearchParams.model_validate(params)
    with translation.override(language):
        query = search_query(parsed, page_size=PAGE_SIZE)
        if query is None:
            empty: dict[str, list[FacetValueOut]] = {f: [] for f in (*FACETS, LABEL)}
            out = OrganizationSearchOut(
                count=0, page=parsed.page, pages=1, results=[], facets=empty, attribution=[]
            )
        else:
            result = search(query)
            out = OrganizationSearchOut(
                count=result.count,
                page=result.page,
                pages=result.pages,
                results=[
                    OrganizationHitOut.model_validate(org, from_attributes=True)
                    for org in result.organizations
                ],
                facets={
                    facet: [
                        FacetValueOut(value=v, label=facet_label(facet, v, language), count=n)
                        for v, n in values
                    ]
                    for facet, values in result.facets.items()
                },
                attribution=[a.text for a in attributions(result.organizations)],
            )
        request = RequestFactory().get(URL, params)
        response = api.create_response(request, out.model_dump(), status=200)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return bytes(response.content)


# (parameters, language, results on the page, with distances)
SEARCHES = [
    pytest.param({}, "en", PAGE_SIZE, False, id="whole-directory"),
    pytest.param({"page": "2"}, "en", BREAD + 2 - 1 - PAGE_SIZE, False, id="second-page"),
    pytest.param({"page": "9"}, "en", 0, False, id="past-the-last-page"),
    pytest.param({"q": "bread"}, "en", PAGE_SIZE, False, id="words"),
    pytest.param({"q": "bread", "page": "2"}, "en", 1, False, id="words-p2"),
    pytest.param({"q": "sourdough", "sort": "name"}, "en", 27, False, id="words-by-name"),
    pytest.param(
        {"q": "bread", "near": "51.48,-3.18", "radius_km": "30", "sort": "distance"},
        "en",
        38,
        True,
        id="words-near-a-place",
    ),
    pytest.param(
        {"near": "Cardiff", "radius_km": "5", "activity": ["ICA140"]},
        "en",
        31,
        True,
        id="near-a-town-with-a-facet",
    ),
    pytest.param(
        {"bbox": "-3.2,51.4,-3.1,51.6", "activity": ["ICA140", "ICA210"], "region": ["Cardiff"]},
        "en",
        20,
        False,
        id="area-and-facets",
    ),
    pytest.param({"member_of": "wcf", "structure": ["OS130"]}, "en", 9, False, id="network"),
    pytest.param({"kind": ["ally"]}, "en", 1, False, id="allies"),
    pytest.param({"q": "bread"}, "fr", PAGE_SIZE, False, id="french"),
    pytest.param({"q": "housing"}, "es", 1, False, id="spanish"),
    pytest.param({"q": "nothing-of-the-sort"}, "en", 0, False, id="no-match"),
    pytest.param({"bbox": "3,2,1,4", "q": "bread"}, "fr", 0, False, id="empty-area"),
]


@pytest.mark.parametrize(("params", "language", "results", "distances"), SEARCHES)
def test_the_answer_is_what_the_schemas_give(
    client: Client,
    directory: None,
    params: dict[str, Any],
    language: str,
    results: int,
    distances: bool,
) -> None:
    response = client.get(URL, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    # The searches cover what their names say, so that the comparison is not of empty answers
    body = json.loads(response.content)
    assert len(body["results"]) == results
    assert any(r["distance_km"] is not None for r in body["results"]) == distances
    assert response.content == _schemas_answer(params, language)


@pytest.mark.parametrize(("params", "language", "results", "distances"), SEARCHES)
def test_the_rows_hold_what_the_models_hold(
    directory: None, params: dict[str, Any], language: str, results: int, distances: bool
) -> None:
    """The answer is written from the search's rows, read without making models: they hold
    the same organizations in the same order, with the same values of the same types."""
    query = search_query(SearchParams.model_validate(params), page_size=PAGE_SIZE)
    if query is None:
        return
    rows = search(query, rows=True).rows
    from_models = [
        {"id": org.pk, **{f: getattr(org, f) for f in (*LISTED_FIELDS, "distance_km")}}
        for org in search(query).organizations
    ]
    assert len(rows) == results
    assert rows == from_models
    assert [[type(v) for v in row.values()] for row in rows] == [
        [type(v) for v in row.values()] for row in from_models
    ]


def test_the_cases_hold_what_the_schemas_convert(client: Client, directory: None) -> None:
    """The searches above include the values where writing without the schemas could differ:
    whole-degree and missing coordinates, labels in another language and of the empty value,
    attributions, text that JSON escapes."""
    body = client.get(URL, {"q": "bread"}, HTTP_ACCEPT_LANGUAGE="fr").json()
    places = {(r["latitude"], r["longitude"]) for r in body["results"]}
    assert (52.0, 0.0) in places and (None, None) in places
    assert '"latitude": 52.0, "longitude": 0.0' in client.get(URL, {"q": "bread"}).text
    assert {"value": "", "label": "Non indiqué", "count": 11} in body["facets"]["activity"]
    assert body["attribution"] == ["Contains data from Co-operatives UK"]
    assert any('"Brot" <Bäckerei>' in r["name"] for r in body["results"])


def test_no_result_is_validated_through_a_schema(
    client: Client, directory: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cost that was removed: django-ninja reads each result's fields, and each facet
    value's, through its getter when it validates them (twice over: once when the result is
    made, again when the answer is)."""
    reads: list[str] = []
    read = DjangoGetter.__getattr__

    def counted(getter: DjangoGetter, key: str) -> Any:
        reads.append(key)
        return read(getter, key)

    monkeypatch.setattr(DjangoGetter, "__getattr__", counted)
    response = client.get(URL, {"q": "bread", "near": "51.48,-3.18", "radius_km": "30"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 38
    # Only the query's parameters (SearchParams) are read through it
    assert set(reads) <= set(SearchParams.model_fields), sorted(set(reads))

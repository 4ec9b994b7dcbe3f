"""The directory's label facet: ``label=<achievement uuid>`` keeps the organizations that hold a
valid label of that achievement, and the facet counts, over the results, how many hold each.
A label revoked, suspended or expired stops counting at once (nothing to wait for), on the
search page (an ordinary GET form), in its French and Spanish names, and in the API."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.directory.search import service
from intercoop.directory.search.planner import Estimates, Shape, needs_estimates, plan
from intercoop.directory.search.query import QueryError, parse
from intercoop.directory.search.service import facet_counts, matching_ids, search
from intercoop.directory.tests.open_data import streamed
from intercoop.labels import services
from intercoop.labels.models import Achievement, Credential
from intercoop.organizations.models import Organization
from intercoop.testing.factories import OrganizationFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

PAGE = "/en/directory/"
API = "/api/v1/organizations"
TEXTS = {
    "description_en": "Buys from producers on fair terms.",
    "description_fr": "Achète aux producteurs à des conditions équitables.",
    "description_es": "Compra a los productores en condiciones justas.",
    "criteria_en": "An audit of a year of purchases.",
    "criteria_fr": "Un audit d’une année d’achats.",  # noqa: RUF001
    "criteria_es": "Una auditoría de un año de compras.",
}
FAIR = {
    "name_en": "Fair co-operative sourcing",
    "name_fr": "Approvisionnement coopératif équitable",
    "name_es": "Abastecimiento cooperativo justo",
}
BOOKS = {
    "name_en": "Open books",
    "name_fr": "Comptes ouverts",
    "name_es": "Cuentas abiertas",
}


@pytest.fixture(autouse=True)
def labels_key_file(tmp_path: Path, settings: LazySettings) -> Path:
    path = tmp_path / "labels_key"
    settings.LABELS_KEY_FILE = path
    return path


class Directory:
    def __init__(self, personas: Personas) -> None:
        self.personas = personas

        def org(name: str, slug: str, country: str, lat: float, lon: float) -> Organization:
            return OrganizationFactory.create(
                name=name,
                slug=slug,
                country=country,
                region="Somewhere",
                latitude=lat,
                longitude=lon,
                description=f"{name}, a co-operative.",
            )

        self.leeds = org("Leeds Bakery", "leeds-bakery", "GB", 53.80, -1.55)
        self.cardiff = org("Cardiff Books", "cardiff-books", "GB", 51.48, -3.18)
        self.lyon = org("Fromagerie de Lyon", "lyon", "FR", 45.76, 4.84)
        self.york = org("York Bakery", "york-bakery", "GB", 53.96, -1.08)
        issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
        self.fair = services.achievement_create(
            issuer=issuer,
            by=personas.alice,
            kind=Achievement.Kind.COOP_LABEL,
            texts={**TEXTS, **FAIR},
        )
        self.books = services.achievement_create(
            issuer=issuer,
            by=personas.alice,
            kind=Achievement.Kind.COOP_LABEL,
            texts={**TEXTS, **BOOKS},
        )
        # An achievement that nobody holds.
        self.unheld = services.achievement_create(
            issuer=issuer,
            by=personas.alice,
            kind=Achievement.Kind.BADGE,
            texts={**TEXTS, "name_en": "Unheld", "name_fr": "Non tenu", "name_es": "No tenido"},
        )
        self.fair_leeds = self.issue(self.fair, self.leeds)
        self.fair_lyon = self.issue(self.fair, self.lyon)
        self.books_leeds = self.issue(self.books, self.leeds)
        self.books_cardiff = self.issue(self.books, self.cardiff)

    def issue(self, achievement: Achievement, org: Organization, **kw: Any) -> Credential:
        return services.credential_issue(
            achievement=achievement, by=self.personas.alice, organization=org, **kw
        ).credential


@pytest.fixture
def directory(personas: Personas) -> Directory:
    return Directory(personas)


def names(query: dict[str, Any]) -> list[str]:
    """The names of the search's results, through the service, sorted."""
    result = search(parse({k: v if isinstance(v, list) else [v] for k, v in query.items()}))
    return sorted(o.name for o in result.organizations)


def label_counts(query: dict[str, Any]) -> dict[str, int]:
    _count, facets = facet_counts(
        parse({k: v if isinstance(v, list) else [v] for k, v in query.items()})
    )
    return dict(facets["label"])


def page_facet(html: str) -> dict[str, tuple[str, int, bool]]:
    """The label facet's checkboxes on the page: uuid → (text, count, checked)."""
    options = re.findall(
        r'<input type="checkbox" id="f-label-\d+" name="label" value="([^"]*)"( checked)?> '
        r'<label for="f-label-\d+">([^<]+) <span class="count">\(([\d,]+)\)</span>',
        html,
    )
    return {value: (text, int(n), bool(checked)) for value, checked, text, n in options}


def listed(html: str) -> list[str]:
    return sorted(re.findall(r'<h3><a href="/\w\w/orgs/[\w-]+/"[^>]*>([^<]+)</a></h3>', html))


# --- the search ------------------------------------------------------------------------------


def test_a_label_keeps_exactly_its_holders(directory: Directory) -> None:
    fair, books = str(directory.fair.uuid), str(directory.books.uuid)

    assert names({"label": fair}) == ["Fromagerie de Lyon", "Leeds Bakery"]
    assert names({"label": books}) == ["Cardiff Books", "Leeds Bakery"]
    # Alone, the labels are where the search starts: it reads no other organization.
    assert search(parse({"label": [fair]})).explain == "labels"
    # Values of one facet are alternatives; an organization holding both is one result.
    both = search(parse({"label": [fair, books]}))
    assert both.count == 3
    assert sorted(o.name for o in both.organizations) == [
        "Cardiff Books",
        "Fromagerie de Lyon",
        "Leeds Bakery",
    ]
    assert names({"label": str(directory.unheld.uuid)}) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # words first, the label checked on each match
        ({"q": "bakery"}, ["Leeds Bakery"]),
        # the other facets, the smallest measured condition first
        ({"country": "GB"}, ["Leeds Bakery"]),
        ({"country": "FR"}, ["Fromagerie de Lyon"]),
        # an area: Yorkshire, where York Bakery holds nothing
        ({"bbox": "-2,53,0,55"}, ["Leeds Bakery"]),
        ({"near": "53.8,-1.55", "radius_km": "100", "sort": "distance"}, ["Leeds Bakery"]),
        ({"sort": "name"}, ["Fromagerie de Lyon", "Leeds Bakery"]),
    ],
)
def test_a_label_combines_with_every_other_condition(
    directory: Directory, query: dict[str, str], expected: list[str]
) -> None:
    asked = {**query, "label": str(directory.fair.uuid)}

    assert names(asked) == expected
    assert label_counts(asked) == {str(directory.fair.uuid): len(expected)} | (
        {str(directory.books.uuid): 1} if "Leeds Bakery" in expected else {}
    )
    # The export of the search holds the same organizations.
    ids = matching_ids(parse({k: [v] for k, v in asked.items()}))
    assert sorted(Organization.objects.get(pk=pk).name for pk in ids) == expected


def test_only_the_members_of_a_network_that_hold_the_label(directory: Directory) -> None:
    network = OrganizationFactory.create(name="Network", slug="network")
    for member in (directory.lyon, directory.cardiff, directory.york):
        RelationshipFactory.create(subject=member, object=network)

    assert names({"member_of": "network", "label": str(directory.fair.uuid)}) == [
        "Fromagerie de Lyon"
    ]
    assert names({"member_of": "network", "label": str(directory.books.uuid)}) == ["Cardiff Books"]


def test_the_facet_counts_the_holders_among_the_results(directory: Directory) -> None:
    fair, books = str(directory.fair.uuid), str(directory.books.uuid)

    # The whole directory, a country and words: three ways the counts are made.
    assert label_counts({}) == {fair: 2, books: 2}
    assert label_counts({"country": "GB"}) == {fair: 1, books: 2}
    assert label_counts({"country": "FR"}) == {fair: 1}
    assert label_counts({"q": "bakery"}) == {fair: 1, books: 1}
    assert label_counts({"q": "books"}) == {books: 1}
    # Filtering by one label still counts the others its holders have.
    assert label_counts({"label": books}) == {fair: 1, books: 2}


def test_a_dissolved_holder_is_not_counted(directory: Directory) -> None:
    Organization.objects.filter(pk=directory.lyon.pk).update(status="dissolved")

    assert label_counts({}) == {str(directory.fair.uuid): 1, str(directory.books.uuid): 2}
    assert names({"label": str(directory.fair.uuid)}) == ["Leeds Bakery"]


def test_revoked_suspended_and_expired_labels_drop_out_at_once(directory: Directory) -> None:
    personas = directory.personas
    fair, books = str(directory.fair.uuid), str(directory.books.uuid)

    services.credential_revoke(credential=directory.fair_lyon, by=personas.alice)
    assert names({"label": fair}) == ["Leeds Bakery"]
    assert label_counts({}) == {fair: 1, books: 2}

    services.credential_suspend(
        credential=directory.books_cardiff, by=personas.alice, suspended=True
    )
    assert names({"label": books}) == ["Leeds Bakery"]
    assert label_counts({"country": "GB"}) == {fair: 1, books: 1}
    assert label_counts({"q": "books"}) == {}

    # Reinstated, it counts again.
    services.credential_suspend(
        credential=directory.books_cardiff, by=personas.alice, suspended=False
    )
    assert names({"label": books}) == ["Cardiff Books", "Leeds Bakery"]

    # A label whose end has passed: issued ten days ago, valid until yesterday.
    now = timezone.now()
    directory.issue(
        directory.fair,
        directory.york,
        now=now - timedelta(days=10),
        valid_until=now - timedelta(days=1),
    )
    # One that ends tomorrow is still valid today.
    directory.issue(directory.fair, directory.cardiff, valid_until=now + timedelta(days=1))
    assert names({"label": fair}) == ["Cardiff Books", "Leeds Bakery"]
    assert label_counts({"q": "bakery"}) == {fair: 1, books: 1}
    assert label_counts({}) == {fair: 2, books: 2}

    # It ends while the directory runs: the next search leaves it out, with nothing to run.
    Credential.objects.filter(
        recipient_organization=directory.cardiff, achievement=directory.fair
    ).update(valid_until=timezone.now() - timedelta(seconds=1))
    assert names({"label": fair}) == ["Leeds Bakery"]
    assert label_counts({"country": "GB"}) == {fair: 1, books: 2}


def test_without_labels_a_search_reads_nothing_of_them(personas: Personas) -> None:
    service.forget_labels_held()
    OrganizationFactory.create(name="Leeds Bakery", country="GB")

    with CaptureQueriesContext(connection) as first:
        assert label_counts({"q": "bakery"}) == {}
    with CaptureQueriesContext(connection) as then:
        assert label_counts({"q": "bakery"}) == {}
        assert label_counts({"country": "GB"}) == {}
        assert label_counts({}) == {}

    # One look whether any organization holds a label, then none for a while.
    assert sum("labels_credential" in q["sql"] for q in first.captured_queries) == 1
    assert not [q for q in then.captured_queries if "labels_credential" in q["sql"]]


def test_the_first_label_issued_is_counted_at_the_next_search(personas: Personas) -> None:
    service.forget_labels_held()
    holder = OrganizationFactory.create(name="Leeds Bakery", country="GB")
    assert label_counts({"q": "bakery"}) == {}  # and this process now knows there are none
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    fair = services.achievement_create(
        issuer=issuer, by=personas.alice, kind=Achievement.Kind.COOP_LABEL, texts={**TEXTS, **FAIR}
    )

    services.credential_issue(achievement=fair, by=personas.alice, organization=holder)

    assert label_counts({"q": "bakery"}) == {str(fair.uuid): 1}
    assert label_counts({"country": "GB"}) == {str(fair.uuid): 1}


def test_labels_issued_to_people_are_not_organizations_labels(directory: Directory) -> None:
    services.credential_issue(
        achievement=directory.unheld,
        by=directory.personas.alice,
        email="someone@example.org",
        notify=False,
    )

    assert str(directory.unheld.uuid) not in label_counts({})
    assert names({"label": str(directory.unheld.uuid)}) == []


def test_a_label_asked_in_capitals_or_without_hyphens_is_the_same(directory: Directory) -> None:
    fair = str(directory.fair.uuid)

    query = parse({"label": [fair.upper(), fair.replace("-", ""), f" {fair} "]})

    assert query.labels == (fair,)


@pytest.mark.parametrize(
    "value", ["nope", "1234", "0" * 31, "g" * 32, "{" + "0" * 32 + "}", "urn:uuid:" + "0" * 32]
)
def test_a_value_that_is_not_a_uuid_is_refused_by_name(value: str) -> None:
    with pytest.raises(QueryError) as refused:
        parse({"label": [value]})

    assert refused.value.param == "label"
    assert refused.value.message == f"{value[:40]} is not the identifier of a label."


def test_an_unknown_label_is_refused_by_its_uuid(directory: Directory) -> None:
    unknown = "00000000-0000-4000-8000-000000000000"

    with pytest.raises(QueryError) as refused:
        search(parse({"label": [str(directory.fair.uuid), unknown]}))

    assert refused.value.param == "label"
    assert refused.value.message == f"No label of this site has the identifier {unknown}."


def test_the_planner_starts_from_the_labels_when_they_are_fewest() -> None:
    alone = Shape(has_labels=True)
    assert not needs_estimates(alone)
    assert plan(alone).driver == "labels"
    assert not plan(alone).counts_from_table
    # Even with only a country, counts come from the rows, not the maintained table.
    shape = Shape(has_labels=True, has_area=True, facets=frozenset({"country"}))
    assert needs_estimates(shape)
    assert plan(shape, Estimates(area=500, facets={"country": 9000}, labels=3)).steps == (
        "labels (~3)",
        "facet country",
        "area",
    )
    assert plan(shape, Estimates(area=2, facets={"country": 9000}, labels=3)).driver == "area"
    # Words start the search; the labels are checked on each match.
    assert plan(Shape(has_text=True, has_labels=True)).steps == ("full text", "labels")


# --- the page ----------------------------------------------------------------------------------


def test_the_page_lists_the_facet_and_filters_without_javascript(
    client: Client, directory: Directory
) -> None:
    fair, books = str(directory.fair.uuid), str(directory.books.uuid)

    html = client.get(PAGE).content.decode()

    assert page_facet(html) == {
        fair: ("Fair co-operative sourcing, from Co-op A", 2, False),
        books: ("Open books, from Co-op A", 2, False),
    }
    # Checkboxes of the GET form, under a titled group, applied by the form's own button.
    start = html.index('<form method="get" action="/en/directory/"')
    form = html[start : html.index("</form>", start)]
    assert "<legend>Labels</legend>" in form
    assert f'name="label" value="{fair}"' in form
    assert '<button type="submit">Apply the filters</button>' in form
    assert "<script>" not in html and " style=" not in html

    # What the browser sends when the box is ticked and the form submitted.
    response = client.get(PAGE, {"label": fair})
    html = response.content.decode()
    assert response.status_code == 200
    assert listed(html) == ["Fromagerie de Lyon", "Leeds Bakery"]
    assert "2 organizations found" in html
    assert page_facet(html) == {
        fair: ("Fair co-operative sourcing, from Co-op A", 2, True),
        books: ("Open books, from Co-op A", 1, False),
    }
    # The downloads of this search carry the label.
    assert f"/api/v1/exports/organizations.csv?label={fair}" in html


def test_a_label_asked_for_that_no_result_holds_stays_ticked(
    client: Client, directory: Directory
) -> None:
    unheld = str(directory.unheld.uuid)

    html = client.get(PAGE, {"label": unheld}).content.decode()

    assert "No organization" in html or "0 organizations" in html
    assert page_facet(html) == {unheld: ("Unheld, from Co-op A", 0, True)}


@pytest.mark.parametrize(
    ("language", "title", "fair_name", "books_name"),
    [
        (
            "fr",
            "Labels",
            "Approvisionnement coopératif équitable, de Co-op A",
            "Comptes ouverts, de Co-op A",
        ),
        (
            "es",
            "Sellos",
            "Abastecimiento cooperativo justo, de Co-op A",
            "Cuentas abiertas, de Co-op A",
        ),
    ],
)
def test_the_facet_is_in_the_page_s_language(
    client: Client,
    directory: Directory,
    compiled_catalogues: None,
    language: str,
    title: str,
    fair_name: str,
    books_name: str,
) -> None:
    fair, books = str(directory.fair.uuid), str(directory.books.uuid)

    html = client.get(f"/{language}/directory/", {"q": "bakery"}).content.decode()

    assert f"<legend>{title}</legend>" in html
    assert page_facet(html) == {fair: (fair_name, 1, False), books: (books_name, 1, False)}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("not-a-uuid", "not-a-uuid is not the identifier of a label."),
        (
            "00000000-0000-4000-8000-000000000000",
            "No label of this site has the identifier 00000000-0000-4000-8000-000000000000.",
        ),
    ],
)
def test_the_page_explains_a_bad_label_with_400(
    client: Client, directory: Directory, value: str, reason: str
) -> None:
    response = client.get(PAGE, {"q": "bakery", "label": value})

    html = response.content.decode()
    assert response.status_code == 400
    assert f"This search cannot be run. Labels: {reason}" in html
    # The form keeps what was asked, so the visitor can take the label out.
    assert f'<input type="hidden" name="label" value="{value}">' in html


def test_the_page_in_french_explains_a_bad_label_in_french(
    client: Client, directory: Directory, compiled_catalogues: None
) -> None:
    html = client.get("/fr/directory/", {"label": "zzz"}).content.decode()

    assert "zzz n’est pas l’identifiant d’un label." in html  # noqa: RUF001


# --- the API -----------------------------------------------------------------------------------


def test_the_api_filters_and_counts_by_label(client: Client, directory: Directory) -> None:
    fair, books = str(directory.fair.uuid), str(directory.books.uuid)

    everything = client.get(API).json()
    # Largest count first, then by value.
    assert everything["facets"]["label"] == sorted(
        [
            {"value": fair, "label": "Fair co-operative sourcing, from Co-op A", "count": 2},
            {"value": books, "label": "Open books, from Co-op A", "count": 2},
        ],
        key=lambda f: str(f["value"]),
    )

    response = client.get(API, {"label": fair, "q": "bakery"})
    answer = response.json()
    assert response.status_code == 200
    assert [r["name"] for r in answer["results"]] == ["Leeds Bakery"]
    assert answer["count"] == 1
    assert {f["value"]: f["count"] for f in answer["facets"]["label"]} == {fair: 1, books: 1}

    in_spanish = client.get(API, {"label": books}, headers={"accept-language": "es"}).json()
    assert sorted(r["name"] for r in in_spanish["results"]) == ["Cardiff Books", "Leeds Bakery"]

    services.credential_revoke(credential=directory.books_cardiff, by=directory.personas.alice)
    answer = client.get(API, {"label": books}).json()
    assert [r["name"] for r in answer["results"]] == ["Leeds Bakery"]


def test_the_api_answers_an_unknown_label_with_404_and_a_malformed_one_with_422(
    client: Client, directory: Directory
) -> None:
    unknown = client.get(API, {"label": "00000000-0000-4000-8000-000000000000"})
    malformed = client.get(API, {"label": "nope"})

    assert unknown.status_code == 404
    error = unknown.json()["error"]
    assert error["code"] == "not_found"
    assert error["message"] == (
        "No label of this site has the identifier 00000000-0000-4000-8000-000000000000."
    )
    assert error["details"][0]["loc"] == ["query", "label"]
    assert malformed.status_code == 422
    details = malformed.json()["error"]["details"]
    assert [d["loc"][:3] for d in details] == [["query", "params", "label"]]


def test_the_export_of_a_label_holds_its_holders(client: Client, directory: Directory) -> None:
    response = client.get("/api/v1/exports/organizations.csv", {"label": str(directory.fair.uuid)})

    text = streamed(response).decode("utf-8")
    assert response.status_code == 200
    assert "Leeds Bakery" in text and "Fromagerie de Lyon" in text
    assert "Cardiff Books" not in text and "York Bakery" not in text

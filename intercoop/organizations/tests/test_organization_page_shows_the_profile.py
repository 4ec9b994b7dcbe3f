"""An organization's page shows its profile as headed definition lists: legal identity,
classification, place, contact and provenance, in the reader's language, and only the facts
that have a value."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.test import Client

from intercoop.organizations.models import Organization, RegistryIdentifier
from intercoop.organizations.tests.conftest import profile_facts_in
from intercoop.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
HEADINGS = {
    "fr": ["Identité juridique", "Classification", "Lieu", "Contact", "Provenance"],
    "es": ["Identidad jurídica", "Clasificación", "Ubicación", "Contacto", "Procedencia"],
}


@pytest.fixture
def full_org() -> Organization:
    org: Organization = OrganizationFactory.create(
        name="Rochdale Pioneers",
        slug="rochdale-pioneers",
        nickname="The Pioneers",
        legal_name="Rochdale Equitable Pioneers Society Limited",
        legal_form="Society",
        status=Organization.Status.DORMANT,
        founded_on=date(1844, 12, 21),
        structure="OS130",
        activity="ICA210",
        membership_type="BMT10",
        street_address="31 Toad Lane\nRochdale Town Centre",
        locality="Rochdale",
        region="Greater Manchester",
        postal_code="OL12 0NU",
        country="GB",
        latitude=53.6182,
        longitude=-2.1563,
        geographic_scope=Organization.Scope.LOCAL,
        website="https://pioneers.example.org",
        email="hello@pioneers.example.org",
        phone="+44 1706 524920",
        source="coops-uk",
        source_id="R000001",
        source_licence="ODC-By-1.0",
        source_attribution="Contains data from Co-operatives UK, ODC-By 1.0",
        imported_at=datetime(2023, 11, 3, 9, 30, tzinfo=UTC),
    )
    RegistryIdentifier.objects.create(organization=org, scheme="gb-coh", value="IP00001R")
    RegistryIdentifier.objects.create(organization=org, scheme="gb-fca", value="1234R")
    return org


def facts(client: Client, url: str) -> dict[str, dict[str, list[str]]]:
    response = client.get(url)
    assert response.status_code == 200, url
    return profile_facts_in(response.content.decode())


def test_every_fact_of_a_full_profile_is_shown_under_its_heading(
    client: Client, full_org: Organization
) -> None:
    shown = facts(client, "/en/orgs/rochdale-pioneers/")

    assert shown == {
        "Legal identity": {
            "Legal name": ["Rochdale Equitable Pioneers Society Limited"],
            "Legal form": ["Society"],
            "Status": ["Dormant"],
            "Founded on": ["21 December 1844"],
            "Registry identifiers": [
                "Companies House (UK): IP00001R",
                "FCA Mutuals Register (UK): 1234R",
            ],
        },
        "Classification": {
            "Organisational structure": [
                "Community Benefit Society / Industrial and Provident Society (IPS)"
            ],
            "Economic activity": ["Housing"],
            "Membership type": ["Consumer/Users"],
        },
        "Place": {
            "Street address": ["31 Toad Lane\nRochdale Town Centre"],
            "Town or city": ["Rochdale"],
            "Region": ["Greater Manchester"],
            "Postal code": ["OL12 0NU"],
            "Country": ["United Kingdom"],
            "Coordinates": ["latitude 53.61820, longitude -2.15630", "Show on OpenStreetMap"],
            "Geographic scope": ["Local"],
        },
        "Contact": {
            "Website": ["https://pioneers.example.org"],
            "Email address": ["hello@pioneers.example.org"],
            "Telephone": ["+44 1706 524920"],
        },
        "Provenance": {
            "Source": ["Co-operatives UK, identifier R000001, imported on 3 November 2023"],
            "Licence": ["Open Data Commons Attribution License v1.0"],
            "Attribution": ["Contains data from Co-operatives UK, ODC-By 1.0"],
        },
    }


def test_contact_details_are_links(client: Client, full_org: Organization) -> None:
    html = client.get("/en/orgs/rochdale-pioneers/").content.decode()

    assert '<a href="https://pioneers.example.org" rel="nofollow noopener">' in html
    assert '<a href="mailto:hello@pioneers.example.org">' in html
    assert '<a href="tel:+441706524920">' in html
    assert "Also known as The Pioneers" in html


@pytest.mark.usefixtures("compiled_catalogues")
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            {
                ("Identité juridique", "État"): ["En sommeil"],
                ("Identité juridique", "Date de fondation"): ["21 décembre 1844"],
                ("Identité juridique", "Numéros d'immatriculation"): [
                    f"Companies House (Royaume-Uni){NBSP}: IP00001R",
                    f"Registre des mutuelles de la FCA (Royaume-Uni){NBSP}: 1234R",
                ],
                ("Classification", "Type de structure"): [
                    "Société d'intérêt communautaire / société industrielle et de prévoyance (IPS)"
                ],
                ("Classification", "Secteur économique"): ["Logement"],
                ("Classification", "Type de sociétariat"): ["Consommateurs/usagers"],
                ("Lieu", "Pays"): ["Royaume-Uni"],
                ("Lieu", "Coordonnées géographiques"): [
                    f"latitude 53,61820{NBSP}; longitude -2,15630",
                    "Voir sur OpenStreetMap",
                ],
                ("Provenance", "Source"): [
                    "Co-operatives UK, identifiant R000001, importé le 3 novembre 2023"
                ],
            },
        ),
        (
            "es",
            {
                ("Identidad jurídica", "Estado"): ["Inactiva"],
                ("Identidad jurídica", "Fecha de fundación"): ["21 de diciembre de 1844"],
                ("Identidad jurídica", "Números de registro"): [
                    "Companies House (Reino Unido): IP00001R",
                    "Registro de mutuas de la FCA (Reino Unido): 1234R",
                ],
                ("Clasificación", "Tipo de estructura"): [
                    "Sociedad de beneficio comunitario / sociedad industrial y de previsión (IPS)"
                ],
                ("Clasificación", "Actividad económica"): ["Vivienda"],
                ("Clasificación", "Tipo de membresía"): ["Consumidores/usuarios"],
                ("Ubicación", "País"): ["Reino Unido"],
                ("Ubicación", "Coordenadas"): [
                    "latitud 53,61820; longitud -2,15630",
                    "Ver en OpenStreetMap",
                ],
                ("Procedencia", "Fuente"): [
                    "Co-operatives UK, identificador R000001, importado el 3 de noviembre de 2023"
                ],
            },
        ),
    ],
)
def test_terms_labels_and_country_are_in_the_readers_language(
    client: Client,
    full_org: Organization,
    lang: str,
    expected: dict[tuple[str, str], list[str]],
) -> None:
    shown = facts(client, f"/{lang}/orgs/rochdale-pioneers/")

    for (heading, term), values in expected.items():
        assert shown.get(heading, {}).get(term) == values, (heading, term, shown.get(heading))
    assert list(shown) == HEADINGS[lang]


def test_a_bare_organization_shows_no_empty_row(client: Client) -> None:
    OrganizationFactory.create(name="Bare Co-op", slug="bare")

    response = client.get("/en/orgs/bare/")
    html = response.content.decode()
    shown = profile_facts_in(html)  # fails on any empty heading, term or value

    # A new organization is active until someone says otherwise; nothing else is known.
    assert shown == {"Legal identity": {"Status": ["Active"]}}
    for heading in ("Classification", "Place", "Contact", "Provenance"):
        assert f">{heading}</h2>" not in html
    assert "<dd></dd>" not in html


@pytest.mark.usefixtures("compiled_catalogues")
def test_a_country_code_with_no_known_name_is_shown_as_it_is(client: Client) -> None:
    OrganizationFactory.create(slug="somewhere", country="QQ", locality="Nowhere")

    shown = facts(client, "/fr/orgs/somewhere/")

    assert shown["Lieu"] == {"Ville": ["Nowhere"], "Pays": ["QQ"]}

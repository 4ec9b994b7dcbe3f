"""Two organizations are flagged as probable duplicates when they share a registry identifier,
a website, or a near-identical name at the same place; a similar name elsewhere is not."""

from __future__ import annotations

import pytest

from intercoop.directory import duplicates
from intercoop.directory.duplicates import (
    NAME_AND_PLACE,
    REGISTRY_ID,
    WEBSITE,
    find_duplicates,
    normalize_name,
    normalize_website,
    probable_duplicates,
)
from intercoop.organizations.models import Organization, RegistryIdentifier
from intercoop.testing.factories import OrganizationFactory


def org(name: str, **fields: object) -> Organization:
    return OrganizationFactory.create(name=name, **fields)


def pairs() -> set[tuple[str, str, str]]:
    return {(a.name, b.name, reason) for a, b, reason in find_duplicates()}


@pytest.mark.parametrize(
    ("name", "normalized"),
    [
        ("Leeds Bread Co-operative Limited", "leeds bread"),
        ("LEEDS BREAD CO-OP LTD.", "leeds bread"),
        ("Leeds Bread Cooperative Society Ltd", "leeds bread"),
        ("Leeds Bread Coop", "leeds bread"),
        ("Café Crème, Ltd", "cafe creme"),
        ("The Co-operative Bank", "the cooperative bank"),  # not at the end: kept
        ("Co-op", ""),
    ],
)
def test_names_are_normalized(name: str, normalized: str) -> None:
    assert normalize_name(name) == normalized


@pytest.mark.parametrize(
    "url",
    ["https://www.Example.coop/", "http://example.coop", "example.coop", "HTTPS://EXAMPLE.COOP//"],
)
def test_websites_are_normalized(url: str) -> None:
    assert normalize_website(url) == "example.coop"


def test_a_different_path_is_a_different_website() -> None:
    assert normalize_website("https://host.org/a") != normalize_website("https://host.org/b")


@pytest.mark.django_db
def test_the_same_registry_identifier_written_differently() -> None:
    a, b = org("Alpha"), org("Beta")
    RegistryIdentifier.objects.create(organization=a, scheme="gb-coh", value="01234567")
    RegistryIdentifier.objects.create(organization=b, scheme="gb-coh", value="1234567")
    RegistryIdentifier.objects.create(organization=b, scheme="fr-siren", value="01234567")

    assert pairs() == {("Alpha", "Beta", REGISTRY_ID)}
    assert [(d.other, d.reason) for d in probable_duplicates(a)] == [(b, REGISTRY_ID)]


@pytest.mark.django_db
def test_the_same_website() -> None:
    a = org("Alpha", website="https://www.alpha.coop/")
    b = org("Beta", website="http://alpha.coop")
    org("Gamma", website="https://alpha.coop/shop")

    assert pairs() == {("Alpha", "Beta", WEBSITE)}
    assert [(d.other, d.reason) for d in probable_duplicates(b)] == [(a, WEBSITE)]


@pytest.mark.django_db
def test_a_website_many_share_is_an_umbrella_not_a_duplicate() -> None:
    for n in range(duplicates.SHARED_WEBSITE_LIMIT + 1):
        org(f"Country Market {n}", website="https://country-markets.co.uk")

    assert pairs() == set()


@pytest.mark.django_db
def test_a_near_identical_name_at_the_same_postal_code() -> None:
    a = org("Leeds Bread Co-operative Ltd", country="GB", postal_code="LS1 1AA")
    b = org("leeds bread", country="GB", postal_code="ls11aa")

    assert pairs() == {(a.name, b.name, NAME_AND_PLACE)}
    assert [d.other for d in probable_duplicates(b)] == [a]


@pytest.mark.django_db
def test_a_slightly_misspelt_name_at_the_same_postal_code() -> None:
    org("Hebden Bridge Community Bakery", country="GB", postal_code="HX7 8AD")
    org("Hebden Bridge Comunity Bakery Limited", country="GB", postal_code="hx78ad")

    assert {reason for _, _, reason in pairs()} == {NAME_AND_PLACE}


@pytest.mark.django_db
def test_in_a_town_only_the_same_name_counts() -> None:
    # A whole town holds many similar names: sharing only the town needs the same name.
    org("Hebden Bridge Community Bakery", country="GB", locality="Hebden Bridge")
    org("Hebden Bridge Comunity Bakery Limited", country="GB", locality="hebden bridge")
    org("North Camden Housing Co-operative", country="GB", locality="London")
    org("South Camden Housing Co-operative", country="GB", locality="London")
    assert pairs() == set()

    org("North Camden Housing Co-op Ltd", country="GB", locality="london")
    assert {reason for _, _, reason in pairs()} == {NAME_AND_PLACE}


@pytest.mark.django_db
def test_the_same_name_in_another_town_is_not_a_duplicate() -> None:
    org("Leeds Bread Co-operative", country="GB", locality="Leeds", postal_code="LS1 1AA")
    org("Leeds Bread Co-operative", country="GB", locality="York", postal_code="YO1 1AA")
    org("Leeds Bread Co-operative", country="FR", locality="Leeds", postal_code="LS1 1AA")

    assert pairs() == set()


@pytest.mark.django_db
def test_a_different_name_at_the_same_place_is_not_a_duplicate() -> None:
    a = org("Leeds Bread Co-operative", country="GB", postal_code="LS1 1AA")
    org("Leeds Cycle Co-operative", country="GB", postal_code="LS1 1AA")
    org("Co-op", country="GB", postal_code="LS1 1AA")
    org("Co-operative Ltd", country="GB", postal_code="LS1 1AA")  # nothing left to compare

    assert pairs() == set()
    assert probable_duplicates(a) == []


@pytest.mark.django_db
def test_a_pair_with_several_reasons_is_listed_once() -> None:
    a = org("Alpha", website="https://alpha.coop", country="GB", locality="Leeds")
    b = org("Alpha Ltd", website="https://alpha.coop", country="GB", locality="Leeds")
    RegistryIdentifier.objects.create(organization=a, scheme="gb-coh", value="01234567")
    RegistryIdentifier.objects.create(organization=b, scheme="gb-coh", value="1234567")

    assert pairs() == {("Alpha", "Alpha Ltd", REGISTRY_ID)}
    assert [d.reason_label for d in probable_duplicates(b)] == ["same registry identifier"]


@pytest.mark.django_db
def test_find_duplicates_searches_only_the_queryset_given() -> None:
    org("Alpha", website="https://alpha.coop", country="GB")
    org("Beta", website="https://alpha.coop", country="FR")

    assert find_duplicates(Organization.objects.filter(country="GB")) == []

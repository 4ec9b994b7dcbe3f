"""The widget of a federation lists its members and nobody else, and its search and
filters work within them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from intercoop.organizations.models import Organization, Relationship
from intercoop.testing.factories import OrganizationFactory, RelationshipFactory


def listed(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/\w\w/orgs/[\w-]+/" target="_top">([^<]+)</a></h3>', html)


@pytest.fixture
def federation(personas: Any) -> Organization:
    federation: Organization = OrganizationFactory.create(name="Federation", slug="federation")
    for name, country, lat in [("Member bakery", "GB", 53.8), ("Member dairy", "FR", 45.76)]:
        member = OrganizationFactory.create(name=name, country=country, latitude=lat, longitude=1)
        RelationshipFactory.create(
            subject=member, predicate=Relationship.Predicate.MEMBER_OF, object=federation
        )
    # Not members: a supplier of the federation, and co-ops A and B.
    supplier = OrganizationFactory.create(name="Supplier bakery", country="GB")
    RelationshipFactory.create(
        subject=supplier, predicate=Relationship.Predicate.SUPPLIER_OF, object=federation
    )
    return federation


def test_only_members_are_listed(personas: Any, federation: Organization) -> None:
    html = personas.client_for("anonymous").get("/en/embed/federation/").content.decode()

    assert sorted(listed(html)) == ["Member bakery", "Member dairy"]
    assert "2 organizations found" in html
    assert "Members of Federation" in html


def test_search_and_filters_stay_within_the_members(
    personas: Any, federation: Organization
) -> None:
    client = personas.client_for("anonymous")

    by_words = client.get("/en/embed/federation/", {"q": "bakery"}).content.decode()
    by_country = client.get("/en/embed/federation/", {"country": "FR"}).content.decode()
    # A member_of parameter cannot widen the widget to another network.
    other = client.get("/en/embed/federation/", {"member_of": "coop-a"}).content.decode()

    assert listed(by_words) == ["Member bakery"]
    assert listed(by_country) == ["Member dairy"]
    assert sorted(listed(other)) == ["Member bakery", "Member dairy"]
    # The widget's own links stay on the widget (not to the full directory's search page).
    assert 'action="/en/embed/federation/"' in by_words


def test_pages_of_members_keep_the_search(personas: Any, federation: Organization) -> None:
    for i in range(25):
        member = OrganizationFactory.create(name=f"Extra member {i:02}")
        RelationshipFactory.create(
            subject=member, predicate=Relationship.Predicate.MEMBER_OF, object=federation
        )

    html = personas.client_for("anonymous").get("/en/embed/federation/?q=extra").content.decode()

    assert len(listed(html)) == 20
    assert '<a href="?q=extra&amp;page=2" rel="next">' in html

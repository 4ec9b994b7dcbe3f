"""In the embeddable widget, a cluster of the map zooms in inside the frame (an organization
opens in the whole window, as the list's links do), and keeps to the network's members."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest

from intercoop.organizations.models import Relationship
from intercoop.testing.factories import OrganizationFactory, RelationshipFactory


@pytest.fixture
def network(personas: Any) -> None:
    network = OrganizationFactory.create(name="Network", slug="network")
    for i in range(6):
        member = OrganizationFactory.create(latitude=53.8 + i / 1000, longitude=-1.55)
        RelationshipFactory.create(
            subject=member, predicate=Relationship.Predicate.MEMBER_OF, object=network
        )
    lone = OrganizationFactory.create(name="Zz Lone", slug="lone", latitude=51.5, longitude=-3.2)
    RelationshipFactory.create(
        subject=lone, predicate=Relationship.Predicate.MEMBER_OF, object=network
    )
    # Not a member, in the same street: never counted.
    OrganizationFactory.create(latitude=53.8, longitude=-1.55)


def test_a_cluster_zooms_inside_the_frame(personas: Any, network: None) -> None:
    client = personas.client_for("anonymous")
    html = client.get("/en/embed/network/", {"sort": "name", "q": ""}).content.decode()

    clusters = re.findall(
        r'<a href="([^"]*)"><title>6 organizations: zoom in on them</title>', html
    )
    assert len(clusters) == 1, "the six members are one cluster, a link without a target"
    href = html_lib.unescape(clusters[0])
    assert href.startswith("?") and "member_of" not in href
    zoomed = client.get("/en/embed/network/" + href).content.decode()
    assert "6 organizations found" in zoomed
    # The lone member, 7th by name, is its numbered label: it opens in the whole window.
    assert '<a class="map-pin" href="/en/orgs/lone/" aria-label="7. Zz Lone" target="_top">' in html

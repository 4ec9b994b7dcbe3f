"""Either side's administrators end a confirmed relationship: it leaves every public view at
once, and both histories say who ended it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.organizations.models import Organization, Relationship
from intercoop.organizations.tests.conftest import client_of, propose_on_the_web


@pytest.mark.parametrize(
    ("side", "slug", "person"), [("alice", "coop-a", "Alice"), ("erin", "coop-b", "Erin")]
)
def test_either_side_ends_it(
    personas: Personas, erin: User, side: str, slug: str, person: str
) -> None:
    # given a confirmed relationship: A supplies B
    alice = personas.client_for("alice")
    propose_on_the_web(alice, subject="coop-a", obj="coop-b", predicate="supplier_of")
    relationship = Relationship.objects.get()
    client_of(erin).post(
        reverse("organizations:relationship_confirm", args=["coop-b", relationship.pk])
    )
    a_url = reverse("organizations:detail", args=["coop-a"])
    assert "Supplier of" in personas.client_for("anonymous").get(a_url).text
    updated = Organization.objects.get(pk=personas.coop_a.pk).updated_at

    # when one side ends it from its relationships page
    client = alice if side == "alice" else client_of(erin)
    response = client.post(
        reverse("organizations:relationship_remove", args=[slug, relationship.pk]), follow=True
    )

    # then
    assert "was ended" in response.text
    assert not Relationship.objects.exists()
    assert "Supplier of" not in personas.client_for("anonymous").get(a_url).text
    assert (
        personas.client_for("anonymous")
        .get(f"/api/v1/organizations/{personas.coop_a.pk}")
        .json()["links_out"]
        == []
    )
    # exports and mirrors that follow updated_at see the change
    assert Organization.objects.get(pk=personas.coop_a.pk).updated_at > updated
    history = alice.get(reverse("organizations:history", args=["coop-a"])).text
    assert "Relationship ended: Co-op A supplier of Co-op B" in history
    assert "Relationship confirmed: Co-op A supplier of Co-op B" in history
    assert Relationship.history.latest().history_user.name == person


def test_an_organization_cannot_end_a_relationship_it_is_not_part_of(
    personas: Personas, erin: User
) -> None:
    # given B supplies a third organization, confirmed
    third = Organization.objects.create(name="Co-op C", slug="coop-c")
    relationship = Relationship.objects.create(
        subject=personas.coop_b,
        predicate="supplier_of",
        object=third,
        confirmed_at=third.created_at,
    )

    # when Alice, administrator of A only, posts to end it through A's address
    response = personas.client_for("alice").post(
        reverse("organizations:relationship_remove", args=["coop-a", relationship.pk])
    )

    # then
    assert response.status_code == 404
    assert Relationship.objects.filter(pk=relationship.pk).exists()

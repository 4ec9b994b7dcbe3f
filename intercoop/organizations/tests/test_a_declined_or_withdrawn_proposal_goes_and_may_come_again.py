"""B's administrators may decline a proposal, and A's may withdraw theirs: it goes, never having
been public, and may be proposed again. Both organizations' histories say who did what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.organizations.models import Relationship
from intercoop.organizations.tests.conftest import client_of, propose_on_the_web


@pytest.mark.parametrize(
    ("side", "slug", "message", "history"),
    [
        ("erin", "coop-b", "was declined", "Relationship declined: Co-op A member of Co-op B"),
        (
            "alice",
            "coop-a",
            "was withdrawn",
            "Relationship proposal withdrawn: Co-op A member of Co-op B",
        ),
    ],
)
def test_the_proposal_goes_and_the_history_says_who_and_how(
    personas: Personas, erin: User, side: str, slug: str, message: str, history: str
) -> None:
    # given
    alice = personas.client_for("alice")
    propose_on_the_web(alice, subject="coop-a", obj="coop-b")
    relationship = Relationship.objects.get()
    client = alice if side == "alice" else client_of(erin)
    person = "Alice" if side == "alice" else "Erin"

    # when
    response = client.post(
        reverse("organizations:relationship_remove", args=[slug, relationship.pk]), follow=True
    )

    # then
    assert message in response.text
    assert not Relationship.objects.exists()
    last = Relationship.history.latest()
    assert (last.history_type, last.history_user.name) == ("-", person)
    for org, admin in (("coop-a", alice), ("coop-b", client_of(erin))):
        page = admin.get(reverse("organizations:history", args=[org])).text
        assert history in page
        assert "Relationship proposed: Co-op A member of Co-op B" in page


def test_a_declined_proposal_may_be_proposed_again(personas: Personas, erin: User) -> None:
    # given a declined proposal
    alice = personas.client_for("alice")
    propose_on_the_web(alice, subject="coop-a", obj="coop-b")
    declined = Relationship.objects.get()
    client_of(erin).post(reverse("organizations:relationship_remove", args=["coop-b", declined.pk]))

    # when
    again = propose_on_the_web(alice, subject="coop-a", obj="coop-b")

    # then
    assert again.status_code == 302
    assert Relationship.objects.pending().filter(subject=personas.coop_a).count() == 1

"""Creating proposals stops at the account's rate, with a 429 page and ``Retry-After``; another
member of the same co-op is not affected."""

from __future__ import annotations

from django.conf import LazySettings
from django.urls import reverse

from intercoop.env import Rate
from intercoop.governance.models import Proposal
from intercoop.governance.tests.proposals.conftest import World


def test_the_proposal_after_the_limit_is_refused_with_429(
    world: World, settings: LazySettings
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "proposal_create": Rate(2, 3600)}
    p = world.g.personas
    create = reverse("governance:proposal_create", args=["coop-a"])
    bob = p.client_for("bob")
    for i in range(2):
        body = {"title": f"Idea {i}", "body": "Text", "language": "en"}
        assert bob.post(create, body).status_code == 302
    response = bob.post(create, {"title": "Idea 3", "body": "Text", "language": "en"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert not Proposal.objects.filter(title="Idea 3").exists()
    alice = p.client_for("alice")
    response = alice.post(create, {"title": "Alice's", "body": "Text", "language": "en"})
    assert response.status_code == 302

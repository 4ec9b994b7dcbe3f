from __future__ import annotations

import pytest
from django.urls import reverse

from intercoop.governance.tests.proposals.conftest import DRAFT_TITLE, World
from intercoop.organizations.models import Role
from intercoop.testing.factories import RoleFactory, UserFactory


@pytest.mark.parametrize(("who", "sees"), [("bob", True), ("alice", True), ("dora", False)])
def test_a_draft_is_seen_by_its_author_and_the_board_only(
    world: World, who: str, sees: bool
) -> None:
    p = world.g.personas
    dora = UserFactory.create(email="dora@example.org")
    RoleFactory.create(organization=p.coop_a, user=dora, role=Role.Name.MEMBER)
    client = p.client_for(who) if who != "dora" else p.client_for("anonymous")
    if who == "dora":
        client.force_login(dora)

    listing = client.get(reverse("governance:proposal_list", args=["coop-a"]))
    page = client.get(reverse("governance:proposal_detail", args=["coop-a", world.draft.pk]))

    assert (DRAFT_TITLE in listing.content.decode()) == sees
    assert page.status_code == (200 if sees else 404)

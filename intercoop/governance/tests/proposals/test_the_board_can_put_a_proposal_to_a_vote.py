from __future__ import annotations

from django.test import override_settings
from django.urls import include, path, reverse
from django.utils import timezone

from intercoop.governance.models import Decision
from intercoop.governance.tests.proposals.conftest import World
from intercoop.governance.views import proposals as proposal_views

# A site with the proposals' routes only, as before the decisions area had any.
urlpatterns = [path("", include((proposal_views.urlpatterns, "governance")))]


def _decision(world: World) -> Decision:
    return Decision.objects.create(
        organization=world.g.personas.coop_a,
        proposal=world.proposal,
        title="Vote on the cargo bike",
        language="en",
        method=Decision.Method.YES_NO,
        record_date=timezone.localdate(),
    )


def test_the_board_sees_the_link_to_put_it_to_a_vote_and_members_do_not(world: World) -> None:
    url = reverse("governance:proposal_detail", args=["coop-a", world.proposal.pk])
    vote = reverse("governance:decision_create", args=["coop-a"]) + f"?proposal={world.proposal.pk}"

    alice = world.g.personas.client_for("alice").get(url).content.decode()
    bob = world.g.personas.client_for("bob").get(url).content.decode()

    assert f'href="{vote}"' in alice and "Put to a vote" in alice
    assert "Put to a vote" not in bob


def test_its_decisions_are_listed_with_their_links(world: World) -> None:
    decision = _decision(world)

    page = world.g.personas.client_for("bob").get(
        reverse("governance:proposal_detail", args=["coop-a", world.proposal.pk])
    )

    link = reverse("governance:decision_detail", args=["coop-a", decision.pk])
    assert f'href="{link}"' in page.content.decode()
    assert "Vote on the cargo bike" in page.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_without_the_decisions_routes_the_links_are_left_out(world: World) -> None:
    decision = _decision(world)

    vote_link, decisions = proposal_views._decision_links(world.g.personas.coop_a, world.proposal)

    assert vote_link is None
    assert decisions == [(decision, None)]

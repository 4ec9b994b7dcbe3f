"""A published verifiable vote that failed its quorum says so, and its weighted table marks no
option as chosen (the yes that "passed" its threshold was once ticked)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail

from intercoop.ballots import services
from intercoop.ballots.models import Election
from intercoop.ballots.tests.web.conftest import (
    World,
    cast,
    ceremony,
    credentials_from_mail,
    decrypt,
    make_decision,
)

pytestmark = pytest.mark.django_db


def _published(world: World, tmp_path: Path, yes_votes: int) -> Election:
    """A yes/no verifiable vote, with one trustee, where ``yes_votes`` members vote Yes."""
    decision = make_decision(world)
    election = services.election_of(decision)
    trustee = world.voters[world.g.members[2].pk]
    services.trustees_setup(election=election, by=world.alice, users=[trustee], threshold=1)
    secrets = ceremony(election, [trustee], tmp_path)
    election.refresh_from_db()
    mail.outbox.clear()
    services.election_open(election=election, by=world.alice)
    codes = credentials_from_mail()
    for member in world.g.members[:yes_votes]:
        user = world.voters[member.pk]
        cast(election, user, codes[user.email], [1, 0])
    services.election_close(election=election, by=world.alice)
    decrypt(election, trustee, secrets[1], tmp_path)
    services.election_publish(election=election, by=world.alice)
    election.refresh_from_db()
    assert election.state == Election.State.PUBLISHED
    return election


@pytest.fixture(autouse=True)
def rules(world: World) -> None:
    world.g.rules.quorum_percent = Decimal(50)
    world.g.rules.min_college_ballots_to_publish = 1
    world.g.rules.save()


def _page(world: World, election: Election) -> str:
    response = world.g.personas.client_for("bob").get(
        f"/en/orgs/coop-a/decisions/{election.decision_id}/election/"
    )
    assert response.status_code == 200
    return response.content.decode()


def test_below_the_quorum_nothing_is_ticked(world: World, tmp_path: Path) -> None:
    page = _page(world, _published(world, tmp_path, yes_votes=2))
    assert "The quorum was not reached." in page
    assert "✓" not in page


def test_an_adopted_vote_ticks_its_choice(world: World, tmp_path: Path) -> None:
    page = _page(world, _published(world, tmp_path, yes_votes=6))
    assert "Adopted." in page
    assert "Yes ✓" in page

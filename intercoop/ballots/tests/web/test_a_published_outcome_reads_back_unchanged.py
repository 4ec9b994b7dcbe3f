"""The outcome a verifiable decision stores when its election is published reads back,
through its typed form (``governance.results.VerifiableResult``), as exactly the JSON stored:
adopted, failed for want of quorum, and a choice among options."""

from __future__ import annotations

import json
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
from intercoop.governance.models import Decision
from intercoop.governance.results import VerifiableResult, stored_result

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rules(world: World) -> None:
    world.g.rules.quorum_percent = Decimal(50)
    world.g.rules.min_college_ballots_to_publish = 1
    world.g.rules.save()


def _published(
    world: World, tmp_path: Path, decision: Decision, votes: list[list[int]]
) -> Election:
    election = services.election_of(decision)
    trustee = world.voters[world.g.members[2].pk]
    services.trustees_setup(election=election, by=world.alice, users=[trustee], threshold=1)
    secrets = ceremony(election, [trustee], tmp_path)
    election.refresh_from_db()
    mail.outbox.clear()
    services.election_open(election=election, by=world.alice)
    codes = credentials_from_mail()
    for member, choice in zip(world.g.members, votes, strict=False):
        user = world.voters[member.pk]
        cast(election, user, codes[user.email], choice)
    services.election_close(election=election, by=world.alice)
    decrypt(election, trustee, secrets[1], tmp_path)
    services.election_publish(election=election, by=world.alice)
    election.refresh_from_db()
    assert election.state == Election.State.PUBLISHED
    return election


@pytest.mark.parametrize(
    ("method", "options", "votes"),
    [
        ("yes_no", [], [[1, 0]] * 6),
        ("yes_no", [], [[1, 0]] * 2),
        ("approval", ["Anne", "Brian", "Carol"], [[1, 1, 0], [0, 1, 0], [0, 0, 1]] * 2),
    ],
    ids=["adopted", "no-quorum", "approval"],
)
def test_a_published_outcome_reads_back_as_stored(
    world: World, tmp_path: Path, method: str, options: list[str], votes: list[list[int]]
) -> None:
    decision = make_decision(world, method=method, options=options)
    _published(world, tmp_path, decision, votes)
    decision.refresh_from_db()
    stored = decision.result
    assert stored is not None
    typed = stored_result(stored)
    assert isinstance(typed, VerifiableResult)
    assert typed == VerifiableResult.from_json(stored)
    assert typed.to_json() == stored
    assert json.dumps(typed.to_json(), sort_keys=True) == json.dumps(stored, sort_keys=True)
    assert ("yes_share" in stored) == (method == "yes_no")
    assert "winner_labels" in stored

"""The verifiable election's "Close the vote and sum the encrypted ballots" asks first, as the
other votes do: the election page links to a confirmation page that says the vote is closing
before its date and how many have voted; only a POST with the confirmation closes it."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from intercoop.ballots import services
from intercoop.ballots.models import Election
from intercoop.ballots.tests.web.conftest import (
    World,
    cast,
    ceremony,
    credentials_from_mail,
    make_decision,
)
from intercoop.governance.models import Decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def election(world: World, tmp_path: Path) -> Election:
    """An open verifiable vote, due to close in three days, with one ballot cast."""
    decision = make_decision(world)
    Decision.objects.filter(pk=decision.pk).update(closes_at=timezone.now() + timedelta(days=3))
    election = services.election_of(decision)
    trustee = world.voters[world.g.members[2].pk]
    services.trustees_setup(election=election, by=world.alice, users=[trustee], threshold=1)
    ceremony(election, [trustee], tmp_path)
    election.refresh_from_db()
    mail.outbox.clear()
    services.election_open(election=election, by=world.alice)
    codes = credentials_from_mail()
    cast(election, trustee, codes[trustee.email], [1, 0])
    election.refresh_from_db()
    assert election.state == Election.State.OPEN
    return election


def _close_url(election: Election) -> str:
    return f"/en/orgs/coop-a/decisions/{election.decision_id}/election/close/"


def _text(content: str) -> str:
    main = content[content.index("<main") : content.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def test_the_election_page_leads_to_the_confirmation(world: World, election: Election) -> None:
    page = world.g.personas.client_for("alice").get(
        f"/en/orgs/coop-a/decisions/{election.decision_id}/election/"
    )
    content = page.content.decode()
    assert f'href="{_close_url(election)}">Close the vote and sum the encrypted ballots…' in (
        content
    )
    assert f'action="{_close_url(election)}"' not in content


def test_the_confirmation_says_the_vote_closes_early(world: World, election: Election) -> None:
    response = world.g.personas.client_for("alice").get(_close_url(election))
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "Close this vote now?" in text
    assert "This vote would close early." in text
    assert "closing early means members who have not voted yet can no longer vote" in text
    assert "1 of 10 members on the roll has voted. 9 have not voted yet." in text
    assert 'name="confirm" value="close"' in response.content.decode()
    election.refresh_from_db()
    assert election.state == Election.State.OPEN


def test_a_post_without_the_confirmation_closes_nothing(world: World, election: Election) -> None:
    response = world.g.personas.client_for("alice").post(_close_url(election))
    assert response.status_code == 400
    election.refresh_from_db()
    assert election.state == Election.State.OPEN


def test_a_post_with_the_confirmation_closes(world: World, election: Election) -> None:
    response = world.g.personas.client_for("alice").post(_close_url(election), {"confirm": "close"})
    assert response.status_code == 302
    election.refresh_from_db()
    assert election.state == Election.State.DECRYPTING

"""A co-op's public page lists its verifiable votes whose bulletin board is public, with a link
to each board and, once the result is published, to the election record, for anyone, signed in
or not. Nothing else: not a verifiable vote that has not opened, not a public or secret vote, not
another co-op's votes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.ballots import services
from intercoop.ballots.models import Election
from intercoop.ballots.tests.web.conftest import (
    World,
    cast,
    ceremony,
    credentials_from_mail,
    decrypt,
)
from intercoop.governance.models import Decision
from intercoop.governance.services import decisions

pytestmark = pytest.mark.django_db


def _decision(w: World, title: str, secrecy: str = Decision.Secrecy.VERIFIABLE) -> Decision:
    return decisions.decision_create(
        organization=w.g.personas.coop_a,
        by=w.alice,
        title=title,
        language="en",
        method=Decision.Method.YES_NO,
        options=[],
        secrecy=secrecy,
        record_date=timezone.localdate(),
    )


def _trustees(w: World) -> list[User]:
    """Alice and a member who is not a persona: Bob and Charlie visit as members, not trustees."""
    return [w.alice, w.voters[w.g.members[2].pk]]


def _opened(w: World, title: str, tmp: Path) -> tuple[Election, dict[str, str]]:
    election = services.election_of(_decision(w, title))
    trustees = _trustees(w)
    services.trustees_setup(election=election, by=w.alice, users=trustees, threshold=2)
    ceremony(election, trustees, tmp)
    mail.outbox.clear()
    services.election_open(election=election, by=w.alice)
    election.refresh_from_db()
    return election, credentials_from_mail()


def _published(w: World, title: str, tmp: Path) -> Election:
    w.g.rules.min_college_ballots_to_publish = 1
    w.g.rules.save()
    election, codes = _opened(w, title, tmp)
    cast(election, w.alice, codes[w.alice.email], [1, 0])
    services.election_close(election=election, by=w.alice)
    for index, user in enumerate(_trustees(w), start=1):
        decrypt(election, user, tmp / f"trustee-{index}" / "secret.json", tmp)
    services.election_publish(election=election, by=w.alice)
    election.refresh_from_db()
    assert election.state == Election.State.PUBLISHED
    return election


def _url(election: Election, route: str, *name: str) -> str:
    return reverse(f"ballots:{route}", args=["coop-a", election.decision_id, *name])


@pytest.mark.parametrize("who", ["anonymous", "bob", "charlie"])
def test_anyone_finds_the_boards_and_records_on_the_co_op_s_page(
    world: World, tmp_path: Path, who: str
) -> None:
    w = world
    (tmp_path / "open").mkdir()
    (tmp_path / "published").mkdir()
    voting, _codes = _opened(w, "Join the energy federation", tmp_path / "open")
    published = _published(w, "Choose the community projects", tmp_path / "published")
    draft = services.election_of(_decision(w, "A verifiable vote still in draft"))
    _decision(w, "A secret ballot on salaries", Decision.Secrecy.SECRET)
    _decision(w, "A public vote on the logo", Decision.Secrecy.PUBLIC)
    client = Client()
    if who != "anonymous":
        client.force_login(getattr(w.g.personas, who))

    page = client.get(reverse("organizations:detail", args=["coop-a"]))

    assert page.status_code == 200
    html = page.content.decode()
    section = re.search(r'<section aria-labelledby="public-votes">(.*?)</section>', html, re.S)
    assert section is not None, html
    listed = section[1]
    assert "Join the energy federation" in listed
    assert "Choose the community projects" in listed
    hrefs = set(re.findall(r'href="([^"]+)"', listed))
    assert hrefs == {
        _url(voting, "board"),
        _url(published, "board"),
        _url(published, "record", "record.json"),
    }
    for private in (
        "A verifiable vote still in draft",
        "A secret ballot on salaries",
        "A public vote on the logo",
    ):
        assert private not in html
    assert _url(draft, "board") not in html
    # the links open, for anyone
    for href in hrefs:
        assert Client().get(href).status_code == 200


def test_a_co_op_without_a_public_board_lists_none(world: World) -> None:
    services.election_of(_decision(world, "A verifiable vote still in draft"))

    html = Client().get(reverse("organizations:detail", args=["coop-a"])).content.decode()
    other = Client().get(reverse("organizations:detail", args=["coop-b"])).content.decode()

    assert 'aria-labelledby="public-votes"' not in html
    assert 'aria-labelledby="public-votes"' not in other

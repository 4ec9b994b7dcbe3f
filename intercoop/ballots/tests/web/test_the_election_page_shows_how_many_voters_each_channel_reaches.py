"""The election page says how many voters get their credential by email and how many need a
printed letter (no account with an email address), and what the board can do about it: name a
credential authority, who prints the letters with ``intercoop-credentials letters``. The
authority's page gives that command, with the address of the booth for letters."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse

from intercoop.accounts.models import User
from intercoop.ballots import services
from intercoop.ballots.models import Election
from intercoop.ballots.tests.web.conftest import World, ceremony, make_decision
from intercoop.ballots.tests.web.letters import some_with_an_account, with_an_authority
from intercoop.governance.tests.conftest import Governance

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(governance: Governance) -> World:
    return some_with_an_account(governance)


def _url(election: Election, route: str, lang: str = "en") -> str:
    return f"/{lang}" + reverse(f"ballots:{route}", args=["coop-a", election.decision_id])[3:]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _channels(html: str) -> dict[str, str]:
    section = re.search(r'<dl class="facts" id="channels">(.*?)</dl>', html, re.S)
    assert section is not None, html
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", section[1]))


def test_the_board_sees_the_channels_and_the_remedy_before_choosing_the_trustees(
    w: World,
) -> None:
    election = services.election_of(make_decision(w))

    html = _client(w.alice).get(_url(election, "election")).content.decode()

    assert _channels(html) == {
        "Voters": "10",
        "By email": "4",
        "Need a printed letter (no account with an email address)": "6",
    }
    assert "name a credential authority when you choose the trustees" in html
    assert "intercoop-credentials letters" in html


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("fr", "Besoin d'une lettre imprimée (pas de compte avec une adresse e-mail)"),
        ("es", "Necesitan una carta impresa (sin cuenta con dirección de correo)"),
    ],
)
def test_the_channels_are_named_in_every_language(w: World, lang: str, label: str) -> None:
    election = services.election_of(make_decision(w))

    html = _client(w.alice).get(_url(election, "election", lang)).content.decode()

    assert _channels(html)[label] == "6"


def test_with_an_authority_the_page_points_to_the_letters_and_the_booth_for_them(
    w: World, tmp_path: Path
) -> None:
    election = services.election_of(make_decision(w))
    authority = with_an_authority(w, election, tmp_path)

    html = _client(w.g.personas.bob).get(_url(election, "election")).content.decode()
    authority_page = _client(authority).get(_url(election, "authority")).content.decode()

    assert _channels(html)["By email"] == "4"
    assert "The credential authority prints a letter for each voter" in html
    command = re.search(
        r"<pre><code>(intercoop-credentials letters .*?)</code></pre>", authority_page
    )
    assert command is not None, authority_page
    argv = shlex.split(command[1].replace("&#x27;", "'").replace("&quot;", '"'))
    assert argv[argv.index("--booth-url") + 1] == "http://testserver" + _url(
        election, "letter_booth"
    )
    assert argv[argv.index("--title") + 1] == election.decision.title
    assert argv[argv.index("--language") + 1] == "en"
    assert "6 voters have no email address" in authority_page


def test_once_open_without_an_authority_the_page_says_the_letter_voters_cannot_vote(
    w: World, tmp_path: Path
) -> None:
    election = services.election_of(make_decision(w))
    services.trustees_setup(
        election=election, by=w.alice, users=[w.alice, w.g.personas.bob], threshold=2
    )
    ceremony(election, [w.alice, w.g.personas.bob], tmp_path)
    mail.outbox.clear()
    services.election_open(election=election, by=w.alice)
    # a trustee of a vote not yet published uses a second factor
    Authenticator.objects.create(user=w.alice, type=Authenticator.Type.TOTP, data={"secret": "x"})

    html = _client(w.alice).get(_url(election, "election")).content.decode()

    assert len(mail.outbox) == 4
    assert _channels(html) == {
        "Voters": "10",
        "By email": "4",
        "Need a printed letter (no account with an email address)": "6",
    }
    assert "These voters cannot vote online in this vote" in html

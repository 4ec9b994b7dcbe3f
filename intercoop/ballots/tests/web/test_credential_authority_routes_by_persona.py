"""The credential authority's page and voter list: only the election's authority (with a second
factor) sees them; the co-op's board, its members, another co-op's members and anonymous
visitors get nothing, and change nothing; once the vote opens, the credentials are fixed.

The booth for credential letters is public: whoever holds a letter's code votes there, signed
in or not, and the ballot counts for the letter's member."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from intercoop.accounts.models import User
from intercoop.ballots import selectors, services
from intercoop.ballots.models import BoardEntry, Credential, Election
from intercoop.ballots.tests.web.conftest import World, ceremony, make_decision
from intercoop.ballots.tests.web.letters import (
    authority_makes,
    authority_prints,
    seal,
    some_with_an_account,
    with_an_authority,
)
from intercoop.governance.models import Participation
from intercoop.governance.tests.conftest import Governance
from intercoop_tools import credentials

pytestmark = pytest.mark.django_db


def _url(election: Election, route: str) -> str:
    return reverse(
        f"ballots:{route}", args=[election.decision.organization.slug, election.decision_id]
    )


def _keys(election: Election, tmp: Path) -> bytes:
    voters, keys, codes = tmp / "voters.json", tmp / "keys.json", tmp / "codes.csv"
    voters.write_text(json.dumps(selectors.authority_voters_file(election)))
    assert credentials.main(["make", str(voters), "--keys", str(keys), "--codes", str(codes)]) == 0
    return keys.read_bytes()


def _state(election: Election) -> list[Any]:
    election.refresh_from_db()
    return [
        election.state,
        election.authority_keys,
        election.authority_voters_hash,
        Credential.objects.filter(election=election).count(),
    ]


@pytest.fixture
def ready(world: World, tmp_path: Path) -> tuple[Election, User]:
    carol = world.voters[world.g.members[3].pk]
    decision = make_decision(world)
    election = services.election_of(decision)
    trustees = [world.alice, world.g.personas.bob]
    services.trustees_setup(
        election=election, by=world.alice, users=trustees, threshold=2, authority=carol
    )
    ceremony(election, trustees, tmp_path)
    for user in (carol, world.alice, world.g.personas.bob):  # trustees and authority use MFA
        Authenticator.objects.get_or_create(
            user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}}
        )
    return election, carol


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "expected"),
    [("carol", 200), ("alice", 404), ("bob", 404), ("charlie", 403), ("anonymous", 302)],
)
def test_only_the_authority_gets_the_page_and_the_voters(
    world: World, ready: tuple[Election, User], tmp_path: Path, who: str, expected: int
) -> None:
    election, carol = ready
    user = {"carol": carol, "anonymous": None}.get(who) or getattr(world.g.personas, who, None)
    client = _client(user)
    before = _state(election)
    for route in ("authority", "authority_voters"):
        response = client.get(_url(election, route))
        assert response.status_code == expected, (route, response.status_code)
    upload = {"file": SimpleUploadedFile("keys.json", _keys(election, tmp_path))}
    posted = client.post(_url(election, "authority"), upload)
    assert posted.status_code == (302 if who == "carol" else expected)
    if who == "carol":
        assert _state(election)[1] is not None  # handed in
        voters = json.loads(client.get(_url(election, "authority_voters")).content)
        assert [v["voter"] for v in voters["voters"]] == sorted(m.pk for m in world.g.members)
    else:
        assert _state(election) == before
    if who == "anonymous":
        assert posted["Location"].startswith("/en/accounts/login/?next=")


def test_the_upload_needs_the_csrf_token(ready: tuple[Election, User], tmp_path: Path) -> None:
    election, carol = ready
    client = Client(enforce_csrf_checks=True)
    client.force_login(carol)
    before = _state(election)
    upload = {"file": SimpleUploadedFile("keys.json", _keys(election, tmp_path))}
    assert client.post(_url(election, "authority"), upload).status_code == 403
    assert _state(election) == before


def test_the_authority_must_use_a_second_factor(ready: tuple[Election, User]) -> None:
    election, carol = ready
    Authenticator.objects.filter(user=carol).delete()
    response = _client(carol).get(_url(election, "authority"))
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"


def test_once_open_the_credentials_are_fixed(
    world: World, ready: tuple[Election, User], tmp_path: Path
) -> None:
    election, carol = ready
    services.authority_keys_submit(election=election, by=carol, data=_keys(election, tmp_path))
    services.election_open(election=election, by=world.alice)
    before = _state(election)
    client = _client(carol)
    assert client.get(_url(election, "authority_voters")).status_code == 404
    later = tmp_path / "later"
    later.mkdir()
    upload = {"file": SimpleUploadedFile("keys.json", b"{}")}
    response = client.post(_url(election, "authority"), upload)
    assert response.status_code == 409
    assert "The vote has opened: its credentials are fixed." in response.content.decode()
    assert _state(election) == before


# --- the booth for credential letters: public, the code on the letter is what counts -----------


@pytest.fixture
def letters_open(governance: Governance, tmp_path: Path) -> tuple[World, Election, dict[int, str]]:
    """An open vote whose authority printed letters for the six members without an account."""
    w = some_with_an_account(governance)
    election = services.election_of(make_decision(w))
    authority = with_an_authority(w, election, tmp_path)
    made = authority_makes(election, tmp_path / "authority")
    letters = authority_prints(made, "https://vote.example.org/")
    services.authority_keys_submit(election=election, by=authority, data=made.keys.read_bytes())
    services.election_open(election=election, by=w.alice)
    election.refresh_from_db()
    return w, election, {voter: code for voter, (code, _url) in letters.items()}


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "anonymous"])
def test_anyone_with_a_letter_votes_in_the_booth_for_letters(
    letters_open: tuple[World, Election, dict[int, str]], who: str
) -> None:
    w, election, codes = letters_open
    client = _client(None if who == "anonymous" else getattr(w.g.personas, who))
    member, code = next(iter(codes.items()))

    page = client.get(_url(election, "letter_booth"))
    posted = client.post(
        _url(election, "letter_booth_cast"), {"ballot": seal(election, code, [0, 1])}
    )

    assert page.status_code == 200
    assert posted.status_code == 302
    # the ballot counts for the letter's member, whoever is signed in
    entry = BoardEntry.objects.get(election=election)
    assert entry.credential == Credential.objects.get(election=election, member=member).public_key
    assert Participation.objects.get(decision=election.decision).cast_by is None


def test_the_booth_for_letters_needs_the_csrf_token(
    letters_open: tuple[World, Election, dict[int, str]],
) -> None:
    _w, election, codes = letters_open
    ballot = seal(election, next(iter(codes.values())), [0, 1])

    response = Client(enforce_csrf_checks=True).post(
        _url(election, "letter_booth_cast"), {"ballot": ballot}
    )

    assert response.status_code == 403
    assert not BoardEntry.objects.filter(election=election).exists()

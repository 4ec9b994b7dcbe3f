"""A member without an account votes with the credential letter the credential authority printed
with ``intercoop-credentials letters``: the authority prints one letter for each voter without an
email address, each with the address of the booth for letters; there, without signing in, the
voter casts a ballot signed with the code on their letter, and it counts for them. A credential
of a member who has an account is refused there (they sign in), and so is a code not on the roll;
a vote without a credential authority has no such booth (the server made, and forgot, the codes
of the members it could not email)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from intercoop.ballots import services
from intercoop.ballots.models import BoardEntry, Credential, Election
from intercoop.ballots.tests.web.conftest import World, ceremony, make_decision
from intercoop.ballots.tests.web.letters import (
    authority_makes,
    authority_prints,
    seal,
    some_with_an_account,
    with_an_authority,
)
from intercoop.governance.models import AuditEntry, Participation
from intercoop.governance.tests.conftest import Governance
from intercoop_tools.credentials import credential_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(governance: Governance) -> World:
    return some_with_an_account(governance)


def _url(election: Election, route: str) -> str:
    return reverse(f"ballots:{route}", args=["coop-a", election.decision_id])


def _opened_with_letters(w: World, tmp_path: Path) -> tuple[Election, dict[int, tuple[str, str]]]:
    election = services.election_of(make_decision(w))
    authority = with_an_authority(w, election, tmp_path)
    made = authority_makes(election, tmp_path / "authority")
    booth = "http://testserver" + _url(election, "letter_booth")
    letters = authority_prints(made, booth)
    services.authority_keys_submit(election=election, by=authority, data=made.keys.read_bytes())
    services.election_open(election=election, by=w.alice)
    election.refresh_from_db()
    return election, letters


def test_a_member_without_an_account_votes_with_their_letter(w: World, tmp_path: Path) -> None:
    election, letters = _opened_with_letters(w, tmp_path)
    without_account = [m for m in w.g.members if m.user_id is None]
    assert len(without_account) == 6
    # one letter for each of them, and for no one else; each pointing at the booth for letters
    assert sorted(letters) == sorted(m.pk for m in without_account)
    assert {url for _code, url in letters.values()} == {
        "http://testserver" + _url(election, "letter_booth")
    }
    member = without_account[0]
    code = letters[member.pk][0]

    anonymous = Client()
    page = anonymous.get(_url(election, "letter_booth"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="booth"' in html
    assert "the code on your letter" in html
    assert f'action="{_url(election, "letter_booth_cast")}"' in html
    assert "audit-form" not in html  # auditing is for signed-in voters

    response = anonymous.post(
        _url(election, "letter_booth_cast"), {"ballot": seal(election, code, [1, 0])}
    )

    assert response.status_code == 302
    entry = BoardEntry.objects.get(election=election)
    assert response["Location"] == f"{_url(election, 'board')}?tracker={entry.tracker}#lookup"
    assert entry.credential == Credential.objects.get(election=election, member=member).public_key
    participation = Participation.objects.get(decision=election.decision, member=member)
    assert participation.cast_by is None
    logged = AuditEntry.objects.filter(action="ballot.cast").get()
    assert logged.data == {"member": member.pk, "revote": False, "letter": True}


def test_the_booth_for_letters_refuses_the_credential_of_a_member_with_an_account(
    w: World, tmp_path: Path
) -> None:
    election, _letters = _opened_with_letters(w, tmp_path)
    codes = {}
    with (tmp_path / "authority" / "codes.csv").open(newline="") as f:
        codes = {row["email"]: row["code"] for row in csv.DictReader(f)}
    bob_code = codes[w.g.personas.bob.email]

    refused = Client().post(
        _url(election, "letter_booth_cast"), {"ballot": seal(election, bob_code, [1, 0])}
    )
    unknown = Client().post(
        _url(election, "letter_booth_cast"),
        {"ballot": seal(election, credential_code(bytes(32)), [1, 0])},
    )

    assert refused.status_code == 403
    assert "sign in" in refused.content.decode()
    assert unknown.status_code == 403
    assert "not on the roll of this vote" in unknown.content.decode()
    assert not BoardEntry.objects.filter(election=election).exists()
    assert not Participation.objects.filter(decision=election.decision).exists()
    # Bob, signed in, is led from the booth for letters to his own
    bob = Client()
    bob.force_login(w.g.personas.bob)
    assert _url(election, "booth") in bob.get(_url(election, "letter_booth")).content.decode()


def test_a_vote_without_a_credential_authority_has_no_booth_for_letters(
    w: World, tmp_path: Path
) -> None:
    election = services.election_of(make_decision(w))
    services.trustees_setup(
        election=election, by=w.alice, users=[w.alice, w.g.personas.bob], threshold=2
    )
    ceremony(election, [w.alice, w.g.personas.bob], tmp_path)
    mail.outbox.clear()
    services.election_open(election=election, by=w.alice)

    assert Client().get(_url(election, "letter_booth")).status_code == 404
    assert Client().post(_url(election, "letter_booth_cast"), {"ballot": "{}"}).status_code == 404

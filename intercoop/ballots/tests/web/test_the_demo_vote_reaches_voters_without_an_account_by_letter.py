"""Credential letters, on the demo: 24 of the open vote's 39 voters have no account with an email
address. The demo's open verifiable vote runs as a co-op would run it to reach them: a credential
authority (a member, not a trustee) makes the credentials with ``intercoop-credentials make`` on
their computer (played by the demo), hands in only the public keys, and prints a letter for each
voter without an account with ``intercoop-credentials letters``. ``intercoop demo`` writes the
letters to ``demo-credential-letters.html`` in the data directory (0600) and says where; each
letter's code is its voter's credential on the roll and votes in the booth for letters; Alice's
credential in ``demo-credentials.txt`` still votes in her booth; the election page counts both
channels; and no other copy of the codes is left behind."""

from __future__ import annotations

import io
import json
import re
import stat
from pathlib import Path

import nacl.signing
import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from intercoop.accounts.models import User
from intercoop.ballots import selectors, services
from intercoop.ballots.models import BoardEntry, Credential, Election
from intercoop.governance.models import RollEntry
from intercoop_tools.credentials import credential_seed
from intercoop_tools.crypto.ballot import ballot_encrypt
from intercoop_tools.record.manifest import Manifest

pytestmark = pytest.mark.django_db
PUBLIC_URL = "http://127.0.0.1:8110"
CODE = re.compile(r"Credential:\s+([A-Z2-7]{4}(?:-[A-Z2-7]{4}){12})")
LETTER = re.compile(
    r'<section class="letter" id="voter-(\d+)">.*?<p class="code">([^<]+)</p>.*?'
    r'<span class="url">([^<]+)</span>',
    re.DOTALL,
)


def _ballot(election: Election, code: str, choice: int) -> str:
    manifest = Manifest.from_json(election.manifest)
    signed = ballot_encrypt(
        choices=[[int(choice == 0), int(choice == 1)]],
        specs=manifest.description.specs(),
        public_key=manifest.ceremony.public_key,
        manifest_hash=manifest.hash(),
        credential=nacl.signing.SigningKey(credential_seed(code)),
    )
    return json.dumps(signed.to_json())


def _public_key(code: str) -> str:
    return nacl.signing.SigningKey(credential_seed(code)).verify_key.encode().hex()


def test_the_demo_vote_has_an_authority_and_a_letter_for_each_voter_without_an_account(
    tmp_path: Path,
) -> None:
    out = io.StringIO()
    with override_settings(DATA_DIR=tmp_path, PUBLIC_URL=PUBLIC_URL):
        call_command("demo", stdout=out)

    election = Election.objects.select_related("decision").get(state=Election.State.OPEN)
    decision = election.decision
    alice = User.objects.get(email="alice@demo.intercoop.coop")

    # A credential authority made the credentials: a member, neither a trustee nor the board.
    authority = election.credential_authority
    assert authority is not None
    assert authority != alice
    assert not election.trustees.filter(user=authority).exists()
    assert election.authority_keys  # handed in through the service, then the vote opened

    # The letters file: private, one letter per voter without an account with an email.
    letters_path = tmp_path / "demo-credential-letters.html"
    assert stat.S_IMODE(letters_path.stat().st_mode) == 0o600
    html = letters_path.read_text(encoding="utf-8")
    sections = html.count('<section class="letter"')
    letters = {int(voter): (code.strip(), url) for voter, code, url in LETTER.findall(html)}
    assert len(letters) == sections
    entries = RollEntry.objects.filter(decision=decision).select_related("voter")
    without = {e.member_id for e in entries if e.voter is None or not e.voter.email}
    with_email = {e.member_id for e in entries} - without
    assert without and with_email
    assert set(letters) == without

    # Each letter's code derives its voter's public key on the roll; the letter gives the
    # demo's booth for letters, from INTERCOOP_PUBLIC_URL.
    keys = {c.member_id: c.public_key for c in Credential.objects.filter(election=election)}
    booth_for_letters = PUBLIC_URL + reverse(
        "ballots:letter_booth", args=[decision.organization.slug, decision.pk]
    )
    for member, (code, url) in letters.items():
        assert _public_key(code) == keys[member], member
        assert url == booth_for_letters
    assert decision.title in html

    # make run says where the letters are, and how many.
    said = out.getvalue()
    assert f"{letters_path} (readable by you only)" in said
    assert f"for the {len(without)} members of Riverside Food Co-op without an account" in said

    # A letter's code votes without signing in, in the booth for letters...
    before = BoardEntry.objects.filter(election=election).count()
    member, (code, _) = next(iter(sorted(letters.items())))
    tracker = services.ballot_submit(election=election, by=None, data=_ballot(election, code, 0))
    assert selectors.find_tracker(election, tracker)["present"]
    # ...and Alice's credential from demo-credentials.txt votes in her own booth.
    text = (tmp_path / "demo-credentials.txt").read_text(encoding="utf-8")
    found = CODE.search(text)
    assert found, text
    alice_code = found.group(1)
    assert _public_key(alice_code) in {keys[e.member_id] for e in entries if e.voter_id == alice.pk}
    tracker = services.ballot_submit(
        election=election, by=alice, data=_ballot(election, alice_code, 1)
    )
    assert selectors.find_tracker(election, tracker)["present"]
    assert BoardEntry.objects.filter(election=election).count() == before + 2

    # The election page counts both channels and gives the booth for letters.
    client = Client()
    client.force_login(alice)
    page = client.get(
        reverse("ballots:election", args=[decision.organization.slug, decision.pk])
    ).content.decode()
    channels = re.search(r'<dl class="facts" id="channels">(.*?)</dl>', page, re.DOTALL)
    assert channels, page
    numbers = [int(n) for n in re.findall(r"<dd>(\d+)</dd>", channels.group(1))]
    assert numbers == [len(entries), len(with_email), len(without)]
    assert booth_for_letters.removeprefix(PUBLIC_URL) in page
    assert "cannot vote online" not in page

    # Only the two output files hold codes: the authority's working files (voters file, keys,
    # codes CSV) went with their temporary directory.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "demo-credential-letters.html",
        "demo-credentials.txt",
    ]


def test_a_second_run_keeps_the_letters_and_says_where_they_are(tmp_path: Path) -> None:
    with override_settings(DATA_DIR=tmp_path):
        call_command("demo", stdout=io.StringIO())
        path = tmp_path / "demo-credential-letters.html"
        first = path.read_bytes()
        out = io.StringIO()
        call_command("demo", stdout=out)

    assert path.read_bytes() == first
    assert f"{path} (readable by you only, written when the demo was first loaded)" in (
        out.getvalue()
    )

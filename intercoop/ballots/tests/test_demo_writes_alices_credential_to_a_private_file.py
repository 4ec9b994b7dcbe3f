"""The demo's credential for the open verifiable vote was printed once, then buried under the
server's logs. The demo also writes it to ``demo-credentials.txt`` in the data directory,
readable by its owner only, with what it is for and how to use it; the credential in the file
is Alice's on the election's roll, and a ballot signed with it goes on the board."""

from __future__ import annotations

import io
import json
import re
import stat
from pathlib import Path

import nacl.signing
import pytest
from django.core.management import call_command
from django.test import override_settings

from intercoop.accounts.models import User
from intercoop.ballots import selectors, services
from intercoop.ballots.models import Credential, Election
from intercoop_tools.credentials import credential_seed
from intercoop_tools.crypto.ballot import ballot_encrypt
from intercoop_tools.record.manifest import Manifest

pytestmark = pytest.mark.django_db
CODE = re.compile(r"Credential:\s+([A-Z2-7]{4}(?:-[A-Z2-7]{4}){12})")


def test_the_file_holds_alices_working_credential_and_how_to_use_it(tmp_path: Path) -> None:
    out = io.StringIO()

    with override_settings(DATA_DIR=tmp_path, PUBLIC_URL="http://127.0.0.1:8108"):
        call_command("demo", stdout=out)

    path = tmp_path / "demo-credentials.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    found = CODE.search(text)
    assert found, text
    code = found.group(1)
    assert code in out.getvalue()  # the same as printed
    assert f"{path} (readable by you only)" in out.getvalue()
    assert "alice@demo.intercoop.coop" in text and "cooperate-demo-2026" in text
    assert "http://127.0.0.1:8108/en/accounts/login/" in text
    open_election = Election.objects.get(state=Election.State.OPEN)
    booth = f"/en/orgs/riverside-food-coop/decisions/{open_election.decision_id}/election/booth/"
    assert f"http://127.0.0.1:8108{booth}" in text
    assert open_election.decision.title in text

    # the credential is Alice's on the roll of the open vote...
    key = nacl.signing.SigningKey(credential_seed(code))
    credential = Credential.objects.get(
        election=open_election, public_key=key.verify_key.encode().hex()
    )
    alice = User.objects.get(email="alice@demo.intercoop.coop")
    assert credential.member.voter == alice
    # ...and a ballot signed with it is accepted onto the board
    manifest = Manifest.from_json(open_election.manifest)
    signed = ballot_encrypt(
        choices=[[1, 0]],
        specs=manifest.description.specs(),
        public_key=manifest.ceremony.public_key,
        manifest_hash=manifest.hash(),
        credential=key,
    )
    tracker = services.ballot_submit(
        election=open_election, by=alice, data=json.dumps(signed.to_json())
    )
    assert selectors.find_tracker(open_election, tracker)["present"]


def test_a_second_run_keeps_the_file_and_says_where_it_is(tmp_path: Path) -> None:
    with override_settings(DATA_DIR=tmp_path):
        call_command("demo", stdout=io.StringIO())
        path = tmp_path / "demo-credentials.txt"
        first = path.read_text(encoding="utf-8")
        out = io.StringIO()
        call_command("demo", stdout=out)

    assert path.read_text(encoding="utf-8") == first
    assert f"see {path}, written when the demo was first loaded" in out.getvalue()


def test_an_older_file_with_wider_rights_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "demo-credentials.txt"
    path.write_text("old")
    path.chmod(0o644)

    with override_settings(DATA_DIR=tmp_path):
        call_command("demo", stdout=io.StringIO())

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert CODE.search(path.read_text(encoding="utf-8"))

"""``intercoop demo`` gives Riverside Food Co-op a published verifiable vote whose record the
independent verifier accepts, and an open one in which the credential the demo prints is
Alice's: a ballot signed with it goes on the board."""

from __future__ import annotations

import io
import json
import re

import nacl.signing
import pytest
from django.core.management import call_command

from intercoop.accounts.models import User
from intercoop.ballots import selectors, services
from intercoop.ballots.models import BoardEntry, Election
from intercoop_tools.credentials import credential_seed
from intercoop_tools.crypto.ballot import ballot_encrypt
from intercoop_tools.record.manifest import Manifest
from intercoop_tools.verify.record import verify_record

pytestmark = pytest.mark.django_db


def test_the_demo_elections() -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    printed = re.search(r"the credential ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){12})", out.getvalue())
    assert printed, out.getvalue()

    published = Election.objects.get(state=Election.State.PUBLISHED)
    report = verify_record(selectors.public_download(published, "record.json"))
    assert report.ok, report.lines()
    assert published.decision.result
    assert published.decision.result["winners"]
    assert published.tally is not None
    assert len(published.tally["trustees_present"]) == 2  # one trustee of three away

    open_election = Election.objects.get(state=Election.State.OPEN)
    before = BoardEntry.objects.filter(election=open_election).count()
    assert before == 7
    alice = User.objects.get(email="alice@demo.intercoop.coop")
    manifest = Manifest.from_json(open_election.manifest)
    signed = ballot_encrypt(
        choices=[[1, 0]],
        specs=manifest.description.specs(),
        public_key=manifest.ceremony.public_key,
        manifest_hash=manifest.hash(),
        credential=nacl.signing.SigningKey(credential_seed(printed.group(1))),
    )
    tracker = services.ballot_submit(
        election=open_election, by=alice, data=json.dumps(signed.to_json())
    )
    assert selectors.find_tracker(open_election, tracker)["present"]
    assert BoardEntry.objects.filter(election=open_election).count() == before + 1

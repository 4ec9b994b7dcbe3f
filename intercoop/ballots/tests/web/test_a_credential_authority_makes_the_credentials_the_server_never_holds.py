"""With a credential authority, the server never holds a voter's credential: the authority
downloads the voters, runs the real ``intercoop-credentials`` on their own files, sends the codes
and hands in the public keys; the vote opens with exactly those keys and sends no email; a voter
votes with the code from the authority's CSV. The opening is refused while the keys are missing
or made for another list of voters, and a keys file for the wrong voters is refused."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from intercoop.ballots import selectors, services
from intercoop.ballots.models import BoardEntry, Credential, Election
from intercoop.ballots.tests.web.conftest import World, cast, ceremony, make_decision
from intercoop.core.errors import ServiceError
from intercoop.governance.models import Member
from intercoop.testing.factories import MemberFactory
from intercoop_tools import credentials

pytestmark = pytest.mark.django_db


def _make(tmp: Path, election: Election, name: str) -> tuple[Path, dict[str, str]]:
    folder = tmp / name
    folder.mkdir()
    voters = folder / "voters.json"
    voters.write_text(json.dumps(selectors.authority_voters_file(election)))
    keys, codes = folder / "keys.json", folder / "codes.csv"
    assert credentials.main(["make", str(voters), "--keys", str(keys), "--codes", str(codes)]) == 0
    with codes.open(newline="") as f:
        by_email = {row["email"]: row["code"] for row in csv.DictReader(f)}
    return keys, by_email


def test_the_authority_makes_the_credentials(world: World, tmp_path: Path) -> None:
    w = world
    carol = w.voters[w.g.members[3].pk]  # a member who is neither a trustee nor the board
    decision = make_decision(w)
    election = services.election_of(decision)
    trustees = [w.alice, w.g.personas.bob]
    services.trustees_setup(
        election=election, by=w.alice, users=trustees, threshold=2, authority=carol
    )
    ceremony(election, trustees, tmp_path)

    # A name a spreadsheet would run as a formula reaches the authority's CSV as plain text.
    Member.objects.filter(pk=w.g.members[4].pk).update(name='=HYPERLINK("http://x","y")')
    listed = {v["voter"]: v for v in selectors.authority_voters_file(election)["voters"]}
    assert listed[w.g.members[4].pk]["name"] == '\'=HYPERLINK("http://x","y")'

    # Without the keys, the vote cannot open.
    with pytest.raises(ServiceError) as missing:
        services.election_open(election=election, by=w.alice)
    assert missing.value.code == "no_credentials"

    # Only the authority hands them in; a file for other voters is refused.
    keys, codes = _make(tmp_path, election, "first")
    with pytest.raises(ServiceError):
        services.authority_keys_submit(election=election, by=w.alice, data=keys.read_bytes())
    wrong = json.loads(keys.read_text())
    wrong["credentials"] = wrong["credentials"][1:]
    with pytest.raises(ServiceError) as refused:
        services.authority_keys_submit(election=election, by=carol, data=json.dumps(wrong).encode())
    assert refused.value.code == "refused"
    services.authority_keys_submit(election=election, by=carol, data=keys.read_bytes())

    # A member joins the roll afterwards: those keys no longer fit, nothing opens.
    newcomer = MemberFactory.create(
        organization=w.g.personas.coop_a, category="user", joined_on=w.g.members[0].joined_on
    )
    with pytest.raises(ServiceError) as changed:
        services.election_open(election=election, by=w.alice)
    assert changed.value.code == "roll_changed"
    election.refresh_from_db()
    assert election.state == Election.State.READY
    Member.objects.filter(pk=newcomer.pk).delete()

    # With the keys for this roll, it opens: no email, exactly the authority's keys.
    keys, codes = _make(tmp_path, election, "second")
    services.authority_keys_submit(election=election, by=carol, data=keys.read_bytes())
    mail.outbox.clear()
    services.election_open(election=election, by=w.alice)
    election.refresh_from_db()
    assert election.state == Election.State.OPEN
    assert not [m for m in mail.outbox if "credential" in m.subject.lower()]
    handed = {c["credential"] for c in json.loads(keys.read_text())["credentials"]}
    assert (
        set(Credential.objects.filter(election=election).values_list("public_key", flat=True))
        == handed
    )
    manifest: dict[str, Any] = election.manifest or {}
    assert {c["credential"] for c in manifest["roll"]["credentials"]} == handed

    # A voter votes with the code the authority sent them; the server never saw it.
    tracker, _ = cast(election, w.g.personas.bob, codes[w.g.personas.bob.email], [1, 0])
    assert BoardEntry.objects.filter(election=election, tracker=tracker).exists()
    stored = json.dumps([election.manifest, election.authority_keys], default=str)
    for code in codes.values():
        assert credentials.credential_seed(code).hex() not in stored

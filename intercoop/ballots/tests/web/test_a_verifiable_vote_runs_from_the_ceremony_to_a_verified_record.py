"""A verifiable yes/no vote through the services, with the real trustee command on files: three
trustees (threshold two) run the key ceremony, the vote opens and emails each voter a credential,
the members vote (one revotes, one audits a ballot), the vote closes, two trustees decrypt (the
third is absent), and the published record passes the independent verifier with the counts
the voters cast; the supporters' college, with too few ballots, is withheld."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from intercoop.ballots import selectors, services
from intercoop.ballots.models import AuditedBallot, BoardEntry, Credential, Election
from intercoop.ballots.tests.web.conftest import (
    World,
    cast,
    ceremony,
    credentials_from_mail,
    decrypt,
    make_decision,
)
from intercoop.core.errors import ServiceError
from intercoop.governance.models import Decision, Participation
from intercoop_tools.credentials import credential_seed
from intercoop_tools.crypto.ballot import ballot_encrypt_with_opening
from intercoop_tools.record.manifest import Manifest
from intercoop_tools.verify.record import verify_record

pytestmark = pytest.mark.django_db

YES, NO = [1, 0], [0, 1]


def test_the_whole_election(world: World, tmp_path: Path) -> None:
    w = world
    w.g.rules.min_college_ballots_to_publish = 3
    w.g.rules.save()
    decision = make_decision(w)
    election = services.election_of(decision)
    trustees = [w.alice, w.g.personas.bob, w.voters[w.g.members[2].pk]]
    services.trustees_setup(election=election, by=w.alice, users=trustees, threshold=2)
    secrets = ceremony(election, trustees, tmp_path)
    election.refresh_from_db()
    assert election.state == Election.State.READY

    mail.outbox.clear()
    services.election_open(election=election, by=w.alice)
    election.refresh_from_db()
    codes = credentials_from_mail()
    assert len(codes) == len(w.g.members) == Credential.objects.filter(election=election).count()
    # The server keeps only the public keys: no code appears anywhere in the stored election.
    stored = json.dumps(election.manifest) + json.dumps(list(Credential.objects.values()))
    for code in codes.values():
        assert credential_seed(code).hex() not in stored

    # Workers (3 members): all yes. Users (4): 1 yes, 3 no — one of them first voted yes, then
    # changed to no. Supporters (3): only 2 vote, below the minimum of 3: withheld.
    colleges = {
        "worker": "workers",
        "user": "users",
        "supporting": "supporters",
        "community": "supporters",
    }
    votes: dict[str, list[list[int]]] = {"workers": [], "users": [], "supporters": []}
    users_seen = 0
    supporters_seen = 0
    revoter = None
    for member in w.g.members:
        user = w.voters[member.pk]
        college = colleges[member.category]
        if college == "supporters":
            supporters_seen += 1
            if supporters_seen > 2:
                continue
            choice = YES
        elif college == "users":
            users_seen += 1
            choice = YES if users_seen == 1 else NO
            if users_seen == 2:
                revoter = (user, member)
                cast(election, user, codes[user.email], YES)  # first ballot, replaced below
        else:
            choice = YES
        cast(election, user, codes[user.email], choice)
        votes[college].append(choice)
    assert revoter is not None

    # A double submit of the same ballot puts nothing new on the board.
    entries = BoardEntry.objects.filter(election=election).count()
    last = BoardEntry.objects.filter(election=election).order_by("index").last()
    assert last is not None
    again = services.ballot_submit(
        election=election, by=w.voters[w.g.members[-2].pk], data=json.dumps(last.ballot)
    )
    assert again == last.tracker
    assert BoardEntry.objects.filter(election=election).count() == entries

    # Someone else's credential is refused, and a ballot altered in transit does not verify.
    alice_code = codes[w.alice.email]
    with pytest.raises(ServiceError) as refused:
        cast(election, w.g.personas.bob, alice_code, NO)
    assert refused.value.code == "wrong_credential"
    tampered = dict(last.ballot)
    tampered["signature"] = "00" * 64
    with pytest.raises(ServiceError) as bad:
        services.ballot_submit(
            election=election, by=w.voters[w.g.members[-2].pk], data=json.dumps(tampered)
        )
    assert bad.value.code in ("invalid_ballot", "malformed")

    # An audited ballot: checked by the server, published, never on the board.
    manifest = Manifest.from_json(election.manifest)
    import nacl.signing

    signed, opening = ballot_encrypt_with_opening(
        choices=[NO],
        specs=manifest.description.specs(),
        public_key=manifest.ceremony.public_key,
        manifest_hash=manifest.hash(),
        credential=nacl.signing.SigningKey(credential_seed(alice_code)),
    )
    audited = services.audit_submit(
        election=election,
        by=w.alice,
        ballot=json.dumps(signed.ballot.to_json()),
        opening=json.dumps(opening.to_json()),
    )
    assert audited.choices == [NO]
    assert AuditedBallot.objects.filter(election=election).count() == 1
    lie = opening.to_json()
    lie["choices"] = [YES]
    with pytest.raises(ServiceError) as caught:
        services.audit_submit(
            election=election,
            by=w.alice,
            ballot=json.dumps(signed.ballot.to_json()),
            opening=json.dumps(lie),
        )
    assert caught.value.code == "audit_failed"

    # Each voter finds their tracker; the revoter's first ballot is marked replaced.
    found = selectors.find_tracker(
        election, BoardEntry.objects.get(election=election, index=0).tracker
    )
    assert found["present"]

    services.election_close(election=election, by=w.alice)
    election.refresh_from_db()
    assert election.state == Election.State.DECRYPTING
    # Only one trustee decrypts: too few to publish.
    decrypt(election, trustees[0], secrets[1], tmp_path)
    with pytest.raises(ServiceError) as few:
        services.election_publish(election=election, by=w.alice)
    assert few.value.code == "too_few_trustees"
    decrypt(election, trustees[2], secrets[3], tmp_path)  # trustee 2 (Bob) is absent
    services.election_publish(election=election, by=w.alice)
    election.refresh_from_db()
    assert election.state == Election.State.PUBLISHED

    record = selectors.public_download(election, "record.json")
    report = verify_record(record)
    assert report.ok, report.lines()
    tally_json: dict[str, Any] = election.tally or {}
    tally = {c["college"]: c for c in tally_json["colleges"]}
    assert tally["supporters"]["withheld"] is True
    assert [s["count"] for s in tally["workers"]["questions"][0]] == [3, 0]
    assert [s["count"] for s in tally["users"]["questions"][0]] == [1, 3]
    assert tally_json["trustees_present"] == [1, 3]

    # Weighted in the open: workers 40 % x 3/3 and users 40 % x 1/4, over the published 80 %.
    decision.refresh_from_db()
    result: dict[str, Any] = decision.result or {}
    assert decision.state == Decision.State.CLOSED
    assert Fraction(result["scores"]["yes"]) == (
        Fraction(2, 5) * 1 + Fraction(2, 5) * Fraction(1, 4)
    ) / Fraction(4, 5)
    assert result["adopted"] is True
    assert result["withheld"] == ["supporters"]
    assert Participation.objects.filter(decision=decision).count() == 9
    assert Participation.objects.get(decision=decision, member=revoter[1]).revotes == 1

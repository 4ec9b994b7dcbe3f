"""Casting stops at the credential's rate (revoting allowed or not, and whether a ballot comes
from a signed-in voter or from a credential letter): the booth answers 429 with
``Retry-After``, and another voter's credential is not affected."""

from __future__ import annotations

import json
from pathlib import Path

import nacl.signing
from django.conf import LazySettings
from django.core import mail
from django.test import Client
from django.urls import reverse

from intercoop.ballots import services
from intercoop.ballots.models import BoardEntry
from intercoop.ballots.tests.web.conftest import (
    World,
    ceremony,
    credentials_from_mail,
    make_decision,
)
from intercoop.env import Rate
from intercoop_tools.credentials import credential_seed
from intercoop_tools.crypto.ballot import ballot_encrypt
from intercoop_tools.record.manifest import Manifest


def _ballot(election: services.Election, code: str, choice: list[int]) -> str:
    election.refresh_from_db()
    manifest = Manifest.from_json(election.manifest)
    signed = ballot_encrypt(
        choices=[choice],
        specs=manifest.description.specs(),
        public_key=manifest.ceremony.public_key,
        manifest_hash=manifest.hash(),
        credential=nacl.signing.SigningKey(credential_seed(code)),
    )
    return json.dumps(signed.to_json())


def test_the_cast_after_the_limit_is_a_429_in_the_booth(
    world: World, tmp_path: Path, settings: LazySettings
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ballot_cast": Rate(2, 3600)}
    w = world
    decision = make_decision(w, allow_revote=True)
    election = services.election_of(decision)
    trustees = [w.alice, w.g.personas.bob]
    services.trustees_setup(election=election, by=w.alice, users=trustees, threshold=2)
    ceremony(election, trustees, tmp_path)
    mail.outbox.clear()
    services.election_open(election=election, by=w.alice)
    codes = credentials_from_mail()
    cast_url = reverse("ballots:booth_cast", args=["coop-a", decision.pk])

    # Two voters who are not trustees (trustees must set up two-factor authentication first)
    one, two = [u for u in w.voters.values() if u not in trustees][:2]
    voter = Client()
    voter.force_login(one)
    board = reverse("ballots:board", args=["coop-a", decision.pk])
    for choice in ([1, 0], [0, 1]):
        response = voter.post(cast_url, {"ballot": _ballot(election, codes[one.email], choice)})
        assert response.status_code == 302
        assert response["Location"].startswith(board)
    # A third ballot with the same credential, within the hour
    response = voter.post(cast_url, {"ballot": _ballot(election, codes[one.email], [1, 0])})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert BoardEntry.objects.filter(election=election).count() == 2
    # Another voter's credential is not affected
    other = Client()
    other.force_login(two)
    response = other.post(cast_url, {"ballot": _ballot(election, codes[two.email], [1, 0])})
    assert response.status_code == 302
    assert BoardEntry.objects.filter(election=election).count() == 3

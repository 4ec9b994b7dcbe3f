"""The credentials go out by email when the vote opens, and are kept nowhere. If the mail server
cannot be reached, the opening is refused as a whole: the decision stays a draft, no credential
is on any roll, and the board can open it again once email works."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings

from intercoop.ballots import services
from intercoop.ballots.models import Credential, Election
from intercoop.ballots.tests.web.conftest import (
    World,
    ceremony,
    credentials_from_mail,
    make_decision,
)
from intercoop.core.errors import ServiceError
from intercoop.governance.models import Decision, Participation, RollEntry

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    """A local port nothing listens on: a real SMTP connection to it is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_mail_server_opens_nothing(world: World, tmp_path: Path) -> None:
    decision = make_decision(world)
    election = services.election_of(decision)
    trustees = [world.alice, world.g.personas.bob]
    services.trustees_setup(election=election, by=world.alice, users=trustees, threshold=2)
    ceremony(election, trustees, tmp_path)

    with (
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=_closed_port(),
            EMAIL_TIMEOUT=2,
        ),
        pytest.raises(ServiceError) as refused,
    ):
        services.election_open(election=election, by=world.alice)
    assert refused.value.code == "email_failed"

    election.refresh_from_db()
    decision.refresh_from_db()
    assert election.state == Election.State.READY
    assert not election.manifest
    assert decision.state == Decision.State.DRAFT
    assert not Credential.objects.filter(election=election).exists()
    assert not RollEntry.objects.filter(decision=decision).exists()
    assert not Participation.objects.filter(decision=decision).exists()

    # With email working, it opens, and the credentials sent now are the ones on the roll.
    mail.outbox.clear()
    services.election_open(election=election, by=world.alice)
    election.refresh_from_db()
    assert election.state == Election.State.OPEN
    assert len(credentials_from_mail()) == Credential.objects.filter(election=election).count()

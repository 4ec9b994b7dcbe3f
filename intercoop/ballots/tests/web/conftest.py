"""A co-op with three weighted colleges (the governance world), every member with an account,
and helpers that play the trustees with the real ``intercoop-trustee`` command (its ``main``)
on files, as a trustee does on their own computer."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nacl.signing
import pytest
from django.core import mail
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.ballots import selectors, services
from intercoop.ballots.models import Election
from intercoop.governance.models import Decision, Member
from intercoop.governance.services import decisions
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.conftest import governance as governance
from intercoop.organizations.models import Role
from intercoop.testing.factories import RoleFactory, UserFactory
from intercoop_tools.credentials import credential_seed
from intercoop_tools.crypto.ballot import SignedBallot, ballot_encrypt
from intercoop_tools.record.manifest import Manifest
from intercoop_tools.trustee import cli as trustee_cli

CODE = re.compile(r"^\s+([A-Z2-7]{4}(?:-[A-Z2-7]{4}){12})\s*$", re.MULTILINE)


@dataclass
class World:
    g: Governance
    voters: dict[int, User]  # member id -> their account

    @property
    def alice(self) -> User:
        return self.g.personas.alice


@pytest.fixture
def world(governance: Governance) -> World:
    return make_world(governance)


def make_world(governance: Governance) -> World:
    """Every member of co-op A with an account: the ``world`` fixture, and the worlds built
    once per module (``intercoop.testing.shared_world``)."""
    voters: dict[int, User] = {}
    for i, member in enumerate(governance.members):
        if member.user is None:
            user = UserFactory.create(email=f"voter{i}@example.org", name=f"Voter {i}")
            RoleFactory.create(
                organization=governance.personas.coop_a, user=user, role=Role.Name.MEMBER
            )
            member.user = user
            member.save(update_fields=["user"])
        voters[member.pk] = member.user
    return World(governance, voters)


def make_decision(
    w: World,
    *,
    method: str = Decision.Method.YES_NO,
    options: list[str] | None = None,
    allow_revote: bool = True,
) -> Decision:
    return decisions.decision_create(
        organization=w.g.personas.coop_a,
        by=w.alice,
        title="Join the regional energy federation",
        language="en",
        method=method,
        options=options or [],
        secrecy=Decision.Secrecy.VERIFIABLE,
        allow_revote=allow_revote,
        record_date=timezone.localdate(),
    )


def run(argv: list[str]) -> None:
    assert trustee_cli.main(argv) == 0, argv


def _write(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value))
    return path


def ceremony(election: Election, trustees: list[User], tmp: Path) -> dict[int, Path]:
    """Every trustee runs the three steps of the ceremony; returns each one's secret file."""
    election.refresh_from_db()
    secrets: dict[int, Path] = {}
    rows = {t.user_id: t for t in election.trustees.all()}
    for user in trustees:
        t = rows[user.pk]
        folder = tmp / f"trustee-{t.index}"
        folder.mkdir()
        secrets[t.index] = folder / "secret.json"
        description = _write(
            folder / "description.json", selectors.trustee_download(election, t, "description.json")
        )
        run(
            [
                "start",
                str(description),
                "--secret",
                str(secrets[t.index]),
                "--out",
                str(folder / "commitment.json"),
            ]
        )
        services.commitment_submit(
            election=election, by=user, data=(folder / "commitment.json").read_bytes()
        )
    for user in trustees:
        t = rows[user.pk]
        folder = tmp / f"trustee-{t.index}"
        t.refresh_from_db()
        commitments = _write(
            folder / "commitments.json", selectors.trustee_download(election, t, "commitments.json")
        )
        run(
            [
                "shares",
                str(commitments),
                "--secret",
                str(secrets[t.index]),
                "--out",
                str(folder / "shares.json"),
            ]
        )
        services.shares_submit(
            election=election, by=user, data=(folder / "shares.json").read_bytes()
        )
    for user in trustees:
        t = rows[user.pk]
        t.refresh_from_db()
        folder = tmp / f"trustee-{t.index}"
        shares = _write(
            folder / "shares-for-you.json",
            selectors.trustee_download(election, t, "shares-for-you.json"),
        )
        run(
            [
                "finish",
                str(shares),
                "--secret",
                str(secrets[t.index]),
                "--out",
                str(folder / "confirmation.json"),
            ]
        )
        services.confirmation_submit(
            election=election, by=user, data=(folder / "confirmation.json").read_bytes()
        )
    return secrets


def decrypt(election: Election, user: User, secret: Path, tmp: Path) -> None:
    election.refresh_from_db()
    t = election.trustees.get(user=user)
    folder = secret.parent
    tally = _write(folder / "tally.json", selectors.trustee_download(election, t, "tally.json"))
    board = _write(folder / "board.json", selectors.trustee_download(election, t, "board.json"))
    run(
        [
            "decrypt",
            str(tally),
            "--board",
            str(board),
            "--secret",
            str(secret),
            "--out",
            str(folder / "decryption.json"),
        ]
    )
    services.decryption_submit(
        election=election, by=user, data=(folder / "decryption.json").read_bytes()
    )


def credentials_from_mail() -> dict[str, str]:
    """Each voter's credential code, from the emails the opening sent (address -> code)."""
    out = {}
    for message in mail.outbox:
        found = CODE.search(str(message.body))
        if found:
            out[message.to[0]] = found.group(1)
    return out


def cast(election: Election, user: User, code: str, choice: list[int]) -> tuple[str, SignedBallot]:
    """A voter's ballot, encrypted and signed as the booth does (the Python implementation)."""
    election.refresh_from_db()
    manifest = Manifest.from_json(election.manifest)
    signed = ballot_encrypt(
        choices=[choice],
        specs=manifest.description.specs(),
        public_key=manifest.ceremony.public_key,
        manifest_hash=manifest.hash(),
        credential=nacl.signing.SigningKey(credential_seed(code)),
    )
    tracker = services.ballot_submit(election=election, by=user, data=json.dumps(signed.to_json()))
    return tracker, signed


def member_of(w: World, user: User) -> Member:
    return next(m for m in w.g.members if m.user_id == user.pk)

"""Shared by the credential-letter tests (this module holds no test): co-op A's register where
only some members have an account, and the credential authority running the real
``intercoop-credentials make`` and ``letters`` on their own files."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import nacl.signing
from allauth.mfa.models import Authenticator

from intercoop.accounts.models import User
from intercoop.ballots import selectors, services
from intercoop.ballots.models import Election
from intercoop.ballots.tests.web.conftest import World, ceremony
from intercoop.governance.tests.conftest import Governance
from intercoop.organizations.models import Role
from intercoop.testing.factories import RoleFactory, UserFactory
from intercoop_tools import credentials
from intercoop_tools.credentials import credential_seed
from intercoop_tools.crypto.ballot import ballot_encrypt
from intercoop_tools.record.manifest import Manifest

LETTER = re.compile(
    r'<section class="letter" id="voter-(\d+)">.*?<p class="code">([A-Z2-7-]+)</p>'
    r'.*?<span class="url">(.*?)</span>.*?</section>',
    re.S,
)


def some_with_an_account(governance: Governance) -> World:
    """Alice, Bob and two more members have an account (with an email address); the six
    others have none, as most of the demo's voters."""
    voters: dict[int, User] = {}
    for i, member in enumerate(governance.members[:4]):
        if member.user is None:
            user = UserFactory.create(email=f"voter{i}@example.org", name=f"Voter {i}")
            RoleFactory.create(
                organization=governance.personas.coop_a, user=user, role=Role.Name.MEMBER
            )
            member.user = user
            member.save(update_fields=["user"])
        voters[member.pk] = member.user
    return World(governance, voters)


@dataclass
class Made:
    folder: Path
    voters: Path
    keys: Path
    codes: Path


def with_an_authority(w: World, election: Election, tmp: Path) -> User:
    """Alice and Bob are the trustees, the fourth member the credential authority (all with a
    second factor); the key ceremony is run."""
    authority = w.voters[w.g.members[3].pk]
    trustees = [w.alice, w.g.personas.bob]
    services.trustees_setup(
        election=election, by=w.alice, users=trustees, threshold=2, authority=authority
    )
    ceremony(election, trustees, tmp)
    for user in (authority, *trustees):
        Authenticator.objects.get_or_create(
            user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}}
        )
    return authority


def authority_makes(election: Election, folder: Path) -> Made:
    folder.mkdir()
    made = Made(folder, folder / "voters.json", folder / "keys.json", folder / "codes.csv")
    made.voters.write_text(json.dumps(selectors.authority_voters_file(election)))
    argv = ["make", made.voters, "--keys", made.keys, "--codes", made.codes]
    assert credentials.main([str(a) for a in argv]) == 0
    return made


def authority_prints(made: Made, booth_url: str, *extra: str) -> dict[int, tuple[str, str]]:
    """Runs ``letters``; returns each letter's voter -> (code, booth address)."""
    out = made.folder / "letters.html"
    argv = ["letters", made.voters, "--keys", made.keys, "--codes", made.codes, "--out", out]
    assert credentials.main([*map(str, argv), "--booth-url", booth_url, *extra]) == 0
    return {int(v): (code, unescape(url)) for v, code, url in LETTER.findall(out.read_text())}


def seal(election: Election, code: str, choice: list[int]) -> str:
    """A ballot encrypted and signed with ``code``, as the booth sends it."""
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

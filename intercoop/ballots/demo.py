"""Verifiable-ballot demo data, loaded by ``intercoop demo`` after the governance demo.

Riverside Food Co-op gets two verifiable votes, run through the services exactly as in
production, with the trustees' side played by the ``intercoop-trustee`` steps in this process
(in a real election each trustee runs them on their own computer):

* an approval vote on the 2027 community projects, published: its fifteen voters voted in the
  three weighted colleges, two of the three trustees decrypted the tally, and its bulletin board
  and record are public;
* a yes/no vote on joining a regional energy federation, open, with an independent credential
  authority (Ingrid Larsen), as a co-op would run it so that the server never sees a code. The
  authority's computer is played by a temporary directory: the demo downloads the voters file,
  runs ``intercoop-credentials make`` there, hands in the public keys file through the
  authority's service, then prints the credential letters of the members without an account
  with ``intercoop-credentials letters``. The codes CSV is destroyed with the directory; only
  Alice's code (returned, written by ``intercoop demo`` to ``var/demo-credentials.txt``) and the
  letters file survive, as the codes a real authority sends by email and on paper.

The trustees' secrets are dropped when the demo is loaded: the open vote's tally can never be
decrypted, which is what a demo needs and no more.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import nacl.signing
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from intercoop.accounts.models import User
from intercoop.ballots import selectors, services
from intercoop.ballots.models import Election
from intercoop.governance.demo import RIVERSIDE, VOTERS, _address, _emails_held_back
from intercoop.governance.models import Decision, Member
from intercoop.governance.services import decisions as decision_services
from intercoop.organizations.models import Organization
from intercoop_tools import credentials as authority_tool
from intercoop_tools.credentials import credential_seed
from intercoop_tools.crypto.ballot import ballot_encrypt
from intercoop_tools.record.manifest import Description, Manifest
from intercoop_tools.trustee.board import parse_board_file
from intercoop_tools.trustee.ceremony import (
    finish,
    make_shares,
    parse_commitments_file,
    parse_shares_for_file,
    start,
)
from intercoop_tools.trustee.decryption import decrypt
from intercoop_tools.trustee.formats import Secret, parse_description_file
from intercoop_tools.trustee.tally import parse_tally_file

PROJECTS = (
    "Choose the 2027 community projects",
    "Which projects should the co-op fund from its 2027 community fund?",
    ["Bulk refill station", "Youth cooking workshops", "Solar panels on the roof", "Food bank"],
)
FEDERATION = (
    "Join the regional energy co-operative federation",
    "Should Riverside Food Co-op join the regional energy co-operative federation?",
)
# Each voter's approved projects (indices into PROJECTS' options), in the order of VOTERS.
APPROVALS = (
    (0, 2), (0, 1, 2), (2,), (0, 3), (1, 2), (0, 2, 3), (3,), (0,), (1, 3), (2, 3),
    (0, 2), (2,), (0, 1), (1, 2, 3), (),
)  # fmt: skip
PUBLISHED_TRUSTEES = ("alice", "Marc-André Lefebvre", "Nadia Benali")
OPEN_TRUSTEES = ("Priya Raman", "Kevin O'Brien", "Margaret Ellis")
# The open vote's credential authority: a member who is neither one of its trustees nor the
# administrator who runs it.
OPEN_AUTHORITY = "Ingrid Larsen"


class Writer(Protocol):
    def write(self, msg: str, /) -> Any: ...


def _account(coop: Organization, name: str) -> User:
    if name == "alice":
        return User.objects.get(email=_address("alice"))
    voter = Member.objects.get(organization=coop, name=name).voter
    if voter is None:
        raise LookupError(f"{name} has no account")
    return voter


def _ceremony(election: Election, trustees: Sequence[User]) -> dict[int, Secret]:
    """The three steps of the key ceremony for every trustee; returns their secrets."""
    election.refresh_from_db()
    description = Description.from_json(election.description)
    description_hash = bytes.fromhex(election.description_hash)
    rows = {t.user_id: t for t in election.trustees.all()}
    secrets: dict[int, Secret] = {}
    for user in trustees:
        row = rows[user.pk]
        value = selectors.trustee_download(election, row, "description.json")
        secret, commitment = start(parse_description_file(value))
        services.commitment_submit(election=election, by=user, data=json.dumps(commitment).encode())
        secrets[row.index] = secret
    for user in trustees:
        row = rows[user.pk]
        commitments = parse_commitments_file(
            selectors.commitments_file(election),
            description=description,
            description_hash=description_hash,
        )
        secrets[row.index], shares = make_shares(secrets[row.index], commitments)
        services.shares_submit(election=election, by=user, data=json.dumps(shares).encode())
    for user in trustees:
        row = election.trustees.get(user=user)
        received = parse_shares_for_file(
            selectors.shares_for_file(election, row),
            description=description,
            description_hash=description_hash,
            recipient=row.index,
        )
        secrets[row.index], confirmation = finish(secrets[row.index], received)
        services.confirmation_submit(
            election=election, by=user, data=json.dumps(confirmation).encode()
        )
    return secrets


def _open(election: Election, alice: User) -> dict[str, str]:
    """Open the vote; the credentials, emailed in production, are read from a local outbox."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        services.election_open(election=election, by=alice)
        codes = {}
        for message in mail.outbox:
            for line in str(message.body).splitlines():
                text = line.strip()
                if len(text) == 64 and text.count("-") == 12:
                    codes[message.to[0]] = text
        mail.outbox = []
    return codes


def _cast(
    election: Election, voter: User, code: str, approved: Sequence[int], options: int
) -> None:
    election.refresh_from_db()
    manifest = Manifest.from_json(election.manifest)
    signed = ballot_encrypt(
        choices=[[int(i in approved) for i in range(options)]],
        specs=manifest.description.specs(),
        public_key=manifest.ceremony.public_key,
        manifest_hash=manifest.hash(),
        credential=nacl.signing.SigningKey(credential_seed(code)),
    )
    services.ballot_submit(election=election, by=voter, data=json.dumps(signed.to_json()))


def _voters(coop: Organization) -> list[User]:
    members = {m.name: m for m in Member.objects.filter(organization=coop, name__in=VOTERS)}
    out = []
    for name in VOTERS:
        voter = members[name].voter
        if voter is None:
            raise LookupError(f"{name} has no account")
        out.append(voter)
    return out


def _published(coop: Organization, alice: User) -> Decision:
    title, question, options = PROJECTS
    decision = decision_services.decision_create(
        organization=coop,
        by=alice,
        title=title,
        question=question,
        language="en",
        method=Decision.Method.APPROVAL,
        options=list(options),
        seats=2,
        secrecy=Decision.Secrecy.VERIFIABLE,
        record_date=timezone.localdate(),
    )
    election = services.election_of(decision)
    trustees = [_account(coop, name) for name in PUBLISHED_TRUSTEES]
    services.trustees_setup(election=election, by=alice, users=trustees, threshold=2)
    secrets = _ceremony(election, trustees)
    codes = _open(election, alice)
    for voter, approved in zip(_voters(coop), APPROVALS, strict=True):
        _cast(election, voter, codes[voter.email], approved, len(options))
    services.election_close(election=election, by=alice)
    election.refresh_from_db()
    tally = parse_tally_file(selectors.tally_file(election))
    board = parse_board_file(selectors.public_download(election, "board.json"))
    for user in trustees[:2]:  # the third trustee is away: two of three suffice
        index = election.trustees.get(user=user).index
        decryption = decrypt(secrets[index], tally, board)
        services.decryption_submit(election=election, by=user, data=json.dumps(decryption).encode())
    services.election_publish(election=election, by=alice)
    return decision


def letter_booth_url(election: Election) -> str:
    """The whole address of the booth for credential letters, as the authority's page gives it
    (from INTERCOOP_PUBLIC_URL), printed on each letter."""
    decision = election.decision
    with translation.override("en"):
        path = reverse("ballots:letter_booth", args=[decision.organization.slug, decision.pk])
    return settings.PUBLIC_URL.rstrip("/") + path


def _run_tool(*argv: str) -> str:
    """One step of ``intercoop-credentials``, run as on the authority's computer; returns what it
    printed. A refusal (exit status 1) stops the demo with its message."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = authority_tool.main(list(argv))
    if status != 0:
        raise RuntimeError(f"intercoop-credentials {argv[0]}: {err.getvalue().strip()}")
    return out.getvalue()


def _authority_makes_credentials(
    election: Election, authority: User, letters: Path | None
) -> dict[str, str]:
    """The credential authority's part, with the demo playing their computer (a private
    temporary directory): the voters file from their page, ``intercoop-credentials make``, the
    public keys file handed in through the service their page uses, and the letters for the
    voters without an email address (``intercoop-credentials letters``), moved to ``letters``
    (or dropped when None). Returns the codes by email address, as the authority mails them;
    the codes CSV goes with the directory."""
    election.refresh_from_db()
    parent = letters.parent if letters is not None else None
    if parent is not None:
        parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".demo-authority-", dir=parent) as computer:
        home = Path(computer)
        voters, keys, codes = home / "voters.json", home / "keys.json", home / "codes.csv"
        voters.write_text(
            json.dumps(selectors.authority_voters_file(election), indent=1, ensure_ascii=False),
            encoding="utf-8",
        )
        _run_tool("make", str(voters), "--keys", str(keys), "--codes", str(codes))
        services.authority_keys_submit(election=election, by=authority, data=keys.read_bytes())
        if letters is not None:
            printed = home / "letters.html"
            _run_tool(
                "letters",
                str(voters),
                "--keys",
                str(keys),
                "--codes",
                str(codes),
                "--out",
                str(printed),
                "--booth-url",
                letter_booth_url(election),
                "--title",
                election.decision.title,
            )
            os.replace(printed, letters)  # same file system: the letters are never half-written
        rows = authority_tool.read_codes_csv(codes.read_bytes())
    return {row["email"]: row["code"] for row in rows if row["email"]}


def _open_vote(coop: Organization, alice: User, *, letters: Path | None = None) -> str:
    """The open vote, with its credential authority; returns Alice's code. The printed letters
    of the members without an account are written to ``letters`` (mode 0600), if given."""
    title, question = FEDERATION
    decision = decision_services.decision_create(
        organization=coop,
        by=alice,
        title=title,
        question=question,
        language="en",
        method=Decision.Method.YES_NO,
        options=[],
        secrecy=Decision.Secrecy.VERIFIABLE,
        record_date=timezone.localdate(),
    )
    election = services.election_of(decision)
    trustees = [_account(coop, name) for name in OPEN_TRUSTEES]
    authority = _account(coop, OPEN_AUTHORITY)
    services.trustees_setup(
        election=election, by=alice, users=trustees, threshold=2, authority=authority
    )
    _ceremony(election, trustees)
    codes = _authority_makes_credentials(election, authority, letters)
    services.election_open(election=election, by=alice)
    voters = _voters(coop)
    for voter in voters[1:8]:  # some have voted already; Alice has not
        _cast(election, voter, codes[voter.email], (0,) if voter.pk % 3 else (1,), 2)
    return codes[alice.email]


def load_ballots_demo(*, stdout: Writer | None = None, letters: Path | None = None) -> str | None:
    """Load the demo votes; returns Alice's credential for the open one, or None (and nothing
    written) if they are there already or the governance demo is not loaded. The open vote's
    credential letters are written to ``letters`` (mode 0600, replacing an older file)."""
    coop = Organization.objects.filter(slug=RIVERSIDE).first()
    if coop is None or not Member.objects.filter(organization=coop).exists():
        return None
    if Election.objects.filter(decision__organization=coop).exists():
        if stdout is not None:
            stdout.write("Verifiable ballots demo already loaded: skipped.\n")
        return None
    alice = _account(coop, "alice")
    with transaction.atomic(), _emails_held_back():
        _published(coop, alice)
        code = _open_vote(coop, alice, letters=letters)
    if stdout is not None:
        stdout.write(
            "Verifiable ballots demo loaded: a published election and an open one at Riverside "
            f"Food Co-op, whose credential authority ({OPEN_AUTHORITY}) made the credentials on "
            "their own computer, played by the demo. To vote in the booth as Alice, use the "
            f"credential {code} (in production it arrives by email from the authority).\n"
        )
    return code

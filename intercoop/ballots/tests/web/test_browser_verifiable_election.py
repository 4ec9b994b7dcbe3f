"""In Chromium: a complete verifiable election.

Three trustees (threshold two) run the key ceremony from their trustee pages, each with the real
``intercoop-trustee`` command on files, as on their own computers; Alice opens the vote, which
emails each of the 22 voters in three weighted colleges their credential; every voter encrypts
their ballot in the booth (JavaScript, libsodium.js) and casts it; one audits a ballot first and
finds it on the board's audited list with their choices, one changes their vote; Alice closes;
two trustees decrypt (the third is absent); Alice publishes. The public record downloaded from
the board passes ``intercoop-verify``, and every mutated copy fails it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nacl.signing
import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.ballots.models import Election
from intercoop.ballots.tests.records import failed_checks
from intercoop.ballots.tests.test_every_altered_field_is_rejected import MUTATIONS
from intercoop.ballots.tests.web.conftest import credentials_from_mail
from intercoop.conftest import Personas
from intercoop.governance.models import Decision, RuleSet, VotingCollege
from intercoop.governance.services import decisions
from intercoop.organizations.models import Role
from intercoop.testing.factories import MemberFactory, RoleFactory, UserFactory
from intercoop_tools.credentials import credential_seed
from intercoop_tools.verify.record import verify_record

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]

COMMAND = Path(sys.executable).parent / "intercoop-trustee"
VERIFY = Path(sys.executable).parent / "intercoop-verify"
# College sizes: workers 9, users 9, supporters 4 (under the minimum of 5: withheld).
REGISTER = [("worker", 9), ("user", 9), ("supporting", 4)]
TITLE = "Join the regional energy federation"


def _weighted_rules(personas: Personas) -> None:
    ruleset = RuleSet.objects.create(
        organization=personas.coop_a, preset="scic_france", quorum_percent=Decimal(20)
    )
    for position, (key, name, categories, weight) in enumerate(
        [
            ("workers", "Workers", ["worker"], Decimal(40)),
            ("users", "Users", ["user"], Decimal(40)),
            ("supporters", "Supporters", ["supporting"], Decimal(20)),
        ]
    ):
        VotingCollege.objects.create(
            ruleset=ruleset,
            key=key,
            name=name,
            categories=categories,
            weight_percent=weight,
            position=position,
        )


def _register(personas: Personas) -> list[tuple[User, str]]:
    """(account, category) of each voter, Alice and Bob first."""
    long_ago = timezone.localdate() - timedelta(days=800)
    voters = [(personas.alice, "worker"), (personas.bob, "user")]
    counts = dict(REGISTER)
    counts["worker"] -= 1
    counts["user"] -= 1
    for category, n in counts.items():
        for i in range(n):
            user = UserFactory.create(email=f"{category}{i}@example.org", name=f"{category} {i}")
            RoleFactory.create(organization=personas.coop_a, user=user, role=Role.Name.MEMBER)
            voters.append((user, category))
    for user, category in voters:
        MemberFactory.create(
            organization=personas.coop_a,
            name=user.name or user.email,
            category=category,
            user=user,
            joined_on=long_ago,
        )
    return voters


def _context(
    new_context: Callable[..., BrowserContext], base: str, user: User | None, *, js: bool
) -> BrowserContext:
    context = new_context(java_script_enabled=js, accept_downloads=True)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": base,
                }
            ]
        )
    return context


def _click(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=name, exact=True).click()


def _message(page: Page) -> str:
    return page.locator(".messages").inner_text().strip()


def _trustee_step(page: Page, base: str, decision: Decision, folder: Path, command: str) -> None:
    """Download the step's files, run ``intercoop-trustee`` on them, hand in what it writes."""
    page.goto(f"{base}/en/orgs/coop-a/decisions/{decision.pk}/election/trustee/")
    files = []
    for link in page.locator("main a[download]").all():
        with page.expect_download() as info:
            link.click()
        path = folder / info.value.suggested_filename
        info.value.save_as(path)
        files.append(path)
    out = folder / f"{command}-out.json"
    argv = [str(COMMAND), command, str(files[0])]
    if command == "decrypt":  # the tally, checked against the public board
        assert files[1].name.endswith("board.json")
        argv += ["--board", str(files[1])]
    done = subprocess.run(  # noqa: S603 - our own command, on our own files
        [*argv, "--secret", str(folder / "secret.json"), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning" not in done.stderr
    page.locator("input[type=file]").set_input_files(str(out))
    _click(page, "Hand in the file")
    assert "Your file was checked and recorded." in _message(page), page.content()


def _vote(
    page: Page, base: str, decision: Decision, code: str, choice: str, *, audit: bool = False
) -> str:
    page.goto(f"{base}/en/orgs/coop-a/decisions/{decision.pk}/election/booth/")
    page.get_by_text("Ready: choose, then encrypt.").wait_for()
    page.get_by_label("Your credential").fill(code)
    # the booth shows the credential's public key, under which the board lists its ballots
    shown = page.locator("#credential-public").inner_text().strip()
    assert shown == bytes(nacl.signing.SigningKey(credential_seed(code)).verify_key).hex()
    page.get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Encrypt my ballot").click()
    tracker = page.locator("#tracker")
    tracker.wait_for()
    value = tracker.inner_text().strip()
    assert len(value) == 64
    _click(page, "Audit this ballot instead (it will not be cast)" if audit else "Cast this ballot")
    return value


def test_a_complete_verifiable_election_in_chromium(
    live_server: Any,
    personas: Personas,
    new_context: Callable[..., BrowserContext],
    tmp_path: Path,
    screenshot: Callable[[Page, str], Path],
) -> None:
    base = live_server.url
    _weighted_rules(personas)
    voters = _register(personas)
    assert len(voters) == 22
    decision = decisions.decision_create(
        organization=personas.coop_a,
        by=personas.alice,
        title=TITLE,
        language="en",
        method=Decision.Method.YES_NO,
        options=[],
        secrecy=Decision.Secrecy.VERIFIABLE,
        record_date=timezone.localdate(),
    )
    election_url = f"{base}/en/orgs/coop-a/decisions/{decision.pk}/election/"
    trustees = [personas.alice, voters[2][0], voters[11][0]]  # a worker and a user besides Alice
    for user in trustees:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})

    # Alice chooses the trustees and the threshold, without JavaScript.
    alice = _context(new_context, base, personas.alice, js=False).new_page()
    alice.goto(election_url)
    for user in trustees:
        alice.get_by_label(user.name or user.email, exact=True).check()
    alice.get_by_label("Trustees needed to decrypt").fill("2")
    _click(alice, "Start the key ceremony")
    assert "key ceremony has started" in _message(alice)

    # The key ceremony: each trustee, on their own page (no JavaScript) and their own files.
    pages = {u.pk: _context(new_context, base, u, js=False).new_page() for u in trustees}
    folders = {u.pk: tmp_path / f"trustee-{i}" for i, u in enumerate(trustees, start=1)}
    for folder in folders.values():
        folder.mkdir()
    for command in ("start", "shares", "finish"):
        for user in trustees:
            _trustee_step(pages[user.pk], base, decision, folders[user.pk], command)
    screenshot(pages[trustees[0].pk], "trustee-ceremony-done")
    election = Election.objects.get(decision=decision)
    assert election.state == Election.State.READY
    # No secret reached the server: the secret files' keys appear in nothing it stored.
    stored = json.dumps([election.ceremony, list(election.trustees.values())], default=str)
    for folder in folders.values():
        secret = json.loads((folder / "secret.json").read_text())
        assert secret["key"] and secret["key"] not in stored
        assert secret["box_secret_key"] not in stored

    # Alice opens the vote: every voter gets their credential by email.
    mail.outbox.clear()
    alice.goto(election_url)
    _click(alice, "Open the vote")
    codes = credentials_from_mail()
    assert len(codes) == 22

    # Everyone votes in the booth, with JavaScript: workers mostly yes, users mostly no,
    # supporters (4, withheld) yes. Bob first audits a ballot, then votes; the last user
    # first votes yes, then changes to no.
    choices = {}
    for i, (user, category) in enumerate(voters):
        if category == "worker":
            choices[user.pk] = "Yes" if i < 7 else "No"
        elif category == "user":
            choices[user.pk] = "Yes" if i in (1, 10, 11, 12, 13) else "No"
        else:
            choices[user.pk] = "Yes"
    trackers = {}
    for user, _category in voters:
        page = _context(new_context, base, user, js=True).new_page()
        if user == personas.bob:
            _vote(page, base, decision, codes[user.email], "No", audit=True)
            assert "The audited ballot checks" in _message(page)
            audited = page.locator("section:has(#audited) tr.mine")
            assert audited.inner_text().strip().endswith("No")
            screenshot(page, "board-audited")
        if user == voters[-5][0]:  # the last user
            _vote(page, base, decision, codes[user.email], "Yes")
        trackers[user.pk] = _vote(page, base, decision, codes[user.email], choices[user.pk])
        assert "Your ballot is on the bulletin board" in _message(page)
        assert (
            "It is the last ballot of its credential: it counts."
            in page.locator("#lookup").locator("..").inner_text()
        )
    screenshot(page, "board-after-voting")

    # Alice closes; trustees 1 and 3 decrypt, trustee 2 is absent; Alice publishes.
    alice.goto(election_url)
    with alice.expect_navigation():
        alice.locator("main").get_by_role(
            "link", name="Close the vote and sum the encrypted ballots…"
        ).click()
    assert "Close this vote now?" in alice.locator("main h1").inner_text()
    screenshot(alice, "close-confirmation")
    _click(alice, "Close the vote and sum the encrypted ballots")
    for user in (trustees[0], trustees[2]):
        _trustee_step(pages[user.pk], base, decision, folders[user.pk], "decrypt")
    alice.goto(election_url)
    _click(alice, "Publish the result")
    assert "The result is published" in _message(alice)
    result = alice.locator("main").inner_text()
    assert "Adopted." in result
    assert "Withheld: fewer than 5 ballots" in result
    assert "Not published: Supporters." in result
    screenshot(alice, "result")

    # Anyone downloads the record from the public board and checks it independently.
    public = _context(new_context, base, None, js=False).new_page()
    public.goto(f"{election_url}board/")
    with public.expect_download() as info:
        public.get_by_role(
            "link", name="The complete election record, to check with intercoop-verify (JSON)"
        ).click()
    path = tmp_path / "record.json"
    info.value.save_as(path)
    checked = subprocess.run([str(VERIFY), str(path)], capture_output=True, text=True, check=False)  # noqa: S603
    assert checked.returncode == 0, checked.stdout
    assert "FAIL" not in checked.stdout
    record = json.loads(path.read_text())
    counts = {c["college"]: c for c in record["tally"]["colleges"]}
    for college, category in (("workers", "worker"), ("users", "user")):
        said = [choices[u.pk] for u, c in voters if c == category]
        expected_counts = [said.count("Yes"), said.count("No")]
        assert [s["count"] for s in counts[college]["questions"][0]] == expected_counts
    assert counts["supporters"]["withheld"] is True
    present = sorted(election.trustees.get(user=u).index for u in (trustees[0], trustees[2]))
    assert record["tally"]["trustees_present"] == present
    assert len(record["board"]["entries"]) == 23  # 22 voters and one revote

    # Every mutated copy fails.
    applied = 0
    for name, mutation, expected in MUTATIONS:
        if name == "question maximum":  # a yes/no question has no other valid maximum
            continue
        copy = json.loads(path.read_text())
        mutation(copy)
        report = verify_record(json.loads(json.dumps(copy)))
        assert not report.ok, name
        assert expected <= failed_checks(report), (name, report.lines())
        applied += 1
        if applied == 1:  # and the installed command says so too
            bad = tmp_path / "mutated.json"
            bad.write_text(json.dumps(copy))
            refused = subprocess.run(  # noqa: S603 - our own command, on our own file
                [str(VERIFY), str(bad)], capture_output=True, text=True, check=False
            )
            assert refused.returncode == 1, refused.stdout
            assert "FAIL" in refused.stdout
    assert applied == len(MUTATIONS) - 1

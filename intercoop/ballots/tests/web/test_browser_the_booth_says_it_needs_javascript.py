"""The booth is the one page that needs JavaScript. Without it, in Chromium, the page says so
and why (the ballot is encrypted on the voter's device), and shows no button that would do
nothing, nor a "Loading…" that never ends. With it, the booth loads and its button works; so
does the booth for credential letters, where a member without an account votes with the code
printed on their letter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from intercoop.accounts.models import User
from intercoop.ballots import services
from intercoop.ballots.models import BoardEntry, Credential
from intercoop.ballots.tests.web.conftest import (
    World,
    ceremony,
    credentials_from_mail,
    make_decision,
)
from intercoop.ballots.tests.web.letters import (
    authority_makes,
    authority_prints,
    some_with_an_account,
    with_an_authority,
)
from intercoop.governance.models import Participation
from intercoop.governance.tests.conftest import Governance

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]

NEEDS_JAVASCRIPT = "This booth needs JavaScript, which is off in your browser"
LOADING = "Loading the booth's cryptography…"
READY = "Ready: choose, then encrypt."


def _context(
    new_context: Callable[..., BrowserContext], base: str, user: User | None, *, js: bool
) -> BrowserContext:
    context = new_context(java_script_enabled=js)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    return context


def test_without_javascript_the_booth_says_so_and_offers_no_dead_button(
    live_server: Any,
    world: World,
    tmp_path: Path,
    new_context: Callable[..., BrowserContext],
    screenshot: Callable[..., Path],
) -> None:
    w = world
    election = services.election_of(make_decision(w))
    trustees = [w.alice, w.voters[w.g.members[2].pk]]
    services.trustees_setup(election=election, by=w.alice, users=trustees, threshold=2)
    ceremony(election, trustees, tmp_path)
    mail.outbox.clear()
    services.election_open(election=election, by=w.alice)
    assert credentials_from_mail()
    booth = f"{live_server.url}/en/orgs/coop-a/decisions/{election.decision_id}/election/booth/"

    # Without JavaScript
    page = _context(new_context, live_server.url, w.g.personas.bob, js=False).new_page()
    page.goto(booth)
    # (Playwright's text locators skip <noscript>: the message is found by its id.)
    message = page.locator("#booth-needs-javascript")
    assert message.is_visible()
    text = message.inner_text()
    assert text.startswith(NEEDS_JAVASCRIPT)
    assert "encrypted on your own device so that nobody, not even the server, can read it" in text
    assert "This is the only page of Intercoop that needs JavaScript." in text
    assert not page.get_by_role("button", name="Encrypt my ballot").is_visible()
    assert not page.get_by_text(LOADING).is_visible()
    assert not page.get_by_text(READY).is_visible()
    screenshot(page, "without-javascript")

    # With JavaScript
    page = _context(new_context, live_server.url, w.g.personas.bob, js=True).new_page()
    page.goto(booth)
    page.get_by_text(READY).wait_for()
    button = page.get_by_role("button", name="Encrypt my ballot")
    assert button.is_visible()
    assert button.is_enabled()
    assert not page.locator("#booth-needs-javascript").is_visible()


def test_a_member_without_an_account_votes_with_their_letter_in_chromium(
    live_server: Any,
    governance: Governance,
    tmp_path: Path,
    new_context: Callable[..., BrowserContext],
    screenshot: Callable[..., Path],
) -> None:
    w = some_with_an_account(governance)
    election = services.election_of(make_decision(w))
    authority = with_an_authority(w, election, tmp_path)
    made = authority_makes(election, tmp_path / "authority")
    address = f"{live_server.url}/en/orgs/coop-a/decisions/{election.decision_id}/election/vote/"
    letters = authority_prints(made, address)
    services.authority_keys_submit(election=election, by=authority, data=made.keys.read_bytes())
    services.election_open(election=election, by=w.alice)
    member, (code, printed) = next(iter(letters.items()))

    page = _context(new_context, live_server.url, None, js=True).new_page()
    page.goto(printed)
    page.get_by_text(READY).wait_for()
    page.get_by_label("Your credential").fill(code)
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Encrypt my ballot").click()
    page.locator("#tracker").wait_for()
    tracker = page.locator("#tracker").inner_text().strip()
    assert not page.get_by_role("button", name="Audit this ballot instead").count()
    with page.expect_navigation():
        page.get_by_role("button", name="Cast this ballot").click()

    assert "Your ballot is on the bulletin board" in page.locator(".messages").inner_text()
    screenshot(page, "letter-ballot-on-the-board")
    entry = BoardEntry.objects.get(election=election)
    assert entry.tracker == tracker
    assert entry.credential == Credential.objects.get(election=election, member=member).public_key
    assert Participation.objects.get(decision=election.decision).member_id == member

"""The proposal and notification pages have no WCAG 2.1 A/AA violation axe-core finds, and a
member drafts, opens and discusses a proposal, and the board accepts an amendment, with
JavaScript turned off."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from intercoop.core.tests.test_browser_pages_are_accessible import (
    AXE_OPTIONS,
    _axe_source,
    _describe,
    _session_cookies,
)
from intercoop.governance.models import Amendment, Comment, Proposal
from intercoop.governance.services import proposals as services
from intercoop.governance.tests.proposals.conftest import World

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]


def _pages(w: World) -> list[tuple[str, str]]:
    p, d = w.proposal.pk, w.draft.pk
    return [
        ("alice", "/en/orgs/coop-a/proposals/"),
        ("alice", "/en/orgs/coop-a/proposals/new/"),
        ("alice", f"/en/orgs/coop-a/proposals/{p}/"),
        ("alice", f"/en/orgs/coop-a/proposals/{p}/history/"),
        ("alice", f"/en/orgs/coop-a/proposals/{p}/comments/{w.comment.pk}/reply/"),
        ("alice", f"/en/orgs/coop-a/proposals/{p}/amendments/new/"),
        ("alice", f"/en/orgs/coop-a/proposals/{p}/amendments/{w.amendment.pk}/reject/"),
        ("alice", f"/en/orgs/coop-a/proposals/{p}/attachments/new/"),
        ("bob", f"/en/orgs/coop-a/proposals/{d}/"),
        ("bob", f"/en/orgs/coop-a/proposals/{d}/edit/"),
        ("bob", "/en/notifications/"),
    ]


def test_the_pages_have_no_axe_violations(
    world: World,
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    screenshot: Callable[[Page, str], Path],
) -> None:
    services.comment_create(
        proposal=world.proposal, body="A reply", by=world.g.personas.alice, parent=world.comment
    )
    axe = _axe_source()
    failures = []
    for who, url in _pages(world):
        context = new_context(bypass_csp=True)  # the CSP rightly refuses the injected axe
        context.add_cookies(_session_cookies(live_server, world.g.personas, who, url[1:3]))
        page = context.new_page()
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, url
        screenshot(page, url.strip("/").replace("/", "-"))
        page.add_script_tag(content=axe)
        results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        if results["violations"]:
            failures.append(f"  {url} as {who}:\n{_describe(results['violations'])}")
        context.close()
    assert not failures, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(failures)


def test_the_deliberation_works_without_javascript(
    world: World,
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    screenshot: Callable[[Page, str], Path],
) -> None:
    personas = world.g.personas
    bob_context = new_context(java_script_enabled=False)
    bob_context.add_cookies(_session_cookies(live_server, personas, "bob", "en"))
    bob = bob_context.new_page()

    # Bob writes a draft and opens it for discussion.
    bob.goto(f"{live_server.url}/en/orgs/coop-a/proposals/new/")
    bob.fill("#id_title", "Plant a hedge")
    bob.fill("#id_body", "Along the car park.")
    bob.click("text=Save the draft")
    assert "Your draft was saved." in bob.content()
    bob.click("text=Open for discussion")
    screenshot(bob, "opened")
    proposal = Proposal.objects.get(title="Plant a hedge")
    assert proposal.state == Proposal.State.DISCUSSION

    # He comments, then replies to his own comment on the reply page.
    bob.fill("#id_body", "Native species only.")
    bob.click("text=Post the comment")
    comment = Comment.objects.get(body="Native species only.")
    bob.click(f"#comment-{comment.pk} >> text=Reply")
    bob.fill("#id_body", "Hawthorn and hazel.")
    bob.click("button:has-text('Post')")
    screenshot(bob, "replied")
    assert Comment.objects.get(body="Hawthorn and hazel.").parent == comment

    # He proposes an amendment to Alice's proposal; Alice accepts it.
    bob.goto(f"{live_server.url}/en/orgs/coop-a/proposals/{world.proposal.pk}/amendments/new/")
    bob.fill("#id_text", "We rent a cargo bike first.")
    bob.click("text=Propose the amendment")
    amendment = Amendment.objects.get(text="We rent a cargo bike first.")

    alice_context = new_context(java_script_enabled=False)
    alice_context.add_cookies(_session_cookies(live_server, personas, "alice", "en"))
    alice = alice_context.new_page()
    alice.goto(f"{live_server.url}/en/orgs/coop-a/proposals/{world.proposal.pk}/")
    alice.click(f"#amendment-{amendment.pk} >> button:has-text('Accept')")
    screenshot(alice, "amendment-accepted")
    world.proposal.refresh_from_db()
    assert world.proposal.body == "We rent a cargo bike first."
    assert "We rent a cargo bike first." in alice.content()

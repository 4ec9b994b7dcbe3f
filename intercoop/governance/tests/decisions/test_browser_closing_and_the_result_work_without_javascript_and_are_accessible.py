"""With JavaScript off, Alice closes a public vote through its confirmation page and lands on a
result that states the outcome first and lists who voted what; the confirmation page, the
result of a vote that failed its quorum and the roll call have no WCAG 2.1 A/AA violation that
axe-core finds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from intercoop.core.tests.test_browser_pages_are_accessible import (
    AXE_OPTIONS,
    _axe_source,
    _describe,
    _session_cookies,
)
from intercoop.governance.models import Member
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]


def test_alice_closes_early_after_confirming_without_javascript(
    governance: Governance,
    voters: list[Member],
    make_decision: MakeDecision,
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    screenshot: Callable[[Page, str], Path],
) -> None:
    governance.rules.min_college_ballots_to_publish = 1
    governance.rules.save()
    decision = make_decision(
        "single", ("Anne", "Bob", "Carol"), closes_at=timezone.now() + timedelta(days=2)
    )
    for member in voters[:6]:
        cast(decision, member, ["Carol"])
    context = new_context(java_script_enabled=False)
    context.add_cookies(_session_cookies(live_server, governance.personas, "alice", "en"))
    page = context.new_page()
    page.goto(f"{live_server.url}/en/orgs/coop-a/decisions/{decision.pk}/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Close the vote and count it…").click()
    main = page.locator("main")
    assert main.locator("h1").inner_text() == "Close this vote now?"
    assert "This vote would close early." in main.inner_text()
    assert "6 of 10 members on the roll have voted. 4 have not voted yet." in main.inner_text()
    screenshot(page, "confirmation")
    with page.expect_navigation():
        main.get_by_role("button", name="Close the vote and count it").click()
    assert page.url.endswith(f"/decisions/{decision.pk}/result/")
    assert main.locator(".outcome").inner_text() == "Chosen: Carol."
    roll_call = main.locator("table").filter(has_text="Cast by proxy holder")
    assert roll_call.locator("tbody tr").count() == 6
    screenshot(page, "result")
    context.close()


def test_the_pages_have_no_axe_violations(
    governance: Governance,
    voters: list[Member],
    make_decision: MakeDecision,
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    screenshot: Callable[[Page, str], Path],
) -> None:
    governance.rules.min_college_ballots_to_publish = 1
    governance.rules.quorum_percent = Decimal(50)
    governance.rules.save()
    still_open = make_decision("yes_no", ("Yes", "No"), closes_at=timezone.now() + timedelta(1))
    cast(still_open, voters[0], ["Yes"])
    failed = make_decision("yes_no", ("Yes", "No"), title="Below its quorum")
    for member in voters[:3]:
        cast(failed, member, ["Yes"])
    decision_close(decision=failed, by=governance.personas.alice)
    adopted = make_decision("yes_no", ("Yes", "No"), title="Adopted by roll call")
    for member in voters[:6]:
        cast(adopted, member, ["Yes"])
    decision_close(decision=adopted, by=governance.personas.alice)
    pages = [
        ("alice", f"/en/orgs/coop-a/decisions/{still_open.pk}/close/"),
        ("bob", f"/en/orgs/coop-a/decisions/{failed.pk}/result/"),
        ("bob", f"/en/orgs/coop-a/decisions/{adopted.pk}/result/"),
        ("bob", "/en/orgs/coop-a/decisions/"),
    ]
    axe = _axe_source()
    failures = []
    for who, url in pages:
        context = new_context(bypass_csp=True)  # the CSP rightly refuses the injected axe
        context.add_cookies(_session_cookies(live_server, governance.personas, who, "en"))
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

"""The register, rules and audit pages have no WCAG 2.1 A/AA violation axe-core finds, weigh
under 50 KB with their stylesheet, and a status change and a refused rules change work with
JavaScript turned off."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone

from intercoop.core.tests.test_browser_pages_are_accessible import (
    AXE_OPTIONS,
    _axe_source,
    _describe,
    _session_cookies,
)
from intercoop.governance.models import Member
from intercoop.governance.services.register import member_status_change
from intercoop.governance.tests.conftest import Governance

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]

BUDGET = 50 * 1024


def _pages(governance: Governance) -> list[tuple[str, str]]:
    bob = governance.bob_member.pk
    return [
        ("alice", "/en/orgs/coop-a/members/"),
        ("alice", f"/en/orgs/coop-a/members/{bob}/"),
        ("alice", f"/en/orgs/coop-a/members/{bob}/edit/"),
        ("alice", f"/en/orgs/coop-a/members/{bob}/status/"),
        ("alice", "/en/orgs/coop-a/members/add/"),
        ("alice", "/en/orgs/coop-a/members/import/"),
        ("alice", "/en/orgs/coop-a/members/roll/"),
        ("alice", "/en/orgs/coop-a/rules/"),
        ("alice", "/en/orgs/coop-a/rules/edit/"),
        ("alice", "/en/orgs/coop-a/audit/"),
        ("bob", "/fr/orgs/coop-a/rules/"),
        ("bob", "/fr/orgs/coop-a/audit/"),
    ]


def _fill(governance: Governance) -> None:
    """Something in every table: status changes (hence audit entries) and an ineligible member."""
    today = timezone.localdate()
    member_status_change(
        member=governance.members[3],
        status="suspended",
        on=today - timedelta(days=3),
        note="Board decision",
        by=governance.personas.alice,
    )
    member_status_change(
        member=governance.bob_member,
        status="left",
        on=today - timedelta(days=1),
        by=governance.personas.alice,
    )


def test_the_pages_have_no_axe_violations(
    governance: Governance,
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    screenshot: Callable[[Page, str], Path],
) -> None:
    axe = _axe_source()
    _fill(governance)
    failures = []
    for who, url in _pages(governance):
        context = new_context(bypass_csp=True)  # the CSP rightly refuses the injected axe
        context.add_cookies(_session_cookies(live_server, governance.personas, who, url[1:3]))
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


def test_the_pages_weigh_under_50_kb(governance: Governance) -> None:
    _fill(governance)
    css = finders.find("css/intercoop.css")
    assert css
    css_size = Path(str(css)).stat().st_size
    for who, url in _pages(governance):
        client = Client()
        client.force_login(getattr(governance.personas, who))
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(response.content) + css_size < BUDGET, url
        assert 'style="' not in response.content.decode(), url
        assert "<script>" not in response.content.decode(), url


def test_a_status_change_and_a_refused_rule_work_without_javascript(
    governance: Governance,
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    screenshot: Callable[[Page, str], Path],
) -> None:
    context = new_context(java_script_enabled=False)
    context.add_cookies(_session_cookies(live_server, governance.personas, "alice", "en"))
    page = context.new_page()
    bob = governance.bob_member

    # The board records that Bob left yesterday.
    page.goto(f"{live_server.url}/en/orgs/coop-a/members/{bob.pk}/")
    page.select_option("#id_status", "left")
    page.fill("#id_on", (timezone.localdate() - timedelta(days=1)).isoformat())
    page.fill("#id_note", "Resigned by letter")
    page.click("text=Record the change")
    screenshot(page, "status-recorded")
    assert "The status change was recorded." in page.content()
    assert Member.objects.get(pk=bob.pk).status == "left"

    # Two colleges is not a SCIC: the reason is on the page, and nothing changes.
    page.goto(f"{live_server.url}/en/orgs/coop-a/rules/edit/")
    page.check("#id_colleges-2-DELETE")
    page.click("text=Save the rules")
    screenshot(page, "rules-refused")
    assert "A SCIC with voting colleges needs at least 3 of them; these rules have 2" in (
        page.content()
    )
    assert governance.rules.colleges.count() == 3

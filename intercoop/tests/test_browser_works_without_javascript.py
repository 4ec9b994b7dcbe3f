"""Everything a person does on the platform works with JavaScript turned off: signing in,
creating a co-op, inviting someone, switching language and signing out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail
from django.utils import translation

from intercoop.organizations.models import Invitation, Organization
from intercoop.testing.factories import PASSWORD, UserFactory

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]


def _submit(page: Page, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


def test_sign_in_create_invite_switch_language_and_sign_out_without_javascript(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    screenshot: Callable[[Page, str], Path],
) -> None:
    base = live_server.url
    user = UserFactory.create(email="frank@example.org", name="Frank")
    page = new_context(java_script_enabled=False).new_page()

    # JavaScript really is off.
    page.goto("data:text/html,<title>off</title><script>document.title = 'on'</script>")
    assert page.title() == "off"

    # Sign in.
    page.goto(f"{base}/en/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    screenshot(page, "1-sign-in")
    _submit(page, "main form")
    assert page.url == f"{base}/en/attention/", page.url
    assert page.locator("h1").inner_text() == "Needs my attention"
    screenshot(page, "2-signed-in")

    # Create a co-op.
    page.goto(f"{base}/en/orgs/new/")
    page.fill("input[name=name]", "Scop sans script")
    page.select_option("select[name=kind]", "coop")
    _submit(page, "main form")
    org = Organization.objects.get(name="Scop sans script")
    assert page.url == f"{base}/en/orgs/{org.slug}/", page.url
    assert page.locator(".messages").inner_text().strip() == "Scop sans script has been created."
    screenshot(page, "3-coop-created")

    # Invite someone.
    page.goto(f"{base}/en/orgs/{org.slug}/invitations/")
    page.fill("input[name=email]", "grace@example.org")
    _submit(page, "main form")
    assert page.url == f"{base}/en/orgs/{org.slug}/invitations/", page.url
    assert (
        page.locator(".messages").inner_text().strip()
        == "An invitation was sent to grace@example.org."
    )
    assert Invitation.objects.get(organization=org, email="grace@example.org").is_open
    assert [m.to for m in mail.outbox] == [["grace@example.org"]]
    screenshot(page, "4-invited")

    # Switch language: the same page comes back in French.
    page.select_option("header select[name=language]", "fr")
    _submit(page, "header form.lang-switch")
    assert page.url == f"{base}/fr/orgs/{org.slug}/invitations/", page.url
    assert page.get_attribute("html", "lang") == "fr"
    with translation.override("fr"):
        heading = translation.gettext("Invitations to %(org)s") % {"org": org.name}
        sign_out, sign_in = translation.gettext("Sign out"), translation.gettext("Sign in")
    assert heading != f"Invitations to {org.name}", "no French catalogue compiled"
    assert page.locator("h1").inner_text() == heading
    screenshot(page, "5-in-french")

    # Sign out (a POST form in the header).
    with page.expect_navigation():
        page.locator("header form button[type=submit]", has_text=sign_out).click()
    assert page.locator("header nav").get_by_role("link", name=sign_in).is_visible()
    screenshot(page, "6-signed-out")
    page.goto(f"{base}/fr/accounts/profile/")
    assert "/fr/accounts/login/" in page.url, "still signed in after signing out"

"""The whole journey of a newcomer, in Chromium: sign up, confirm the email address from the link
in the email, switch to French, create a co-op and invite a first member by email."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail
from django.utils import translation

from intercoop.organizations.models import Invitation, Organization, Role

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]

EMAIL = "dana@example.org"
PASSWORD = "correct-horse-battery-staple-17"
INVITEE = "erin@example.org"
CO_OP = "Boulangerie coopérative du Marais"


def _fr(message: str) -> str:
    with translation.override("fr"):
        french = translation.gettext(message)
    assert french != message, f"no French translation for {message!r} (compile the catalogues)"
    return french


def _one_mail_to(address: str) -> mail.EmailMessage:
    sent = [m for m in mail.outbox if address in m.to]
    assert len(sent) == 1, f"expected one email to {address}, got {[m.subject for m in sent]}"
    return sent[0]


def _link_in(message: mail.EmailMessage, base_url: str, path: str) -> str:
    links = re.findall(rf"{re.escape(base_url)}/\S*{path}\S*", str(message.body))
    assert links, f"no link to {base_url}/…{path}… in:\n{message.body}"
    return links[0]


def _main_submit(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_signup_confirm_switch_to_french_create_a_coop_and_invite(
    page: Page,
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    screenshot: Callable[[Page, str], Path],
) -> None:
    base = live_server.url

    # Sign up.
    page.goto(f"{base}/en/accounts/signup/")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    screenshot(page, "1-signup-form")
    _main_submit(page)
    assert "/en/accounts/confirm-email/" in page.url, page.url
    screenshot(page, "2-verification-sent")

    # Open the confirmation link from the email; allauth confirms on a POST only.
    link = _link_in(_one_mail_to(EMAIL), base, "/confirm-email/")
    page.goto(link)
    screenshot(page, "3-confirm-page")
    _main_submit(page)
    screenshot(page, "4-confirmed")

    # Signed in by the confirmation (same browser session); sign in otherwise.
    sign_out = page.locator("header form button[type=submit]", has_text="Sign out")
    if sign_out.count() == 0:
        page.goto(f"{base}/en/accounts/login/")
        page.fill("input[name=login]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        _main_submit(page)
    page.goto(f"{base}/en/accounts/profile/")
    assert page.url == f"{base}/en/accounts/profile/", "not signed in after confirming"
    assert page.locator("main").get_by_text(f"Signed in as {EMAIL}.").is_visible()
    screenshot(page, "5-signed-in")

    # Switch to French with the switcher in the header: the same page comes back in French.
    page.select_option("header select[name=language]", "fr")
    with page.expect_navigation():
        page.locator("header form.lang-switch button[type=submit]").click()
    assert page.url == f"{base}/fr/accounts/profile/", page.url
    assert page.get_attribute("html", "lang") == "fr"
    assert page.locator("h1").inner_text() == _fr("My account")
    screenshot(page, "6-in-french")

    # Create a co-op.
    page.goto(f"{base}/fr/orgs/new/")
    assert page.get_attribute("html", "lang") == "fr"
    assert page.locator("h1").inner_text() == _fr("Add an organization")
    page.fill("input[name=name]", CO_OP)
    screenshot(page, "7-new-coop-form")
    _main_submit(page)
    org = Organization.objects.get(name=CO_OP)
    assert page.url == f"{base}/fr/orgs/{org.slug}/", page.url
    assert page.locator("h1").inner_text() == CO_OP
    assert CO_OP in page.locator(".messages").inner_text()
    assert Role.objects.filter(organization=org, user__email=EMAIL, role="admin").exists()
    screenshot(page, "8-coop-created")

    # Go to its invitations page and invite a member.
    with page.expect_navigation():
        page.locator(f"main nav a[href='/fr/orgs/{org.slug}/invitations/']").click()
    assert page.url == f"{base}/fr/orgs/{org.slug}/invitations/", page.url
    page.fill("input[name=email]", INVITEE)
    page.select_option("select[name=role]", "member")
    screenshot(page, "9-invitation-form")
    _main_submit(page)
    success = _fr("An invitation was sent to %(email)s.") % {"email": INVITEE}
    assert page.locator(".messages").inner_text().strip() == success
    assert page.get_by_role("cell", name=INVITEE, exact=True).is_visible()
    screenshot(page, "10-invitation-sent")

    # The invitee got an email with a link to this server, which works.
    invitation_mail = _one_mail_to(INVITEE)
    assert CO_OP in invitation_mail.subject
    invite_link = _link_in(invitation_mail, base, "/invitations/")
    assert Invitation.objects.get(organization=org, email=INVITEE).is_open
    invitee_page = new_context().new_page()
    response = invitee_page.goto(invite_link)
    assert response is not None and response.ok, invite_link
    assert "/accounts/login/" in invitee_page.url, "an anonymous invitee is asked to sign in"
    screenshot(invitee_page, "11-invitation-link-opened")

"""The labels pages, in English, French and Spanish, have no WCAG 2.1 A/AA violation that
axe-core finds: an issuer's pages, a label's and an endorsement's public pages, and the verifier
with its answer. They need an issuer and what it issued, so they are not among the main pages of
``intercoop/core/tests/test_browser_pages_are_accessible.py``, whose way of running axe-core they
share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from intercoop.core.tests.test_browser_pages_are_accessible import (
    AXE_OPTIONS,
    _axe_source,
    _describe,
    _session_cookies,
)
from intercoop.labels import services
from intercoop.labels.models import Achievement
from intercoop.testing.browser import LANGS

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]


def _fill_labels(personas: Any) -> tuple[dict[str, str], str]:
    """Co-op A as an issuer (Alice, with an authenticator app, administers it): a course in three
    languages issued to a person, and an endorsement of Co-op B's programme. The labels pages'
    paths ("{lang}" left to fill), and the label's signed document."""
    texts = {
        f"{field}_{lang}": f"{field} ({lang})"
        for field in ("name", "description", "criteria")
        for lang in ("en", "fr", "es")
    }
    TOTP.activate(personas.alice, generate_totp_secret())
    federation = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    course = services.achievement_create(
        issuer=federation, by=personas.alice, kind=Achievement.Kind.COURSE, texts=texts
    )
    label = services.credential_issue(
        achievement=course, by=personas.alice, email="dora@example.org", name="Dora", notify=False
    ).credential
    school = services.issuer_create(organization=personas.coop_b, by=personas.charlie)
    programme = services.achievement_create(
        issuer=school, by=personas.charlie, kind=Achievement.Kind.PROGRAMME, texts=texts
    )
    endorsement = services.endorsement_create(
        endorser=federation, by=personas.alice, comment="Taught well.", achievement=programme
    )
    labels = "/{lang}/orgs/coop-a/labels"
    pages = {
        "labels-issuer": f"{labels}/",
        "labels-achievements": f"{labels}/achievements/",
        "labels-achievement": f"{labels}/achievements/{course.pk}/",
        "labels-endorsements": f"{labels}/endorsements/",
        "labels-credential": f"/{{lang}}/labels/credentials/{label.uuid}/",
        "labels-endorsement": f"/{{lang}}/labels/endorsements/{endorsement.uuid}/",
        "labels-verify": "/{lang}/labels/verify/",
    }
    return pages, label.document


@pytest.mark.parametrize("lang", sorted({*LANGS, "es"}))
def test_labels_pages_have_no_axe_violations(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    personas: Any,
    screenshot: Callable[[Page, str], Path],
    lang: str,
) -> None:
    """Alice's issuer pages, and the pages anyone sees: a label, an endorsement, the verifier
    and its answer."""
    axe = _axe_source()
    pages, document = _fill_labels(personas)
    failures = []
    for name, path in pages.items():
        who = "anonymous" if name in {"labels-credential", "labels-endorsement"} else "alice"
        context = new_context(bypass_csp=True)  # as in the core test: the CSP refuses axe-core
        context.add_cookies(_session_cookies(live_server, personas, who, lang))
        page = context.new_page()
        url = path.format(lang=lang)
        response = page.goto(live_server.url + url)
        assert response is not None
        assert response.status == 200, f"{url}: {response.status}"
        assert page.get_attribute("html", "lang") == lang, url
        if name == "labels-verify":
            # The verifier's answer: the label pasted, its checks.
            page.fill("#id_text", document)
            with page.expect_navigation():
                page.locator("main form button[type=submit]").click()
            assert page.locator("main section table tbody tr").count() > 5, url
        screenshot(page, name)
        page.add_script_tag(content=axe)
        results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        if results["violations"]:
            failures.append(f"  {url} as {who}:\n{_describe(results['violations'])}")
        context.close()
    assert not failures, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(failures)

"""The labels end to end, in Chromium with JavaScript off: a federation's administrator signs in,
sets up an authenticator app, and makes the federation an issuer; defines an achievement in
English, French and Spanish; issues it to 20 learners from a CSV file and endorses another
co-op's education programme. A learner accepts their label from the emailed link, downloads it
baked in a PNG and uploads the PNG on the verifier, where every check passes. The federation
revokes that label, and the verifier reports it revoked."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail

from intercoop.accounts.models import User
from intercoop.labels import services
from intercoop.labels.models import Achievement, Credential
from intercoop.organizations.models import Organization, Role
from intercoop.testing.factories import PASSWORD, OrganizationFactory, RoleFactory, UserFactory

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]

PROGRAMME = "Co-operative management programme"
ACHIEVEMENT = {
    "kind": "Course",
    "name_en": "Co-operative governance basics",
    "name_fr": "Les bases de la gouvernance coopérative",
    "name_es": "Fundamentos de la gobernanza cooperativa",
    "description_en": "Six sessions on how a co-op decides.",
    "description_fr": "Six séances sur la façon dont une coopérative décide.",
    "description_es": "Seis sesiones sobre cómo decide una cooperativa.",
    "criteria_en": "Attended the six sessions and ran a mock general meeting.",
    "criteria_fr": "A suivi les six séances et animé une assemblée générale fictive.",
    "criteria_es": "Asistió a las seis sesiones y dirigió una asamblea general simulada.",
}
LANGUAGES = ("en", "fr", "es")
# 20 learners, their languages in turn: en, fr, es, en...
LEARNERS = [
    (f"learner{n:02d}@example.org", f"Learner {n:02d}", LANGUAGES[n % 3]) for n in range(20)
]
LEARNER_EMAIL, LEARNER_NAME, _ = LEARNERS[3]  # one who reads English


def _submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=button, exact=True).click()


def _message(page: Page) -> str:
    return page.locator(".messages").inner_text().strip()


def _no_form_errors(page: Page) -> None:
    errors = page.locator("main .errorlist, main [role=alert]")
    assert errors.count() == 0, f"{page.url}: {errors.all_inner_texts()}"


def _current_totp(secret: str) -> str:
    """What an authenticator app shows for ``secret`` (RFC 6238; the server allows no
    clock drift): a code about to expire is let go, as a person would wait for the next one."""
    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 5:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def _other_co_op_s_programme() -> Achievement:
    """Riverside Training Co-op, an issuer already, with an education programme."""
    riverside = OrganizationFactory.create(name="Riverside Training Co-op", slug="riverside")
    admin = UserFactory.create(email="rita@example.org", name="Rita")
    RoleFactory.create(organization=riverside, user=admin, role=Role.Name.ADMIN)
    issuer = services.issuer_create(organization=riverside, by=admin)
    texts = {**ACHIEVEMENT, "name_en": PROGRAMME}
    texts.pop("kind")
    return services.achievement_create(
        issuer=issuer, by=admin, kind=Achievement.Kind.PROGRAMME, texts=texts
    )


def _verify(page: Page, base: str, png: Path) -> dict[str, str]:
    """Upload ``png`` on the verifier; each check's label and its result, as the page says."""
    page.goto(f"{base}/en/labels/verify/")
    page.set_input_files("#id_file", str(png))
    _submit(page, "Verify")
    rows = page.locator("main table tbody tr")
    results = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        results[cells.nth(0).inner_text().strip()] = cells.nth(1).inner_text().strip()
    return results


def test_a_federation_issues_labels_and_a_learner_verifies_one_until_it_is_revoked(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    screenshot: Callable[[Page, str], Path],
    tmp_path: Path,
) -> None:
    base = live_server.url
    federation = OrganizationFactory.create(
        name="Northern Federation of Co-operatives",
        slug="northern-federation",
        kind=Organization.Kind.ALLY,
        ally_category=Organization.AllyCategory.ASSOCIATION_OF_COOPS,
    )
    fiona: User = UserFactory.create(email="fiona@example.org", name="Fiona")
    RoleFactory.create(organization=federation, user=fiona, role=Role.Name.ADMIN)
    programme = _other_co_op_s_programme()
    labels = f"{base}/en/orgs/{federation.slug}/labels"

    # Fiona signs in through the login form, in a browser without JavaScript.
    fed = new_context(java_script_enabled=False).new_page()
    fed.goto("data:text/html,<title>off</title><script>document.title = 'on'</script>")
    assert fed.title() == "off", "JavaScript is not disabled"
    fed.goto(f"{base}/en/accounts/login/")
    fed.fill("input[name=login]", fiona.email)
    fed.fill("input[name=password]", PASSWORD)
    with fed.expect_navigation():
        fed.locator("main form button[type=submit]").first.click()
    assert fed.locator("header").get_by_role("button", name="Sign out").count() == 1

    # Issuing in the federation's name needs two-factor authentication: she is sent to set up
    # an authenticator app, and types the code her app computes from the secret shown.
    fed.goto(f"{labels}/")
    assert "two-factor authentication" in _message(fed)
    screenshot(fed, "01-mfa-set-up")
    # allauth asks for the password again before an authenticator is added, however recent
    # the sign-in.
    fed.fill("main input[name=password]", PASSWORD)
    _submit(fed, "Confirm")
    assert fed.locator("h1").inner_text() == "Activate Authenticator App"
    screenshot(fed, "01-mfa-activate")
    secret = fed.input_value("#authenticator_secret")
    assert re.fullmatch(r"[A-Z2-7]{16,}=*", secret), secret
    fed.fill("input[name=code]", _current_totp(secret))
    _submit(fed, "Activate")
    _no_form_errors(fed)

    # The federation becomes an issuer.
    fed.goto(f"{labels}/")
    assert fed.locator("h1").inner_text() == f"Labels of {federation.name}"
    screenshot(fed, "02-issuer-before")
    _submit(fed, "Become an issuer")
    assert _message(fed) == f"{federation.name} is now an issuer of labels."
    did = fed.locator("main code.hash").first.inner_text()
    assert did.endswith(":labels:issuers:northern-federation"), did
    screenshot(fed, "03-issuer")

    # It defines an achievement in three languages.
    with fed.expect_navigation():
        fed.locator("main").get_by_role(
            "link", name="Achievements: define them and issue labels"
        ).click()
    fed.select_option("#id_kind", ACHIEVEMENT["kind"])
    for field, value in ACHIEVEMENT.items():
        if field != "kind":
            fed.fill(f"#id_{field}", value)
    screenshot(fed, "04-achievement-form")
    _submit(fed, "Create the achievement")
    _no_form_errors(fed)
    assert _message(fed) == "The achievement was created."
    assert fed.locator("h1").inner_text() == ACHIEVEMENT["name_en"]
    names = fed.locator("main dl").inner_text()
    for lang in LANGUAGES:
        assert ACHIEVEMENT[f"name_{lang}"] in names
    achievement_url = fed.url

    # It issues it to 20 learners from a CSV file: each is emailed their link.
    csv = tmp_path / "learners.csv"
    csv.write_text(
        "email,name,language\n" + "".join(f"{e},{n},{lang}\n" for e, n, lang in LEARNERS),
        encoding="utf-8",
    )
    fed.set_input_files("#id_many-file", str(csv))
    _submit(fed, "Issue the labels")
    _no_form_errors(fed)
    assert _message(fed) == "20 labels issued, each recipient emailed."
    issued = fed.locator("main table tbody tr")
    assert issued.count() == 20
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e for e, _n, _l in LEARNERS)
    by_language = {
        lang: Credential.objects.filter(recipient_email__startswith="learner", language=lang)
        for lang in LANGUAGES
    }
    assert [q.count() for q in by_language.values()] == [7, 7, 6]
    screenshot(fed, "05-issued")

    # It endorses Riverside's programme.
    fed.goto(f"{labels}/endorsements/")
    fed.select_option(
        "#id_programme-achievement", label=f"{PROGRAMME} ({programme.issuer.organization.name})"
    )
    fed.fill("#id_programme-comment", "A rigorous programme, taught by practitioners.")
    fed.select_option("#id_programme-language", "en")
    _submit(fed, "Endorse the programme")
    _no_form_errors(fed)
    assert _message(fed) == (
        f"{federation.name} endorses “{PROGRAMME}”; the endorsement is signed and published."
    )
    made = fed.locator("main table tbody tr")
    assert made.count() == 1
    assert "Standing" in made.inner_text()
    screenshot(fed, "06-endorsed")

    # A learner opens the link of their email in a browser of their own, and accepts.
    (email,) = [m for m in mail.outbox if m.to == [LEARNER_EMAIL]]
    link = re.search(r"https?://\S+(/en/labels/accept/\S+/)", str(email.body))
    assert link, email.body
    learner = new_context(java_script_enabled=False).new_page()
    learner.goto(base + link.group(1))
    assert learner.locator("h1").inner_text() == ACHIEVEMENT["name_en"]
    assert LEARNER_NAME in learner.locator("main dl").inner_text()
    screenshot(learner, "07-accept")
    _submit(learner, "Accept the label")
    assert _message(learner) == "You accepted the label. It is yours to share."
    assert "You accepted this label on" in learner.locator("main").inner_text()
    screenshot(learner, "08-accepted")

    # They download it baked in a PNG, and upload the PNG on the verifier: every check passes.
    with learner.expect_download() as download:
        learner.get_by_role("link", name="Download it baked in a PNG image").click()
    png = tmp_path / "label.png"
    download.value.save_as(png)
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    checks = _verify(learner, base, png)
    screenshot(learner, "09-verified")
    result = learner.locator("main section")
    assert "This label is valid: every check passes." in result.inner_text()
    assert ACHIEVEMENT["name_en"] in result.inner_text()
    assert federation.name in result.locator("dl").inner_text()
    for check in ("Signature", "Issuer's key", "Validity dates", "Revocation", "Suspension"):
        assert check in checks, checks
    # The federation is an organization of this directory: that check passes too.
    assert checks["Issuer in this directory"] == "Passes", checks
    assert set(checks.values()) == {"Passes"}, checks

    # The federation revokes that learner's label.
    fed.goto(achievement_url)
    row = fed.locator("main table tbody tr", has_text=LEARNER_EMAIL)
    with fed.expect_navigation():
        row.get_by_role("button", name=f"Revoke the label of {LEARNER_EMAIL}").click()
    assert _message(fed) == "The label was revoked: it no longer verifies as valid."
    assert "Revoked" in fed.locator("main table tbody tr", has_text=LEARNER_EMAIL).inner_text()
    assert fed.locator("main table tbody tr", has_text="Revoked").count() == 1
    screenshot(fed, "10-revoked")

    # The learner uploads the same PNG again: the verifier says it is revoked.
    checks = _verify(learner, base, png)
    screenshot(learner, "11-verified-revoked")
    assert "This label is not valid." in learner.locator("main section").inner_text()
    assert checks["Revocation"] == "Fails", checks
    assert checks["Signature"] == "Passes", checks

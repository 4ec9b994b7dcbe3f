"""Every email the platform sends names it, "Intercoop", and its public address
(``INTERCOOP_PUBLIC_URL``), in English, French and Spanish. allauth's emails once read
"Hello from !" and "register an account on ." because no site was given to their templates.

The test client talks to "testserver": the address in the emails must be the public one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from intercoop.ballots.services import _send_credential
from intercoop.governance.models import Decision, Meeting
from intercoop.governance.services import decisions as decision_services
from intercoop.governance.services import meetings as meeting_services
from intercoop.governance.services import proposals as proposal_services
from intercoop.governance.tests.conftest import Governance, governance  # noqa: F401
from intercoop.testing.factories import PASSWORD

PUBLIC_URL = "https://coops.example.org"
LANGUAGES = ["en", "fr", "es"]
# A sentence whose site name or domain came out empty: "Hello from !", "on .", "c'est  !".
EMPTY_SITE = re.compile(r"(?:\bfrom|\bon|\bsur|\bde|\bdesde|\ben|c'est)\s*[!.¡]|\s{2,}[!.]")

Send = Callable[[Governance, str, Any], None]


def sign_up(g: Governance, language: str, capture: Any) -> None:
    with translation.override(language):
        url = reverse("account_signup")
    response = g.personas.client_for("anonymous").post(
        url, {"email": "dora@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302


def reset_password(g: Governance, language: str, capture: Any) -> None:
    with translation.override(language):
        url = reverse("account_reset_password")
    response = g.personas.client_for("anonymous").post(url, {"email": "alice@example.org"})
    assert response.status_code == 302


def add_an_email_address(g: Governance, language: str, capture: Any) -> None:
    with translation.override(language):
        url = reverse("account_email")
    response = g.personas.client_for("bob").post(
        url, {"email": "bob.new@example.org", "action_add": ""}
    )
    assert response.status_code == 302


def invite(g: Governance, language: str, capture: Any) -> None:
    with translation.override(language):
        url = reverse("organizations:invitations", args=["coop-a"])
    with capture(execute=True):
        response = g.personas.client_for("alice").post(
            url, {"email": "erin@example.org", "role": "staff"}
        )
    assert response.status_code == 302


def notify_of_a_proposal(g: Governance, language: str, capture: Any) -> None:
    p = g.personas
    p.bob.language = language
    p.bob.save()
    draft = proposal_services.proposal_create(
        organization=p.coop_a, title="Solar panels", body="On the roof.", language="en", by=p.alice
    )
    with capture(execute=True):
        proposal_services.proposal_open(proposal=draft, by=p.alice)


def convene(g: Governance, language: str, capture: Any) -> None:
    p = g.personas
    meeting = meeting_services.meeting_create(
        organization=p.coop_a,
        by=p.alice,
        kind=Meeting.Kind.ANNUAL,
        title="AGM",
        language=language,
        starts_at=timezone.now() + timedelta(days=20),
        record_date=timezone.localdate(),
        place="Salle des fêtes",
    )
    decision_services.decision_create(
        organization=p.coop_a,
        by=p.alice,
        title="Approve the accounts",
        language=language,
        method=Decision.Method.YES_NO,
        options=[],
        record_date=meeting.record_date,
        meeting=meeting,
    )
    with capture(execute=True):
        meeting_services.meeting_convene(meeting=meeting, by=p.alice)


def send_a_credential(g: Governance, language: str, capture: Any) -> None:
    p = g.personas
    p.bob.language = language
    p.bob.save()
    decision = decision_services.decision_create(
        organization=p.coop_a,
        by=p.alice,
        title="Elect the board",
        language="en",
        method=Decision.Method.YES_NO,
        options=[],
        record_date=timezone.localdate(),
    )
    _send_credential(decision, p.bob, "ABCD-EFGH")


EMAILS: dict[str, Send] = {
    "sign-up confirmation": sign_up,
    "password reset": reset_password,
    "email change confirmation": add_an_email_address,
    "invitation": invite,
    "governance notification": notify_of_a_proposal,
    "convocation": convene,
    "verifiable vote credential": send_a_credential,
}


@pytest.fixture(autouse=True)
def _public_address() -> Iterator[None]:
    with override_settings(PUBLIC_URL=PUBLIC_URL):
        yield


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", list(EMAILS))
def test_the_email_names_intercoop_and_its_public_address(
    governance: Governance,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
    kind: str,
    language: str,
) -> None:
    mail.outbox.clear()

    EMAILS[kind](governance, language, django_capture_on_commit_callbacks)

    assert mail.outbox, f"no {kind} email was sent"
    for message in mail.outbox:
        body = str(message.body)
        assert "Intercoop" in body, body
        assert "https://coops.example.org/" in body, body
        assert "testserver" not in body.split("-- \n")[-1]
        assert not EMPTY_SITE.search(body), body
        assert "{{" not in body and "%(" not in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_allauths_greeting_names_intercoop(governance: Governance, language: str) -> None:  # noqa: F811
    sign_up(governance, language, None)

    greeting = {
        "en": "Hello from Intercoop!",
        "fr": "Bonjour, c'est Intercoop !",
        "es": "¡Hola de parte de Intercoop!",
    }[language]
    body = mail.outbox[0].body
    assert greeting in body, body
    assert "coops.example.org" in body.split("-- \n")[0], body

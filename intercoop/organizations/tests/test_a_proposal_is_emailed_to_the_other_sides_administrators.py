"""When A proposes a relationship to B, each administrator of B gets an email, in their own
language, with a link to the page where they confirm or decline it. B's other people, and the
proposer, get nothing."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.core import mail

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.organizations.models import Relationship, Role
from intercoop.organizations.tests.conftest import (
    ERIN_EMAIL,
    client_of,
    propose_on_the_web,
)
from intercoop.testing.factories import RoleFactory, UserFactory

LINK = re.compile(r"https?://\S+/relationships/")


def test_each_administrator_of_b_is_told_with_a_working_link(
    personas: Personas, erin: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given B has a second administrator, who reads French, and Alice also administers B
    fanny = UserFactory.create(email="fanny@example.org", name="Fanny", language="fr")
    RoleFactory.create(organization=personas.coop_b, user=fanny, role=Role.Name.ADMIN)
    RoleFactory.create(organization=personas.coop_b, user=personas.alice, role=Role.Name.ADMIN)

    # when Alice proposes that A is a member of B
    with django_capture_on_commit_callbacks(execute=True):
        response = propose_on_the_web(personas.client_for("alice"), subject="coop-a", obj="coop-b")

    # then Erin and Fanny are told, each in their own message; Charlie (a member) and Alice
    # (who proposed it) are not
    assert response.status_code == 302
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == [ERIN_EMAIL, "fanny@example.org"]
    assert all(len(message.to) == 1 for message in mail.outbox)
    english = by_address[ERIN_EMAIL]
    assert english.subject == "Co-op A asks to be listed as member of Co-op B"
    assert "Alice, for Co-op A, asks that Intercoop list Co-op A as “member of” Co-op B." in (
        english.body
    )
    # the link opens B's relationships page, where the proposal waits with its buttons
    link = LINK.findall(str(english.body))[0]
    page = client_of(erin).get(urlsplit(link).path)
    relationship = Relationship.objects.get()
    assert page.status_code == 200
    assert f"/relationships/{relationship.pk}/confirm/" in page.text


def test_the_email_is_in_the_administrators_language(
    personas: Personas, django_capture_on_commit_callbacks: Any, compiled_catalogues: None
) -> None:
    fanny = UserFactory.create(email="fanny@example.org", name="Fanny", language="fr")
    RoleFactory.create(organization=personas.coop_b, user=fanny, role=Role.Name.ADMIN)

    with django_capture_on_commit_callbacks(execute=True):
        propose_on_the_web(personas.client_for("alice"), subject="coop-a", obj="coop-b")

    (message,) = mail.outbox
    assert "/fr/orgs/coop-b/relationships/" in message.body
    assert "Co-op A" in message.subject
    assert "asks" not in message.subject  # French, once the catalogue holds it


def test_nothing_is_sent_when_the_proposal_is_refused(
    personas: Personas, erin: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        propose_on_the_web(personas.client_for("alice"), subject="coop-a", obj="coop-a")

    assert mail.outbox == []

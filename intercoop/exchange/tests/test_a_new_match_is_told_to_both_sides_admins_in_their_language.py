"""Each new match is told to the administrators of both organizations, in the app and by email,
each in their own language (here Dora, administrator of B, reads French); members are not
told, and matching again tells nobody twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils import translation

from intercoop.conftest import Personas
from intercoop.exchange.services.listings import listing_match
from intercoop.exchange.tests.listing_world import PARIS, VERSAILLES, place, publish
from intercoop.governance.models import Notification
from intercoop.governance.selectors.proposals import notification_text
from intercoop.organizations.models import Role
from intercoop.testing.factories import RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_both_sides_admins_are_told_in_the_app_and_by_email_in_their_language(
    personas: Personas,
    compiled_catalogues: None,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # given Dora, administrator of B, who reads French, and an offer of B near A
    dora = UserFactory.create(email="dora@example.org", name="Dora", language="fr")
    RoleFactory.create(organization=personas.coop_b, user=dora, role=Role.Name.ADMIN)
    place(personas.coop_a, PARIS)
    place(personas.coop_b, VERSAILLES)
    offer = publish(personas.coop_b, dora, title="Farine bio", quantity=500, unit="kg")
    assert Notification.objects.count() == 0

    # when A publishes a need that the offer meets
    with django_capture_on_commit_callbacks(execute=True):
        need = publish(personas.coop_a, personas.alice, kind="need", title="Flour for bread")

    # then Alice (A's administrator) and Dora (B's) are told, and nobody else
    notes = {n.user.email: n for n in Notification.objects.select_related("user", "organization")}
    assert set(notes) == {"alice@example.org", "dora@example.org"}
    assert notes["alice@example.org"].organization == personas.coop_a
    assert str(need.uuid) in notes["alice@example.org"].url
    assert notes["dora@example.org"].organization == personas.coop_b
    assert str(offer.uuid) in notes["dora@example.org"].url
    # by email, each in their language
    emails = {m.to[0]: m for m in mail.outbox}
    assert set(emails) == {"alice@example.org", "dora@example.org"}
    english = emails["alice@example.org"]
    assert "An offer may meet your need “Flour for bread”: “Farine bio” of Co-op B." in english.body
    french = emails["dora@example.org"]
    assert (
        "Un besoin pourrait correspondre à votre offre « Farine bio » : « Flour for bread » "
        "de Co-op A." in str(french.subject) + str(french.body)
    )
    assert "/fr/exchange/listings/" in french.body
    # and the French notification reads French in the app
    with translation.override("fr"):
        assert notification_text(notes["dora@example.org"]).startswith("Un besoin pourrait")

    # when matching runs again, nobody is told twice
    with django_capture_on_commit_callbacks(execute=True):
        listing_match(listing=need)
        listing_match(listing=offer)
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2

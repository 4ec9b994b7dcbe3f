"""The trustee's page counts the trustees with their plural form: a vote with one trustee says so,
instead of "You are one of the 1 trustees"."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from intercoop.ballots import services
from intercoop.ballots.tests.web.conftest import World, make_decision
from intercoop.core.i18n import compile_catalogues
from intercoop.governance.models import Member
from intercoop.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

ONLY = {
    "en": "You are the only trustee of this vote",
    "fr": "Vous êtes le seul garant de ce vote",
    "es": "Es el único custodio de esta votación",
}
ONE_OF_TWO = {
    "en": "You are one of the 2 trustees of this vote",
    "fr": "Vous êtes l'un des 2 garants de ce vote",
    "es": "Es uno de los 2 custodios de esta votación",
}
WRONG = {"en": "of the 1 trustees", "fr": "des 1 garants", "es": "de los 1 custodios"}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_one_trustee_is_the_only_trustee(world: World, lang: str) -> None:
    compile_catalogues()
    decision = make_decision(world)
    election = services.election_of(decision)
    services.trustees_setup(election=election, by=world.alice, users=[world.alice], threshold=1)
    TOTP.activate(world.alice, generate_totp_secret())  # trustees must use MFA
    client = world.g.personas.client_for("alice")

    page = client.get(f"/{lang}/orgs/coop-a/decisions/{decision.pk}/election/trustee/")

    assert page.status_code == 200
    text = page.content.decode()
    assert ONLY[lang] in text
    assert WRONG[lang] not in text


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_two_trustees_are_counted(world: World, lang: str) -> None:
    compile_catalogues()
    decision = make_decision(world)
    election = services.election_of(decision)
    second = Member.objects.get(pk=world.g.bob_member.pk).user or UserFactory.create()
    services.trustees_setup(
        election=election, by=world.alice, users=[world.alice, second], threshold=2
    )
    TOTP.activate(world.alice, generate_totp_secret())  # trustees must use MFA
    client = world.g.personas.client_for("alice")

    page = client.get(f"/{lang}/orgs/coop-a/decisions/{decision.pk}/election/trustee/")

    assert ONE_OF_TWO[lang] in page.content.decode()

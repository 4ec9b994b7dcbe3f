"""A single-choice ballot form has no option chosen in advance: submitting it without a choice
is refused with a message, and a blank ballot is cast only when the voter picks "Blank ballot"."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from intercoop.governance.models import Participation, SecretBallotCount
from intercoop.governance.services.decisions import decision_create, decision_open
from intercoop.governance.tests.conftest import Governance


def test_no_choice_is_refused_and_blank_must_be_chosen(governance: Governance) -> None:
    alice = governance.personas.alice
    decision = decision_create(
        organization=governance.personas.coop_a,
        by=alice,
        title="Adopt the budget",
        language="en",
        method="yes_no",
        options=[],
        secrecy="secret",
        record_date=timezone.localdate() - timedelta(days=1),
    )
    decision_open(decision=decision, by=alice)
    member = governance.alice_member.pk
    client = Client()
    client.force_login(alice)
    url = f"/en/orgs/coop-a/decisions/{decision.pk}/"
    page = client.get(url).content.decode()
    form = page[page.index(f'name="m{member}-choice"') - 200 :]
    assert " checked" not in form.split("</fieldset>")[0]

    refused = client.post(url + "vote/", {"member": member})
    assert refused.status_code == 400
    assert "Choose an option, or a blank ballot." in refused.content.decode()
    assert not Participation.objects.filter(decision=decision).exists()

    cast = client.post(url + "vote/", {"member": member, f"m{member}-choice": "blank"})
    assert cast.status_code == 302
    assert SecretBallotCount.objects.get(decision=decision).choices == "[]"

"""No ballot is taken once the vote is closed, or past its closing time, or before it opens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from intercoop.core.errors import ServiceError
from intercoop.governance.models import Decision, Member, Participation
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast

pytestmark = pytest.mark.django_db


def test_a_closed_vote_takes_no_ballot(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single")
    cast(decision, voters[0], ["Anne"])
    decision_close(decision=decision, by=governance.personas.alice)
    with pytest.raises(ServiceError) as refused:
        cast(decision, voters[1], ["Bob"])
    assert refused.value.code == "not_open"
    assert refused.value.status == 409
    assert Participation.objects.filter(decision=decision).count() == 1


def test_a_vote_past_its_closing_time_takes_no_ballot(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single")
    Decision.objects.filter(pk=decision.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ServiceError) as refused:
        cast(decision, voters[1], ["Bob"])
    assert refused.value.code == "closed"
    assert not Participation.objects.filter(decision=decision).exists()


def test_a_draft_takes_no_ballot(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single", open=False)
    with pytest.raises(ServiceError):
        cast(decision, voters[1], ["Bob"])


def test_the_page_says_so_and_keeps_the_count(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single")
    option = decision.options.get(label="Anne").pk
    decision_close(decision=decision, by=governance.personas.alice)
    member = governance.bob_member.pk
    response = governance.personas.client_for("bob").post(
        f"/en/orgs/coop-a/decisions/{decision.pk}/vote/",
        {"member": member, f"m{member}-choice": option},
    )
    assert response.status_code == 409
    assert not Participation.objects.filter(decision=decision).exists()

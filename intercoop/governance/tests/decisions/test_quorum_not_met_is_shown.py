"""Below the quorum (overall or of a college) the vote decides nothing, and the result page
says so; blank ballots count toward the quorum."""

from __future__ import annotations

from decimal import Decimal

import pytest

from intercoop.governance.models import Member, Proposal
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast, result

pytestmark = pytest.mark.django_db


def test_too_few_ballots_adopt_nothing(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    governance.rules.quorum_percent = Decimal(50)
    governance.rules.save()
    proposal = Proposal.objects.create(
        organization=governance.personas.coop_a, title="Solar roof", body="...", language="en"
    )
    decision = make_decision("yes_no", proposal=proposal)
    for member in voters[:4]:
        cast(decision, member, ["Yes"])
    decision = decision_close(decision=decision, by=governance.personas.alice)
    assert result(decision)["outcome"]["passed"] is True  # every vote was Yes...
    assert result(decision)["turnout"]["quorum"] == {
        "source": "rules",
        "required": "1/2",
        "met": False,
    }
    assert result(decision)["adopted"] is False  # ...but 4 of 10 is below the quorum
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.OUTCOME
    assert proposal.outcome == "The quorum was not reached."
    page = governance.personas.client_for("bob").get(
        f"/en/orgs/coop-a/decisions/{decision.pk}/result/"
    )
    text = page.content.decode()
    assert "Quorum not reached (required: 50.0 %" in text
    assert "Not adopted: the quorum was not reached (4 of 10 members voted; 5 needed)." in text


def test_blank_ballots_count_toward_the_quorum(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    governance.rules.quorum_percent = Decimal(50)
    governance.rules.save()
    decision = make_decision("yes_no")
    for member in voters[:4]:
        cast(decision, member, ["Yes"])
    cast(decision, voters[4], [])
    decision = decision_close(decision=decision, by=governance.personas.alice)
    assert result(decision)["turnout"]["quorum"]["met"] is True
    assert result(decision)["adopted"] is True


def test_a_college_below_its_own_quorum_blocks_the_quorum(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    governance.rules.colleges.filter(key="supporters").update(quorum_percent=Decimal(50))
    decision = make_decision("yes_no")
    for member in voters[:7]:  # the workers and users; one supporter of three votes
        cast(decision, member, ["Yes"])
    cast(decision, voters[7], ["Yes"])
    decision = decision_close(decision=decision, by=governance.personas.alice)
    supporters = next(
        c for c in result(decision)["turnout"]["colleges"] if c["key"] == "supporters"
    )
    assert supporters == {
        "key": "supporters",
        "name": "Supporters",
        "roll": 3,
        "voted": 1,
        "quorum": "1/2",
        "met": False,
    }
    assert result(decision)["turnout"]["quorum"]["met"] is False
    assert result(decision)["adopted"] is False

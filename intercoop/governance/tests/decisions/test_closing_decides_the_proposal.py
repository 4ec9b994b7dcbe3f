"""A proposal put to the vote is in the "vote" state while its decision is open, and gets its
outcome when the decision closes; the close is audited with the result's hash."""

from __future__ import annotations

import pytest

from intercoop.core.errors import ServiceError
from intercoop.governance.models import AuditEntry, Member, Notification, Proposal
from intercoop.governance.selectors.decisions import result_hash
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast, result

pytestmark = pytest.mark.django_db


def test_the_proposal_follows_its_decision(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    proposal = Proposal.objects.create(
        organization=governance.personas.coop_a,
        title="Four-day week",
        body="...",
        language="en",
        state=Proposal.State.DISCUSSION,
    )
    decision = make_decision("yes_no", proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.VOTE
    for member in voters:
        cast(decision, member, ["Yes"])
    decision = decision_close(decision=decision, by=governance.personas.alice)
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.OUTCOME
    assert proposal.outcome == "Adopted."
    assert proposal.decided_at is not None
    tally = AuditEntry.objects.get(action="tally.made")
    assert tally.data["result_hash"] == result_hash(result(decision))
    assert AuditEntry.objects.filter(action="decision.closed").count() == 1
    assert Notification.objects.filter(kind="decision.closed").count() == 10
    with pytest.raises(ServiceError):
        decision_close(decision=decision, by=governance.personas.alice)

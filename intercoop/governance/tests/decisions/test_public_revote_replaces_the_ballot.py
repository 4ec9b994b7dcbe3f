"""A public ballot may be changed until the close: the last one counts, once; where the vote
forbids changes, a second ballot is refused with a clear message."""

from __future__ import annotations

import pytest

from intercoop.core.errors import ServiceError
from intercoop.governance.models import AuditEntry, Member, Participation
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast, option_ids, result

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unweighted")]


def test_the_last_public_ballot_counts_once(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single")
    first = cast(decision, voters[1], ["Anne"])
    second = cast(decision, voters[1], ["Carol"])
    assert (first.revote, second.revote) == (False, True)
    participation = Participation.objects.get(decision=decision, member=voters[1])
    assert participation.choices == [option_ids(decision)["Carol"]]
    assert participation.revotes == 1
    decision = decision_close(decision=decision, by=governance.personas.alice)
    assert result(decision)["overall"]["counts"] == {"Anne": 0, "Bob": 0, "Carol": 1}
    casts = AuditEntry.objects.filter(action="ballot.cast").order_by("seq")
    assert [e.data["revote"] for e in casts] == [False, True]
    assert all("choices" not in e.data for e in casts)


def test_a_second_ballot_is_refused_when_changes_are_not_allowed(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single", allow_revote=False)
    cast(decision, voters[1], ["Anne"])
    with pytest.raises(ServiceError) as refused:
        cast(decision, voters[1], ["Carol"])
    assert refused.value.code == "already_voted"
    assert "does not allow changes" in refused.value.message
    participation = Participation.objects.get(decision=decision, member=voters[1])
    assert participation.choices == [option_ids(decision)["Anne"]]

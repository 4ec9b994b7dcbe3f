"""A college with fewer ballots than the rules' minimum has its own result withheld (so its
members' votes stay secret), still counts in the overall result, and the page explains why."""

from __future__ import annotations

import pytest

from intercoop.governance.models import Member
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast, result

pytestmark = pytest.mark.django_db


def test_a_small_college_result_is_withheld(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    governance.rules.min_college_ballots_to_publish = 3
    governance.rules.save()
    # a secret vote: a public one names every ballot, so it withholds nothing
    decision = make_decision("single", secrecy="secret")
    # workers: Alice and one more (2 ballots); users: 4 ballots; supporters: 3 ballots
    for index in (0, 2, 1, 4, 5, 6, 7, 8, 9):
        cast(decision, voters[index], ["Carol" if index in (0, 2) else "Bob"])
    decision = decision_close(decision=decision, by=governance.personas.alice)
    assert result(decision)["turnout"]["publishable"] == ["supporters", "users"]
    # the workers' ballots still count overall
    shares = result(decision)["overall"]["shares"]
    assert shares["Carol"] == "2/5"
    text = (
        governance.personas.client_for("bob")
        .get(f"/en/orgs/coop-a/decisions/{decision.pk}/result/")
        .content.decode()
    )
    assert "Result in the college Users" in text
    assert "Result in the college Workers" not in text
    workers_row = text.split('<th scope="row">Workers</th>')[1].split("</tr>")[0]
    assert "withheld" in workers_row
    assert "at least 3 ballots" in text

"""With weighted colleges (40/40/20), each college's result counts for its weight, whatever its
number of voters: a lone worker outweighs four users split between two options. The shares
are those of weighted_shares; ranked methods give the same winner through weighted BLT
ballots."""

from __future__ import annotations

from fractions import Fraction

import pytest

from intercoop.governance.models import Member
from intercoop.governance.selectors.decisions import decision_rules
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast
from intercoop.governance.tests.decisions.conftest import result as result_of
from intercoop_tools.rules.results import weighted_shares

pytestmark = pytest.mark.django_db

# Alice (worker) alone for Anne; users 2 Bob 2 Carol; supporters 2 Bob 1 Carol.
BALLOTS = {0: "Anne", 1: "Bob", 4: "Bob", 5: "Carol", 6: "Carol", 7: "Bob", 8: "Bob", 9: "Carol"}


@pytest.mark.parametrize("method", ["single", "irv"])
def test_a_lone_worker_outweighs_the_split_users(
    governance: Governance, voters: list[Member], make_decision: MakeDecision, method: str
) -> None:
    decision = make_decision(method)
    for index, choice in BALLOTS.items():
        cast(decision, voters[index], [choice])
    decision = decision_close(decision=decision, by=governance.personas.alice)
    result = result_of(decision)
    # Pooled, Bob has 4 votes to Carol's 3 and Anne's 1; weighted, Anne wins.
    assert result["weighted"] is True
    assert result["overall"]["winners"] == ["Anne"]
    assert [c["weight"] for c in result["colleges"]] == ["2/5", "2/5", "1/5"]
    if method == "single":
        shares = {k: Fraction(v) for k, v in result["overall"]["shares"].items()}
        assert shares == {
            "Anne": Fraction(2, 5),
            "Bob": Fraction(2, 5) * Fraction(1, 2) + Fraction(1, 5) * Fraction(2, 3),
            "Carol": Fraction(2, 5) * Fraction(1, 2) + Fraction(1, 5) * Fraction(1, 3),
        }
        per_college = {
            c["key"]: c["result"]["counts"] for c in result["colleges"] if c["result"] is not None
        }
        assert shares == weighted_shares(per_college, decision_rules(decision))
    else:
        # Each ballot weighs floor(w * 10**8 / n): 40,000,000 for Alice's, 10,000,000 for a
        # user's, 6,666,666 for a supporter's.
        first = result["overall"]["rounds"][0]["tallies"]
        assert first == {"Anne": 40_000_000, "Bob": 33_333_332, "Carol": 26_666_666}


def test_the_result_page_shows_the_weights(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single")
    for index, choice in BALLOTS.items():
        cast(decision, voters[index], [choice])
    decision_close(decision=decision, by=governance.personas.alice)
    page = governance.personas.client_for("bob").get(
        f"/en/orgs/coop-a/decisions/{decision.pk}/result/"
    )
    text = page.content.decode()
    assert (
        "The colleges&#x27; votes are weighted" in text
        or "The colleges' votes are weighted" in text
    )
    assert "<td>40.0 %</td>" in text and "<td>20.0 %</td>" in text
    assert "<svg" in text and "<title" in text
    assert 'style="' not in text

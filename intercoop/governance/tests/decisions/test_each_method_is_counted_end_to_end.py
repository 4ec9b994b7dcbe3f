"""Each voting method, public and secret, from creation to the stored result, through the
services: the winners are those the ballots make, and every ballot is counted once."""

from __future__ import annotations

from typing import Any

import pytest

from intercoop.governance.models import Decision, Member
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast, result

pytestmark = pytest.mark.django_db

# The ten voters: Alice (worker), Bob (user), worker, worker, user, user, user, supporting,
# community, supporting. Each case: method, seats, ballots in voter order, expected winners.
A, B, C = "Anne", "Bob", "Carol"
CASES: list[tuple[str, int, list[Any], list[str]]] = [
    ("single", 1, [[A], [B], [A], [A], [B], [B], [B], [C], [C], [C]], [B]),
    ("approval", 1, [[A, C], [B], [A, C], [C], [B], [B, C], [B], [C], [A], [A]], [C]),
    (
        "score",
        1,
        [{A: 5}, {B: 3}, {A: 4, B: 5}, {C: 1}, {B: 5}, {B: 2}, {A: 1}, {C: 5}, {}, {A: 2}],
        [B],
    ),
    # IRV: Carol is eliminated first and her ballots go to Anne.
    ("irv", 1, [[A], [A], [A], [B], [B], [B], [B], [C, A], [C, A], []], [A]),
    ("stv_scottish", 2, [[A, C], [A, C], [A, C], [A, B], [A], [B], [C], [C], [B], [A]], [A, C]),
    ("stv_meek", 2, [[A, C], [A, C], [A, C], [A, B], [A], [B], [C], [C], [B], [A]], [A, C]),
    # Schulze: Carol beats both Anne and Bob head to head though fewest first preferences.
    (
        "schulze",
        1,
        [[A, C, B], [A, C, B], [A, C, B], [B, C, A], [B, C, A], [B, C, A], [C], [C, A], [C, B], []],
        [C],
    ),
]


@pytest.mark.parametrize("secrecy", ["public", "secret"])
@pytest.mark.parametrize(("method", "seats", "ballots", "winners"), CASES)
def test_the_ballots_elect_the_expected_winners(
    governance: Governance,
    voters: list[Member],
    make_decision: MakeDecision,
    secrecy: str,
    method: str,
    seats: int,
    ballots: list[Any],
    winners: list[str],
) -> None:
    # Given an unweighted co-op (weights would change the winners) and an open decision
    governance.rules.colleges.update(weight_percent=None)
    decision = make_decision(method, seats=seats, secrecy=secrecy)
    # When every member votes and the board closes the vote
    for member, ballot in zip(voters, ballots, strict=True):
        cast(decision, member, ballot)
    decision = decision_close(decision=decision, by=governance.personas.alice)
    # Then the stored result names the winners, in order of election for STV
    assert decision.state == Decision.State.CLOSED
    overall = result(decision)["overall"]
    assert overall["weighted"] is False
    if method.startswith("stv"):
        assert sorted(overall["winners"]) == sorted(winners)
    else:
        assert overall["winners"] == winners
    blank = sum(1 for b in ballots if not b)
    assert overall["ballots"] == 10
    assert overall["blank"] == blank
    assert result(decision)["turnout"]["ballots"] == 10


@pytest.mark.parametrize("secrecy", ["public", "secret"])
@pytest.mark.parametrize(
    ("threshold", "yes", "no", "blank", "adopted"),
    [
        ("majority", 5, 5, 0, False),  # exactly half is not a majority
        ("majority", 5, 4, 1, True),  # the blank ballot is not a vote against
        ("two_thirds", 6, 3, 1, True),  # exactly two thirds is enough
        ("two_thirds", 5, 3, 2, False),
        ("unanimity", 9, 0, 1, True),
        ("unanimity", 9, 1, 0, False),
    ],
)
def test_yes_no_applies_its_threshold_to_yes_and_no(
    governance: Governance,
    voters: list[Member],
    make_decision: MakeDecision,
    secrecy: str,
    threshold: str,
    yes: int,
    no: int,
    blank: int,
    adopted: bool,
) -> None:
    governance.rules.colleges.update(weight_percent=None)
    decision = make_decision("yes_no", threshold=threshold, secrecy=secrecy)
    ballots = [["Yes"]] * yes + [["No"]] * no + [[]] * blank
    for member, ballot in zip(voters, ballots, strict=True):
        cast(decision, member, ballot)
    decision = decision_close(decision=decision, by=governance.personas.alice)
    assert result(decision)["outcome"]["passed"] is adopted
    assert result(decision)["adopted"] is adopted
    assert result(decision)["overall"]["counts"] == {"Yes": yes, "No": no}


@pytest.mark.parametrize(
    ("ballots", "adopted"),
    [
        (["Agree"] * 6 + ["Disagree"] * 2 + ["Abstain"] * 2, True),
        (["Agree"] * 6 + ["Disagree"] * 2 + ["Block"] + ["Abstain"], False),  # one block stops it
        (["Agree"] * 3 + ["Disagree"] * 3 + ["Abstain"] * 4, False),  # agree must outnumber
        (["Agree"] + ["Abstain"] * 9, True),  # abstentions are not objections
    ],
)
def test_consent_passes_without_block_when_agree_outnumbers_disagree(
    governance: Governance,
    voters: list[Member],
    make_decision: MakeDecision,
    ballots: list[str],
    adopted: bool,
) -> None:
    governance.rules.colleges.update(weight_percent=None)
    decision = make_decision("consent")
    for member, ballot in zip(voters, ballots, strict=True):
        cast(decision, member, [ballot])
    decision = decision_close(decision=decision, by=governance.personas.alice)
    assert result(decision)["adopted"] is adopted
    assert result(decision)["outcome"]["blocks"] == ballots.count("Block")
    assert sum(c["abstain"] for c in result(decision)["colleges"]) == ballots.count("Abstain")

"""The result a decision stores at its close reads back, through its typed form
(``governance.results``), as exactly the JSON stored: every method, weighted or not, public or
secret, with ballots and with none."""

from __future__ import annotations

import json
from typing import Any

import pytest

from intercoop.governance.models import Member
from intercoop.governance.results import DecisionResult, stored_result
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast
from intercoop.governance.tests.decisions.test_export_recount_matches_the_stored_result import (
    BALLOTS,
)

pytestmark = pytest.mark.django_db

OPTIONS = ("Anne", "Brian", "Carol", "Dan")


def _read_back(stored: Any) -> None:
    typed = stored_result(stored)
    assert isinstance(typed, DecisionResult)
    assert typed == DecisionResult.from_json(stored)
    again = typed.to_json()
    assert again == stored
    assert json.dumps(again, sort_keys=True) == json.dumps(stored, sort_keys=True)


@pytest.mark.parametrize("secrecy", ["public", "secret"])
@pytest.mark.parametrize("weighted", [True, False], ids=["weighted", "unweighted"])
@pytest.mark.parametrize("method", list(BALLOTS))
def test_a_stored_result_reads_back_as_stored(
    governance: Governance,
    voters: list[Member],
    make_decision: MakeDecision,
    method: str,
    weighted: bool,
    secrecy: str,
) -> None:
    if not weighted:
        governance.rules.colleges.update(weight_percent=None)
    seats = 2 if method in ("stv_scottish", "stv_meek", "approval", "schulze") else 1
    decision = make_decision(method, OPTIONS, seats=seats, secrecy=secrecy)
    for member, ballot in zip(voters, BALLOTS[method], strict=True):
        cast(decision, member, ballot)
    decision = decision_close(decision=decision, by=governance.personas.alice)
    decision.refresh_from_db()
    _read_back(decision.result)


@pytest.mark.parametrize("weighted", [True, False], ids=["weighted", "unweighted"])
@pytest.mark.parametrize("method", ["yes_no", "consent", "single", "score", "irv", "stv_meek"])
def test_a_result_without_ballots_reads_back_as_stored(
    governance: Governance,
    voters: list[Member],
    make_decision: MakeDecision,
    method: str,
    weighted: bool,
) -> None:
    if not weighted:
        governance.rules.colleges.update(weight_percent=None)
    decision = make_decision(method, OPTIONS)
    decision = decision_close(decision=decision, by=governance.personas.alice)
    decision.refresh_from_db()
    assert decision.result is not None and decision.result["overall"]["winners"] == []
    _read_back(decision.result)

"""Malformed or hostile ballots are refused with a clear reason and nothing is recorded:
unknown options, an option ranked twice, scores out of range, two choices where one is
allowed, gaps in a ranking on the page."""

from __future__ import annotations

from typing import Any

import pytest

from intercoop.core.errors import ServiceError
from intercoop.governance.models import Member, Participation, SecretBallotCount
from intercoop.governance.services.decisions import ballot_cast
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, option_ids

pytestmark = pytest.mark.django_db


def bad(method: str, ids: dict[str, int]) -> list[tuple[Any, str]]:
    a, b = ids.get("Anne", 0), ids.get("Bob", 0)
    cases: dict[str, list[tuple[Any, str]]] = {
        "single": [([a, b], "Choose one option only."), ([999999], "unknown option")],
        "approval": [
            ([a, a], "chosen twice"),
            (["x"], "unknown option"),
            ({"a": 1}, "could not be read"),
        ],
        "irv": [([a, b, a], "ranked twice"), ([a, 999999], "unknown option")],
        "score": [
            ({a: 6}, "Scores go from 0 to 5"),
            ({a: -1}, "Scores go from 0 to 5"),
            ({a: "many"}, "whole number"),
            ([a], "could not be read"),
            ({999999: 1}, "unknown option"),
        ],
    }
    return cases[method]


@pytest.mark.parametrize("secrecy", ["public", "secret"])
@pytest.mark.parametrize("method", ["single", "approval", "irv", "score"])
def test_bad_ballots_are_refused(
    governance: Governance,
    voters: list[Member],
    make_decision: MakeDecision,
    method: str,
    secrecy: str,
) -> None:
    decision = make_decision(method, secrecy=secrecy)
    for choices, reason in bad(method, option_ids(decision)):
        with pytest.raises(ServiceError) as refused:
            ballot_cast(
                decision=decision,
                by=governance.personas.bob,
                member=governance.bob_member,
                choices=choices,
            )
        assert refused.value.code == "invalid_ballot"
        assert reason in refused.value.message
    assert not Participation.objects.filter(decision=decision).exists()
    assert not SecretBallotCount.objects.filter(decision=decision).exists()


def test_the_ranked_form_refuses_gaps_and_repeats_on_the_field(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("irv")
    ids = option_ids(decision)
    member = governance.bob_member.pk
    client = governance.personas.client_for("bob")
    url = f"/en/orgs/coop-a/decisions/{decision.pk}/vote/"
    gap = client.post(
        url, {"member": member, f"m{member}-rank_1": ids["Anne"], f"m{member}-rank_3": ids["Bob"]}
    )
    assert gap.status_code == 400
    assert "Choice 3 is given but choice 2 is empty" in gap.content.decode()
    repeat = client.post(
        url, {"member": member, f"m{member}-rank_1": ids["Anne"], f"m{member}-rank_2": ids["Anne"]}
    )
    assert repeat.status_code == 400
    text = repeat.content.decode()
    assert "This option is already ranked Choice 1." in text
    # the error is tied to its field
    assert 'aria-invalid="true"' in text and f'id="id_m{member}-rank_2"' in text
    hostile = client.post(url, {"member": member, f"m{member}-rank_1": "999999"})
    assert hostile.status_code == 400
    assert not Participation.objects.filter(decision=decision).exists()


def test_a_ballot_for_a_member_of_another_coop_is_not_found(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single")
    response = governance.personas.client_for("bob").post(
        f"/en/orgs/coop-a/decisions/{decision.pk}/vote/",
        {"member": governance.charlie_member.pk},
    )
    assert response.status_code == 404
    assert not Participation.objects.filter(decision=decision).exists()

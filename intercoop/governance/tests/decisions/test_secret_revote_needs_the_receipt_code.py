"""A secret ballot can be changed only with the receipt code shown at the first cast: the old
ballot leaves its count and the new one joins; without the code, or with a wrong one, nothing
changes."""

from __future__ import annotations

import pytest

from intercoop.core.errors import ServiceError
from intercoop.governance.models import (
    Decision,
    Member,
    Participation,
    RevoteSeal,
    SecretBallotCount,
)
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast, result

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unweighted")]


def counts(decision: Decision) -> int:
    return sum(
        int(n)
        for n in SecretBallotCount.objects.filter(decision=decision).values_list("count", flat=True)
    )


def test_the_receipt_code_changes_a_secret_ballot(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single", secrecy="secret")
    receipt = cast(decision, voters[0], ["Anne"])
    cast(decision, voters[1], ["Anne"])
    assert receipt.code is not None and len(receipt.code) == 32  # 128 bits, in hex
    again = cast(decision, voters[0], ["Bob"], receipt_code=receipt.code)
    assert again.revote is True and again.code is None
    # and once more with the same code
    cast(decision, voters[0], ["Carol"], receipt_code=receipt.code.upper())
    assert counts(decision) == 2
    assert RevoteSeal.objects.filter(decision=decision).count() == 2
    decision = decision_close(decision=decision, by=governance.personas.alice)
    assert result(decision)["overall"]["counts"] == {"Anne": 1, "Bob": 0, "Carol": 1}


@pytest.mark.parametrize("code", [None, "", "0" * 32])
def test_without_the_right_code_a_secret_ballot_stays(
    governance: Governance, voters: list[Member], make_decision: MakeDecision, code: str | None
) -> None:
    decision = make_decision("single", secrecy="secret")
    cast(decision, voters[0], ["Anne"])
    with pytest.raises(ServiceError) as refused:
        cast(decision, voters[0], ["Bob"], receipt_code=code)
    assert refused.value.code == ("receipt_code_needed" if not code else "receipt_code_wrong")
    assert "receipt code" in refused.value.message
    assert counts(decision) == 1
    assert Participation.objects.get(decision=decision).revotes == 0
    decision = decision_close(decision=decision, by=governance.personas.alice)
    assert result(decision)["overall"]["counts"]["Anne"] == 1


def test_one_voters_code_does_not_open_another_decision(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    first = make_decision("single", secrecy="secret")
    second = make_decision("single", secrecy="secret")
    receipt = cast(first, voters[0], ["Anne"])
    cast(second, voters[0], ["Anne"])
    with pytest.raises(ServiceError):
        cast(second, voters[0], ["Bob"], receipt_code=receipt.code)


def test_the_receipt_page_tells_the_voter_to_keep_the_code(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single", secrecy="secret")
    option = decision.options.get(label="Anne").pk
    client = governance.personas.client_for("bob")
    member = governance.bob_member.pk
    response = client.post(
        f"/en/orgs/coop-a/decisions/{decision.pk}/vote/",
        {"member": member, f"m{member}-choice": option},
        follow=True,
    )
    page = response.content.decode()
    assert "keep this code to change your vote" in page.lower()
    code = page.split('class="receipt-code">')[1].split("<")[0]
    # shown once only
    again = client.get(f"/en/orgs/coop-a/decisions/{decision.pk}/receipt/").content.decode()
    assert code not in again
    # and it works
    response = client.post(
        f"/en/orgs/coop-a/decisions/{decision.pk}/vote/",
        {"member": member, f"m{member}-choice": "blank", f"m{member}-receipt_code": code},
    )
    assert response.status_code == 302
    assert counts(decision) == 1
    assert SecretBallotCount.objects.get(decision=decision, count=1).choices == "[]"

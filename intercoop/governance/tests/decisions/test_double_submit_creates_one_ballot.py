"""Submitting the same ballot form twice records one ballot: a public vote keeps one
Participation (the second is a change to the same choice), a secret vote refuses the second
with a message and no server error."""

from __future__ import annotations

import pytest

from intercoop.governance.models import Member, Participation, SecretBallotCount
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("secrecy", "allow_revote", "second"),
    [("public", True, 302), ("public", False, 409), ("secret", True, 409), ("secret", False, 409)],
)
def test_the_same_form_twice_counts_once(
    governance: Governance,
    voters: list[Member],
    make_decision: MakeDecision,
    secrecy: str,
    allow_revote: bool,
    second: int,
) -> None:
    decision = make_decision("single", secrecy=secrecy, allow_revote=allow_revote)
    option = decision.options.get(label="Anne").pk
    member = governance.bob_member.pk
    client = governance.personas.client_for("bob")
    form = {"member": member, f"m{member}-choice": option}
    url = f"/en/orgs/coop-a/decisions/{decision.pk}/vote/"
    assert client.post(url, form).status_code == 302
    response = client.post(url, form)
    assert response.status_code == second
    if second == 409:
        assert b"already been cast" in response.content
    assert Participation.objects.filter(decision=decision).count() == 1
    if secrecy == "secret":
        assert list(
            SecretBallotCount.objects.filter(decision=decision).values_list("count", flat=True)
        ) == [1]

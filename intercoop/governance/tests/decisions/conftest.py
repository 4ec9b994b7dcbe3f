"""Decisions on co-op A of the ``governance`` fixture: every member of A gets an account, so
each can vote for themselves (Alice and Bob keep theirs)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.utils import timezone

from intercoop.governance.models import Decision, Member, Option
from intercoop.governance.services.decisions import ballot_cast, decision_create, decision_open
from intercoop.governance.tests.conftest import Governance
from intercoop.organizations.models import Role
from intercoop.testing.factories import RoleFactory, UserFactory


@pytest.fixture
def voters(governance: Governance) -> list[Member]:
    """Every member of A, each with an account and the member role (Alice and Bob first)."""
    for member in governance.members[2:]:
        user = UserFactory.create()
        RoleFactory.create(
            organization=governance.personas.coop_a, user=user, role=Role.Name.MEMBER
        )
        member.user = user
        member.save()
    return governance.members


MakeDecision = Callable[..., Decision]


@pytest.fixture
def make_decision(governance: Governance) -> MakeDecision:
    """Create (as Alice) and, unless ``open=False``, open a decision of co-op A."""

    def make(
        method: str,
        options: Sequence[str] = ("Anne", "Bob", "Carol"),
        *,
        open: bool = True,
        **kw: Any,
    ) -> Decision:
        kw.setdefault("title", f"A {method} vote")
        kw.setdefault("language", "en")
        kw.setdefault("record_date", timezone.localdate())
        decision = decision_create(
            organization=governance.personas.coop_a,
            by=governance.personas.alice,
            method=method,
            options=list(options),
            **kw,
        )
        if open:
            decision = decision_open(decision=decision, by=governance.personas.alice)
        return decision

    return make


def option_ids(decision: Decision) -> dict[str, int]:
    return {o.label: o.pk for o in Option.objects.filter(decision=decision)}


def cast(decision: Decision, member: Member, choices: Any, **kw: Any) -> Any:
    """Cast ``member``'s own ballot; choices name options by label."""
    ids = option_ids(decision)
    if isinstance(choices, dict):
        ballot: Any = {ids[k]: v for k, v in choices.items()}
    else:
        ballot = [ids[c] for c in choices]
    return ballot_cast(decision=decision, by=member.voter, member=member, choices=ballot, **kw)


@pytest.fixture
def unweighted(governance: Governance) -> None:
    """Co-op A's colleges without weights: one member, one vote, ballots pooled."""
    governance.rules.colleges.update(weight_percent=None)


def result(decision: Decision) -> dict[str, Any]:
    """The stored result of a closed decision."""
    assert decision.result is not None, "the decision has no result"
    return dict(decision.result)

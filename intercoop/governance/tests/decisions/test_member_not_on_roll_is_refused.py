"""Only members on the frozen roll vote, and only through their own account: a member who
joins after the record date, a member of another co-op, or someone else's account is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from intercoop.core.errors import ServiceError
from intercoop.governance.models import Member, Participation
from intercoop.governance.services.decisions import ballot_cast
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast, option_ids
from intercoop.organizations.models import Role
from intercoop.testing.factories import MemberFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_member_who_joined_after_the_roll_was_frozen_is_refused(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single")
    user = UserFactory.create()
    RoleFactory.create(organization=governance.personas.coop_a, user=user, role=Role.Name.MEMBER)
    newcomer = MemberFactory.create(
        organization=governance.personas.coop_a,
        category="worker",
        user=user,
        joined_on=timezone.localdate() + timedelta(days=1),
    )
    with pytest.raises(ServiceError) as refused:
        cast(decision, newcomer, ["Anne"])
    assert refused.value.code == "not_on_roll"
    assert not Participation.objects.filter(decision=decision).exists()


def test_a_member_of_another_coop_is_refused(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single")
    with pytest.raises(PermissionDenied):  # Charlie has no role in co-op A
        ballot_cast(
            decision=decision,
            by=governance.personas.charlie,
            member=governance.charlie_member,
            choices=[option_ids(decision)["Anne"]],
        )
    assert not Participation.objects.filter(decision=decision).exists()


def test_a_member_cannot_cast_another_members_ballot(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single")
    with pytest.raises(ServiceError) as refused:
        ballot_cast(
            decision=decision,
            by=governance.personas.bob,
            member=governance.alice_member,
            choices=[option_ids(decision)["Anne"]],
        )
    assert refused.value.code == "not_your_ballot"
    assert refused.value.status == 403
    assert not Participation.objects.filter(decision=decision).exists()

"""The governance world: co-op A with SCIC rules, three weighted colleges and a register.

Alice administers A and is a worker member; Bob is a user member of A; Charlie is a member of
co-op B and must see nothing of A's governance. Eight more members of A have no account; they
vote through the board (paper) or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.governance.models import Member, RuleSet, VotingCollege
from intercoop.testing.factories import MemberFactory

COLLEGES = (
    # key, name, categories, weight in percent
    ("workers", "Workers", ["worker"], Decimal(40)),
    ("users", "Users", ["user"], Decimal(40)),
    ("supporters", "Supporters", ["supporting", "community"], Decimal(20)),
)


@dataclass
class Governance:
    personas: Personas
    rules: RuleSet
    alice_member: Member
    bob_member: Member
    charlie_member: Member  # in co-op B's register
    members: list[Member] = field(default_factory=list)  # every member of A, Alice and Bob first


@pytest.fixture
def governance(personas: Personas) -> Governance:
    return build_governance(personas)


def build_governance(personas: Personas) -> Governance:
    """Co-op A's rules (SCIC, four colleges) and register of ten members, Alice and Bob among
    them, and co-op B's with Charlie: the ``governance`` fixture, and the worlds built once per
    module (``intercoop.testing.shared_world``)."""
    ruleset = RuleSet.objects.create(
        organization=personas.coop_a,
        preset="scic_france",
        quorum_percent=Decimal(20),
        notice_days=15,
    )
    for position, (key, name, categories, weight) in enumerate(COLLEGES):
        VotingCollege.objects.create(
            ruleset=ruleset,
            key=key,
            name=name,
            categories=categories,
            weight_percent=weight,
            position=position,
        )
    long_ago = timezone.localdate() - timedelta(days=800)
    alice = MemberFactory.create(
        organization=personas.coop_a,
        name="Alice",
        category="worker",
        user=personas.alice,
        joined_on=long_ago,
    )
    bob = MemberFactory.create(
        organization=personas.coop_a,
        name="Bob",
        category="user",
        user=personas.bob,
        joined_on=long_ago,
    )
    others = [
        MemberFactory.create(organization=personas.coop_a, category=category, joined_on=long_ago)
        for category in (
            "worker",
            "worker",
            "user",
            "user",
            "user",
            "supporting",
            "community",
            "supporting",
        )
    ]
    RuleSet.objects.create(organization=personas.coop_b, preset="custom")
    charlie = MemberFactory.create(
        organization=personas.coop_b,
        name="Charlie",
        category="user",
        user=personas.charlie,
        joined_on=long_ago,
    )
    return Governance(
        personas=personas,
        rules=ruleset,
        alice_member=alice,
        bob_member=bob,
        charlie_member=charlie,
        members=[alice, bob, *others],
    )

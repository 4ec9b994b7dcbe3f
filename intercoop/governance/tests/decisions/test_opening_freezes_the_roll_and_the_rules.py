"""Opening a decision freezes, in one transaction, the rules and the roll (eligible members at
the record date, by college, with their voting account), records the roll's SHA-256 as
documented and audits it; later changes to the register or the rules change nothing."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from intercoop.core.errors import ServiceError
from intercoop.governance.models import AuditEntry, Member, Notification, RollEntry
from intercoop.governance.selectors.decisions import decision_rules
from intercoop.governance.services.decisions import decision_open
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision
from intercoop.testing.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_the_roll_is_frozen_at_the_opening(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    # a member who joined after the record date is not on the roll
    record_date = timezone.localdate() - timedelta(days=10)
    MemberFactory.create(
        organization=governance.personas.coop_a,
        category="worker",
        joined_on=record_date + timedelta(days=1),
    )
    decision = make_decision("single", record_date=record_date)
    entries = list(RollEntry.objects.filter(decision=decision).order_by("member_id"))
    assert [e.member_id for e in entries] == sorted(m.pk for m in voters)
    colleges = {e.member_id: e.college for e in entries}
    assert colleges[governance.alice_member.pk] == "workers"
    assert colleges[governance.bob_member.pk] == "users"
    assert {e.member_id: e.voter_id for e in entries}[
        governance.bob_member.pk
    ] == governance.personas.bob.pk
    listing = f"intercoop-roll/1\t{decision.pk}\t{record_date.isoformat()}\n" + "".join(
        f"{e.member_id}\t{e.college}\n" for e in entries
    )
    assert decision.roll_hash == hashlib.sha256(listing.encode()).hexdigest()
    frozen = AuditEntry.objects.get(action="roll.frozen")
    assert frozen.data == {
        "size": 10,
        "colleges": {"workers": 3, "users": 4, "supporters": 3},
        "roll_hash": decision.roll_hash,
    }
    assert AuditEntry.objects.filter(action="decision.opened").count() == 1
    # every voter is told
    assert Notification.objects.filter(kind="decision.opened").count() == 10

    # Later changes to the rules do not change the decision's
    governance.rules.colleges.filter(key="workers").update(weight_percent=Decimal(50))
    governance.rules.colleges.filter(key="supporters").update(weight_percent=Decimal(10))
    weights = {c.key: c.weight for c in decision_rules(decision).colleges}
    assert str(weights["workers"]) == "2/5"


def test_a_decision_opens_once(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single")
    with pytest.raises(ServiceError) as refused:
        decision_open(decision=decision, by=governance.personas.alice)
    assert refused.value.code == "not_draft"
    assert RollEntry.objects.filter(decision=decision).count() == 10


def test_an_empty_roll_cannot_open(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision(
        "single", open=False, record_date=timezone.localdate() - timedelta(days=5000)
    )
    with pytest.raises(ServiceError) as refused:
        decision_open(decision=decision, by=governance.personas.alice)
    assert refused.value.code == "roll_empty"
    decision.refresh_from_db()
    assert decision.state == "draft" and decision.roll_hash == ""
    assert not AuditEntry.objects.filter(action="roll.frozen").exists()

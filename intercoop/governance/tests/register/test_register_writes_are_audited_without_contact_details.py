"""Each write of the register appends one audit entry, in the same transaction, naming the
member by number and never by contact details."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from intercoop.governance.audit import verify
from intercoop.governance.models import AuditEntry
from intercoop.governance.services.register import (
    MemberData,
    member_add,
    member_status_change,
    member_update,
)
from intercoop.governance.tests.conftest import Governance


def test_add_change_and_status_are_each_audited(governance: Governance) -> None:
    org, alice = governance.personas.coop_a, governance.personas.alice
    joined = timezone.localdate() - timedelta(days=30)
    data = MemberData(
        number="N-1", name="Eve", category="worker", joined_on=joined, email="eve@example.org"
    )

    member = member_add(organization=org, data=data, by=alice)
    changed = member_update(
        member=member,
        data=MemberData(
            number="N-1", name="Eve", category="user", joined_on=joined, email="eve@example.org"
        ),
        by=alice,
    )
    unchanged = member_update(
        member=member,
        data=MemberData(
            number="N-1", name="Eve", category="user", joined_on=joined, email="eve@example.org"
        ),
        by=alice,
    )
    member_status_change(member=member, status="left", on=joined + timedelta(days=2), by=alice)

    assert changed == ["category"]
    assert unchanged == []
    entries = list(AuditEntry.objects.filter(organization=org).order_by("seq"))
    assert [(e.action, e.actor_id) for e in entries] == [
        ("member.added", alice.pk),
        ("member.changed", alice.pk),
        ("member.status_changed", alice.pk),
    ]
    assert entries[1].data == {"number": "N-1", "fields": ["category"]}
    assert entries[2].data == {
        "number": "N-1",
        "status": "left",
        "on": (joined + timedelta(days=2)).isoformat(),
    }
    assert all("eve@example.org" not in str(e.data) and "Eve" not in str(e.data) for e in entries)
    assert verify(org).ok

from __future__ import annotations

from django.urls import reverse

from intercoop.governance.models import Attendance, AuditEntry, Meeting, Proxy
from intercoop.governance.services import meetings as services
from intercoop.governance.tests.conftest import Governance


def test_a_member_who_comes_votes_in_person_and_their_proxy_is_revoked(
    governance: Governance, convened: Meeting
) -> None:
    # given: Bob gives his own proxy to Alice, who attends and so represents him
    bob_client = governance.personas.client_for("bob")
    response = bob_client.post(
        reverse("governance:meeting_proxies", args=["coop-a", convened.pk]),
        {"grantor": governance.bob_member.pk, "holder": governance.alice_member.pk},
    )
    assert response.status_code == 302
    services.attendance_record(
        meeting=convened,
        by=governance.personas.alice,
        member=governance.alice_member,
        mode="in_person",
    )
    represented = Attendance.objects.get(member=governance.bob_member)
    assert represented.mode == Attendance.Mode.PROXY

    # when: Bob comes after all
    services.attendance_record(
        meeting=convened,
        by=governance.personas.alice,
        member=governance.bob_member,
        mode="in_person",
    )

    # then
    bob = Attendance.objects.get(meeting=convened, member=governance.bob_member)
    assert bob.mode == Attendance.Mode.IN_PERSON
    assert bob.proxy is None
    proxy = Proxy.objects.get(grantor=governance.bob_member)
    assert proxy.revoked_at is not None
    revoked = AuditEntry.objects.get(action="proxy.revoked")
    assert revoked.data["reason"] == "grantor_attends"


def test_attendance_by_proxy_needs_a_proxy_whose_holder_attends(
    governance: Governance, convened: Meeting
) -> None:
    import pytest

    from intercoop.core.errors import ServiceError

    with pytest.raises(ServiceError) as no_proxy:
        services.attendance_record(
            meeting=convened,
            by=governance.personas.alice,
            member=governance.bob_member,
            mode="proxy",
        )
    services.proxy_record(
        meeting=convened,
        by=governance.personas.alice,
        grantor=governance.bob_member,
        holder=governance.alice_member,
    )
    with pytest.raises(ServiceError) as absent:
        services.attendance_record(
            meeting=convened,
            by=governance.personas.alice,
            member=governance.bob_member,
            mode="proxy",
        )

    assert no_proxy.value.code == "no_proxy"
    assert absent.value.code == "holder_absent"
    assert not Attendance.objects.exists()

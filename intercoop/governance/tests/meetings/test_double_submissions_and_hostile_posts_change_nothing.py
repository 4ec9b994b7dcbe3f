from __future__ import annotations

import pytest
from django.urls import reverse

from intercoop.core.errors import ServiceError
from intercoop.governance.models import AuditEntry, Meeting, Notification, Proxy
from intercoop.governance.services import meetings as services
from intercoop.governance.tests.conftest import Governance


def test_convening_twice_is_refused_and_notifies_once(
    governance: Governance, convened: Meeting
) -> None:
    notified = Notification.objects.count()

    with pytest.raises(ServiceError) as refused:
        services.meeting_convene(meeting=convened, by=governance.personas.alice)

    assert refused.value.code == "meeting_state"
    assert Notification.objects.count() == notified
    assert AuditEntry.objects.filter(action="meeting.convened").count() == 1


def test_a_second_proxy_from_one_grantor_is_refused(
    governance: Governance, convened: Meeting
) -> None:
    services.proxy_record(
        meeting=convened,
        by=governance.personas.alice,
        grantor=governance.members[3],
        holder=governance.alice_member,
    )

    with pytest.raises(ServiceError) as refused:
        services.proxy_record(
            meeting=convened,
            by=governance.personas.alice,
            grantor=governance.members[3],
            holder=governance.bob_member,
        )

    assert refused.value.code == "proxy_already_given"
    assert Proxy.objects.count() == 1


def test_bob_cannot_give_another_members_proxy_even_by_forging_the_form(
    governance: Governance, convened: Meeting
) -> None:
    client = governance.personas.client_for("bob")

    response = client.post(
        reverse("governance:meeting_proxies", args=["coop-a", convened.pk]),
        {"grantor": governance.members[3].pk, "holder": governance.bob_member.pk},
    )

    assert response.status_code == 400
    assert not Proxy.objects.exists()


def test_a_member_of_another_coop_cannot_be_named(
    governance: Governance, convened: Meeting
) -> None:
    client = governance.personas.client_for("alice")

    response = client.post(
        reverse("governance:meeting_attendance", args=["coop-a", convened.pk]),
        {"member": governance.charlie_member.pk, "mode": "in_person"},
    )
    moved = client.post(
        reverse("governance:meeting_agenda_move", args=["coop-a", convened.pk]),
        {"decision": "not a number", "offset": "7"},
    )

    assert response.status_code == 400
    assert moved.status_code == 400
    assert not convened.attendance.exists()

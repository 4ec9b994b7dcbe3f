from __future__ import annotations

import pytest
from django.urls import reverse

from intercoop.core.errors import ServiceError
from intercoop.governance.models import Attendance, Meeting
from intercoop.governance.services import meetings as services
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.meetings.conftest import on_the_day


def test_bob_checks_in_remotely_and_counts_as_present(
    governance: Governance, convened: Meeting
) -> None:
    # given: before the opening, a member cannot check in
    with pytest.raises(ServiceError) as early:
        services.attendance_check_in(meeting=convened, by=governance.personas.bob)
    for member in (governance.alice_member, governance.members[2]):
        services.attendance_record(
            meeting=convened, by=governance.personas.alice, member=member, mode="in_person"
        )
    services.meeting_open(meeting=convened, by=governance.personas.alice, now=on_the_day(convened))

    # when
    response = governance.personas.client_for("bob").post(
        reverse("governance:meeting_check_in", args=["coop-a", convened.pk])
    )

    # then
    assert early.value.code == "meeting_not_open"
    assert response.status_code == 302
    bob = Attendance.objects.get(meeting=convened, member=governance.bob_member)
    assert bob.mode == Attendance.Mode.REMOTE
    assert bob.recorded_by == governance.personas.bob


def test_someone_without_a_member_entry_cannot_check_in(
    governance: Governance, convened: Meeting
) -> None:
    governance.bob_member.user = None
    governance.bob_member.save()

    with pytest.raises(ServiceError) as refused:
        services.attendance_check_in(meeting=convened, by=governance.personas.bob)

    assert refused.value.code == "not_a_member"
    assert not Attendance.objects.exists()

from __future__ import annotations

import pytest
from django.urls import reverse

from intercoop.core.errors import ServiceError
from intercoop.governance.models import Meeting, Notification
from intercoop.governance.services import meetings as services
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.meetings.conftest import MakeMeeting, add_agenda_item


def test_a_meeting_ten_days_ahead_cannot_be_convened_under_fifteen_days_notice(
    governance: Governance, make_meeting: MakeMeeting
) -> None:
    # given: the SCIC rules of co-op A require 15 days' notice
    meeting = make_meeting(days=10)
    add_agenda_item(meeting)

    # when
    with pytest.raises(ServiceError) as refused:
        services.meeting_convene(meeting=meeting, by=governance.personas.alice)

    # then
    assert refused.value.code == "notice_too_short"
    assert "15 days' notice" in refused.value.message
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.DRAFT
    assert not Notification.objects.exists()


def test_the_reason_is_shown_on_the_meeting_page(
    governance: Governance, make_meeting: MakeMeeting
) -> None:
    meeting = make_meeting(days=3)
    add_agenda_item(meeting)
    client = governance.personas.client_for("alice")

    response = client.post(
        reverse("governance:meeting_convene", args=[governance.personas.coop_a.slug, meeting.pk])
    )

    assert response.status_code == 400
    assert "The rules require 15 days&#x27; notice" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.DRAFT


def test_a_meeting_without_agenda_cannot_be_convened(
    governance: Governance, make_meeting: MakeMeeting
) -> None:
    meeting = make_meeting(days=30)

    with pytest.raises(ServiceError) as refused:
        services.meeting_convene(meeting=meeting, by=governance.personas.alice)

    assert refused.value.code == "agenda_empty"
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.DRAFT

"""A general meeting of co-op A, prepared by Alice, with one resolution on its agenda.

``now`` is passed to the services, so that a meeting convened weeks ahead can be opened
"on the day" without waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from intercoop.governance.models import Decision, Meeting
from intercoop.governance.services import meetings as services
from intercoop.governance.tests.conftest import Governance

MakeMeeting = Callable[..., Meeting]


def in_days(days: int) -> datetime:
    return (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)


def add_agenda_item(meeting: Meeting, title: str = "Approve the accounts") -> Decision:
    """A yes-or-no resolution on the meeting's agenda, through the decisions services."""
    from intercoop.governance.services import decisions

    by = meeting.organization.roles.get(role="admin").user
    return decisions.decision_create(
        organization=meeting.organization,
        by=by,
        title=title,
        language=meeting.language,
        method=Decision.Method.YES_NO,
        options=[],
        record_date=meeting.record_date,
        meeting=meeting,
    )


@pytest.fixture
def make_meeting(governance: Governance) -> MakeMeeting:
    def make(
        *, days: int = 20, language: str = "en", title: str = "Annual general meeting 2026"
    ) -> Meeting:
        return services.meeting_create(
            organization=governance.personas.coop_a,
            by=governance.personas.alice,
            kind=Meeting.Kind.ANNUAL,
            title=title,
            language=language,
            starts_at=in_days(days),
            record_date=timezone.localdate(),
            place="Salle des fêtes, 3 rue de la Coopération",
            remote_link="https://meet.example.org/agm",
        )

    return make


@pytest.fixture
def convened(governance: Governance, make_meeting: MakeMeeting) -> Meeting:
    """A meeting convened 20 days ahead, with one resolution."""
    meeting = make_meeting()
    add_agenda_item(meeting)
    return services.meeting_convene(meeting=meeting, by=governance.personas.alice)


def on_the_day(meeting: Meeting) -> datetime:
    return meeting.starts_at + timedelta(minutes=5)


def quorum(meeting: Meeting) -> dict[str, Any]:
    """The quorum check stored at the opening."""
    return meeting.quorum_check or {}


def minutes(meeting: Meeting) -> dict[str, Any]:
    """The minutes' facts stored at the close."""
    return meeting.minutes_data or {}

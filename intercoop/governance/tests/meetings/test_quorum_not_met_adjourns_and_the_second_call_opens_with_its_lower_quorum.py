from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from intercoop.core.errors import ServiceError
from intercoop.governance.models import AuditEntry, Meeting
from intercoop.governance.services import meetings as services
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.meetings.conftest import on_the_day, quorum


def attend(governance: Governance, meeting: Meeting, *indexes: int) -> None:
    for i in indexes:
        services.attendance_record(
            meeting=meeting,
            by=governance.personas.alice,
            member=governance.members[i],
            mode="in_person",
        )


def test_a_quorum_met_opens_the_meeting_with_the_numbers_stored(
    governance: Governance, convened: Meeting
) -> None:
    # given: 10 eligible members, a 20 % quorum: 2 needed. Alice attends, Bob is represented.
    services.proxy_record(
        meeting=convened,
        by=governance.personas.alice,
        grantor=governance.bob_member,
        holder=governance.alice_member,
    )
    attend(governance, convened, 0)

    # when
    opened = services.meeting_open(
        meeting=convened, by=governance.personas.alice, now=on_the_day(convened)
    )

    # then
    assert opened.state == Meeting.State.OPEN
    check = quorum(opened)
    assert (check["eligible"], check["present"], check["represented"], check["required"]) == (
        10,
        1,
        1,
        2,
    )
    assert check["met"] is True and check["call"] == 1 and check["rule"] == "1/5"
    workers = next(c for c in check["colleges"] if c["key"] == "workers")
    assert (workers["eligible"], workers["present"]) == (3, 1)
    assert AuditEntry.objects.get(action="meeting.opened").data["counted"] == 2


def test_without_quorum_the_meeting_is_adjourned_then_meets_at_the_second_call(
    governance: Governance, convened: Meeting
) -> None:
    # given: a 20 % quorum at the first call, 10 % at the second; only Alice comes
    governance.rules.second_call_quorum_percent = Decimal(10)
    governance.rules.save()
    attend(governance, convened, 0)

    # when: the first call
    adjourned = services.meeting_open(
        meeting=convened, by=governance.personas.alice, now=on_the_day(convened)
    )

    # then
    assert adjourned.state == Meeting.State.ADJOURNED
    assert quorum(adjourned)["met"] is False
    assert quorum(adjourned)["counted"] == 1
    assert quorum(adjourned)["required"] == 2
    assert AuditEntry.objects.get(action="meeting.adjourned").data["required"] == 2

    # when: the chair sets the second call a week later, and it opens then with 1 of 10
    second = on_the_day(convened) + timedelta(days=7)
    services.meeting_second_call(
        meeting=adjourned,
        by=governance.personas.alice,
        second_call_at=second,
        now=on_the_day(convened),
    )
    with pytest.raises(ServiceError) as early:
        services.meeting_open(
            meeting=adjourned, by=governance.personas.alice, now=second - timedelta(hours=1)
        )
    reopened = services.meeting_open(
        meeting=adjourned, by=governance.personas.alice, now=second + timedelta(minutes=1)
    )

    # then
    assert early.value.code == "too_early"
    assert reopened.state == Meeting.State.OPEN
    assert reopened.call == 2
    assert quorum(reopened)["call"] == 2
    assert quorum(reopened)["rule"] == "1/10"
    assert quorum(reopened)["required"] == 1
    assert quorum(reopened)["met"] is True


def test_a_college_quorum_not_met_adjourns_even_if_the_overall_quorum_is_met(
    governance: Governance, convened: Meeting
) -> None:
    supporters = governance.rules.colleges.get(key="supporters")
    supporters.quorum_percent = Decimal(50)
    supporters.save()
    attend(governance, convened, 0, 1, 2)  # workers and users only

    adjourned = services.meeting_open(
        meeting=convened, by=governance.personas.alice, now=on_the_day(convened)
    )

    college = next(c for c in quorum(adjourned)["colleges"] if c["key"] == "supporters")
    assert adjourned.state == Meeting.State.ADJOURNED
    assert (college["eligible"], college["required"], college["met"]) == (3, 2, False)

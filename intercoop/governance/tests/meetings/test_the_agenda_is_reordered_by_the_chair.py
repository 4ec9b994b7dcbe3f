from __future__ import annotations

from intercoop.governance.selectors.meetings import agenda
from intercoop.governance.services import meetings as services
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.meetings.conftest import MakeMeeting, add_agenda_item


def test_moving_a_resolution_down_swaps_it_with_the_next(
    governance: Governance, make_meeting: MakeMeeting
) -> None:
    meeting = make_meeting()
    first = add_agenda_item(meeting, "Accounts")
    add_agenda_item(meeting, "Budget")
    add_agenda_item(meeting, "Board")

    services.agenda_move(meeting=meeting, by=governance.personas.alice, decision=first, offset=1)

    assert [d.title for d in agenda(meeting)] == ["Budget", "Accounts", "Board"]
    assert [d.agenda_position for d in agenda(meeting)] == [1, 2, 3]


def test_the_first_resolution_cannot_move_further_up(
    governance: Governance, make_meeting: MakeMeeting
) -> None:
    meeting = make_meeting()
    first = add_agenda_item(meeting, "Accounts")
    add_agenda_item(meeting, "Budget")

    services.agenda_move(meeting=meeting, by=governance.personas.alice, decision=first, offset=-1)

    assert [d.title for d in agenda(meeting)] == ["Accounts", "Budget"]

"""The signed-in decision pages of the load benchmark (bench/load.py) read the database a fixed
number of times, however many decisions, ballots and meetings the co-op has, and the list reads
only what it shows.

The co-op: ten members with accounts in three weighted colleges; a closed general meeting with
its minutes and two counted resolutions; a closed secret election; a draft; and ``many`` open
votes with ballots cast. The counts include the session, the user, the MFA check, the
organization, the role and the unread notifications of the page's header.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intercoop.governance.models import Decision, Meeting, Member
from intercoop.governance.services import decisions as decision_services
from intercoop.governance.services import meetings as meeting_services
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast
from intercoop.governance.tests.meetings.conftest import (
    MakeMeeting,
    add_agenda_item,
    make_meeting,
    on_the_day,
)
from intercoop.governance.tests.meetings.test_minutes_in_french_give_each_resolutions_result import (  # noqa: E501
    voted,
)

__all__ = ["make_meeting", "voted"]
pytestmark = pytest.mark.django_db

LIST_QUERIES = 7
VOTE_PAGE_QUERIES = 12
PROXY_VOTE_PAGE_QUERIES = 15


def co_op(voters: list[Member], make_decision: MakeDecision, voted: Meeting, many: int) -> Decision:
    """Fill co-op A; the first open vote, which Alice has not voted on yet."""
    alice = voters[0].user
    election = make_decision("single", ("Anne", "Bob", "Carol"), secrecy="secret", title="Board")
    for member in voters[1:]:
        cast(election, member, ["Anne"])
    decision_services.decision_close(decision=election, by=alice)
    make_decision("yes_no", ("Yes", "No"), open=False, title="A draft")
    votes = [
        make_decision("approval", ("Bread", "Cheese", "Olives"), title=f"Vote {n}")
        for n in range(many)
    ]
    for vote in votes:
        for member in voters[1:6]:
            cast(vote, member, ["Bread", "Olives"])
    return votes[0]


def page(client: Any, path: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("many", [1, 4])
def test_the_list_takes_a_fixed_number_of_queries(
    governance: Governance,
    voters: list[Member],
    make_decision: MakeDecision,
    voted: Meeting,
    many: int,
) -> None:
    co_op(voters, make_decision, voted, many)
    client = governance.personas.client_for("alice")

    html, queries = page(client, reverse("governance:decision_list", args=["coop-a"]))

    assert html.count('<tr><th scope="row">') == Decision.objects.count() == many + 4
    assert len(queries) <= LIST_QUERIES, "\n".join(queries)


@pytest.mark.parametrize("many", [1, 4])
def test_a_vote_page_takes_a_fixed_number_of_queries(
    governance: Governance,
    voters: list[Member],
    make_decision: MakeDecision,
    voted: Meeting,
    many: int,
) -> None:
    vote = co_op(voters, make_decision, voted, many)
    client = governance.personas.client_for("alice")

    html, queries = page(client, reverse("governance:decision_detail", args=["coop-a", vote.pk]))

    assert f'action="{reverse("governance:decision_vote", args=["coop-a", vote.pk])}"' in html
    assert "5 ballots" in html  # the turnout
    assert len(queries) <= VOTE_PAGE_QUERIES, "\n".join(queries)


def test_the_list_reads_no_result_rules_or_minutes(
    governance: Governance, voters: list[Member], make_decision: MakeDecision, voted: Meeting
) -> None:
    co_op(voters, make_decision, voted, 2)
    client = governance.personas.client_for("alice")

    html, queries = page(client, reverse("governance:decision_list", args=["coop-a"]))

    assert voted.title in html  # a resolution's row names its meeting
    listed = [q for q in queries if '"governance_decision"' in q.split(" FROM ")[0]]
    assert len(listed) == 1
    for column in ("result", "rules_snapshot", "question"):
        assert f'"governance_decision"."{column}"' not in listed[0]
    for column in ("minutes_html", "minutes_data", "quorum_check"):
        assert f'"governance_meeting"."{column}"' not in listed[0]
    assert '"governance_proposal"' not in listed[0]


def test_a_proxy_holders_vote_page_takes_a_fixed_number_of_queries(
    governance: Governance, voters: list[Member], make_meeting: MakeMeeting
) -> None:
    g = governance
    alice = g.personas.alice
    meeting = make_meeting()
    resolution = add_agenda_item(meeting)
    meeting_services.meeting_convene(meeting=meeting, by=alice)
    # Bob holds the proxies of two members; the others come in person.
    for grantor in voters[2:4]:
        meeting_services.proxy_record(meeting=meeting, by=alice, grantor=grantor, holder=voters[1])
    for member in [voters[0], voters[1], *voters[4:]]:
        meeting_services.attendance_record(
            meeting=meeting, by=alice, member=member, mode="in_person"
        )
    for grantor in voters[2:4]:
        meeting_services.attendance_record(meeting=meeting, by=alice, member=grantor, mode="proxy")
    meeting_services.meeting_open(meeting=meeting, by=alice, now=on_the_day(meeting))
    meeting.refresh_from_db()
    meeting_services.resolution_open(meeting=meeting, decision=resolution, by=alice)
    for member in voters[4:]:
        cast(resolution, member, ["Yes"])
    client = g.personas.client_for("bob")

    path = reverse("governance:decision_detail", args=["coop-a", resolution.pk])
    html, queries = page(client, path)

    # Bob's own ballot and the two he holds, one form each
    assert html.count(f'action="{path}vote/"') == 3
    assert len(queries) <= PROXY_VOTE_PAGE_QUERIES, "\n".join(queries)

"""A whole meeting, voted through the decisions services, and its minutes in French."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from intercoop.governance.models import Decision, Meeting, Option
from intercoop.governance.services import meetings as services
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.meetings.conftest import MakeMeeting, minutes, on_the_day

ACCOUNTS = "Approbation des comptes de l'exercice écoulé"
BOARD = "Élection du conseil coopératif"


@pytest.fixture
def voted(governance: Governance, make_meeting: MakeMeeting) -> Meeting:
    from intercoop.governance.services import decisions

    g = governance
    alice = g.personas.alice
    meeting = make_meeting(language="fr", title="Assemblée générale 2026")
    accounts = decisions.decision_create(
        organization=g.personas.coop_a,
        by=alice,
        title=ACCOUNTS,
        language="fr",
        method=Decision.Method.YES_NO,
        options=[],
        record_date=timezone.localdate(),
        meeting=meeting,
    )
    board = decisions.decision_create(
        organization=g.personas.coop_a,
        by=alice,
        title=BOARD,
        language="fr",
        method=Decision.Method.SINGLE,
        options=["Édith Piaf", "José Martí"],
        record_date=timezone.localdate(),
        meeting=meeting,
    )
    services.meeting_convene(meeting=meeting, by=alice)
    # members[2] (a user member without an account) gives Bob their proxy
    services.proxy_record(meeting=meeting, by=alice, grantor=g.members[2], holder=g.bob_member)
    for member in (g.alice_member, g.bob_member):
        services.attendance_record(meeting=meeting, by=alice, member=member, mode="in_person")
    services.meeting_open(meeting=meeting, by=alice, now=on_the_day(meeting))
    meeting.refresh_from_db()

    yes, no = Option.objects.filter(decision=accounts).order_by("position")
    services.resolution_open(meeting=meeting, decision=accounts, by=alice)
    decisions.ballot_cast(decision=accounts, by=alice, member=g.alice_member, choices=yes.pk)
    decisions.ballot_cast(decision=accounts, by=g.personas.bob, member=g.bob_member, choices=yes.pk)
    decisions.ballot_cast(decision=accounts, by=g.personas.bob, member=g.members[2], choices=no.pk)
    services.resolution_close(meeting=meeting, decision=accounts, by=alice)

    piaf, _marti = Option.objects.filter(decision=board).order_by("position")
    services.resolution_open(meeting=meeting, decision=board, by=alice)
    decisions.ballot_cast(decision=board, by=alice, member=g.alice_member, choices=piaf.pk)
    services.resolution_close(meeting=meeting, decision=board, by=alice)

    return services.meeting_close(meeting=meeting, by=alice)


def test_the_minutes_give_the_outcome_and_the_weighted_shares(voted: Meeting) -> None:
    accounts, board = minutes(voted)["resolutions"]
    yes, no = Option.objects.filter(decision_id=accounts["id"]).order_by("position")

    # Workers (40 %) all voted yes, users (40 %) half: with no supporter voting, their
    # weight is shared out, so yes has 1/2 + 1/2 * 1/2 = 75 %.
    assert accounts["adopted"] is True
    assert accounts["ballots"] == 3
    assert accounts["roll_size"] == 3
    assert accounts["shares"] == [[yes.label, "75.00"], [no.label, "25.00"]]
    # A public resolution keeps no ballot secret: each college's own result is in the minutes,
    # however few its ballots.
    assert sorted((c["key"], c["ballots"]) for c in accounts["colleges"]) == [
        ("users", 1),
        ("workers", 2),
    ]
    assert board["winners"] == ["Édith Piaf"]
    html = voted.minutes_html
    assert ACCOUNTS.replace("'", "&#x27;") in html
    assert "75,00" in html and "25,00" in html  # the minutes are in French
    assert "Édith Piaf" in html


def test_the_pdf_minutes_give_the_same_results(governance: Governance, voted: Meeting) -> None:
    client = governance.personas.client_for("alice")

    response = client.get(reverse("governance:meeting_minutes_pdf", args=["coop-a", voted.pk]))

    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert ACCOUNTS in text
    assert BOARD in text
    assert "75,00" in text and "25,00" in text
    assert "Édith Piaf" in text


def test_the_meeting_cannot_close_while_a_vote_is_open(
    governance: Governance, make_meeting: MakeMeeting
) -> None:
    from intercoop.core.errors import ServiceError
    from intercoop.governance.services import decisions

    alice = governance.personas.alice
    meeting = make_meeting()
    item = decisions.decision_create(
        organization=governance.personas.coop_a,
        by=alice,
        title="Budget",
        language="en",
        method=Decision.Method.YES_NO,
        options=[],
        record_date=timezone.localdate(),
        meeting=meeting,
    )
    services.meeting_convene(meeting=meeting, by=alice)
    for member in (governance.alice_member, governance.bob_member):
        services.attendance_record(meeting=meeting, by=alice, member=member, mode="remote")
    services.meeting_open(meeting=meeting, by=alice, now=on_the_day(meeting))
    meeting.refresh_from_db()
    services.resolution_open(meeting=meeting, decision=item, by=alice)

    with pytest.raises(ServiceError) as refused:
        services.meeting_close(meeting=meeting, by=alice)

    assert refused.value.code == "resolutions_open"
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.OPEN
    assert not meeting.minutes_html

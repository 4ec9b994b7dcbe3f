"""At a general meeting, the holder of a proxy casts the grantor's ballot while the grantor is
represented; once the grantor attends in person (the proxy revoked), only the grantor may."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from intercoop.core.errors import ServiceError
from intercoop.governance.models import Attendance, Meeting, Participation, Proxy
from intercoop.governance.services.decisions import ballot_cast, decision_open
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, option_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(governance: Governance) -> Meeting:
    """An open meeting: Alice present, Bob represented by Alice; the others absent."""
    coop = governance.personas.coop_a
    meeting = Meeting.objects.create(
        organization=coop,
        title="AGM",
        language="en",
        starts_at=timezone.now() - timedelta(hours=1),
        record_date=timezone.localdate() - timedelta(days=20),
        state=Meeting.State.OPEN,
        quorum_check={"met": True, "eligible": 10, "present": 1, "represented": 1},
    )
    proxy = Proxy.objects.create(
        organization=coop,
        meeting=meeting,
        grantor=governance.bob_member,
        holder=governance.alice_member,
    )
    Attendance.objects.create(meeting=meeting, member=governance.alice_member, mode="in_person")
    Attendance.objects.create(
        meeting=meeting, member=governance.bob_member, mode="proxy", proxy=proxy
    )
    return meeting


def test_the_holder_casts_for_the_grantor_while_represented(
    governance: Governance, meeting: Meeting, make_decision: MakeDecision
) -> None:
    decision = make_decision("yes_no", meeting=meeting)
    yes = option_ids(decision)["Yes"]
    # the roll is the members present or represented
    assert set(decision.roll.values_list("member_id", flat=True)) == {
        governance.alice_member.pk,
        governance.bob_member.pk,
    }
    # Bob, represented, cannot vote himself
    with pytest.raises(ServiceError):
        ballot_cast(
            decision=decision,
            by=governance.personas.bob,
            member=governance.bob_member,
            choices=[yes],
        )
    # Alice casts her own ballot and Bob's
    ballot_cast(
        decision=decision,
        by=governance.personas.alice,
        member=governance.alice_member,
        choices=[yes],
    )
    receipt = ballot_cast(
        decision=decision, by=governance.personas.alice, member=governance.bob_member, choices=[yes]
    )
    assert receipt.via == governance.alice_member.pk
    bob = Participation.objects.get(decision=decision, member=governance.bob_member)
    assert bob.cast_via_id == governance.alice_member.pk
    assert bob.cast_by_id == governance.personas.alice.pk
    # and the page offers Alice both ballots
    page = governance.personas.client_for("alice").get(f"/en/orgs/coop-a/decisions/{decision.pk}/")
    assert "Ballot of Bob, by proxy" in page.content.decode()


def test_once_the_grantor_attends_the_holder_is_refused(
    governance: Governance, meeting: Meeting, make_decision: MakeDecision
) -> None:
    decision = make_decision("yes_no", meeting=meeting)
    no = option_ids(decision)["No"]
    # Bob arrives: his proxy is revoked and he is present in person
    Proxy.objects.filter(meeting=meeting).update(revoked_at=timezone.now())
    Attendance.objects.filter(meeting=meeting, member=governance.bob_member).update(
        mode="in_person", proxy=None
    )
    with pytest.raises(ServiceError) as refused:
        ballot_cast(
            decision=decision,
            by=governance.personas.alice,
            member=governance.bob_member,
            choices=[no],
        )
    assert refused.value.code == "not_your_ballot"
    ballot_cast(
        decision=decision, by=governance.personas.bob, member=governance.bob_member, choices=[no]
    )
    bob = Participation.objects.get(decision=decision, member=governance.bob_member)
    assert bob.cast_via_id is None


def test_a_meeting_not_in_session_cannot_open_its_resolutions(
    governance: Governance, meeting: Meeting, make_decision: MakeDecision
) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.CONVENED)
    decision = make_decision("yes_no", meeting=meeting, open=False)
    with pytest.raises(ServiceError) as refused:
        decision_open(decision=decision, by=governance.personas.alice)
    assert refused.value.code == "meeting_not_open"
    decision.refresh_from_db()
    assert decision.state == "draft"
    assert not decision.roll.exists()

"""`intercoop demo` on an empty database shows the governance module at work: rules, a register,
proposals, decisions (closed, open, draft), results with each college's own, two general
meetings, and audit logs that verify."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from fractions import Fraction
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from intercoop.governance import audit
from intercoop.governance.models import (
    Attendance,
    Decision,
    Meeting,
    Member,
    Participation,
    Proposal,
    RollEntry,
    SecretBallotCount,
)
from intercoop.governance.selectors.register import rules_of
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db


def result_of(decision: Decision) -> dict[str, Any]:
    assert decision.result is not None, decision
    return decision.result


def test_demo_loads_the_governance_module() -> None:
    # when
    call_command("demo", stdout=io.StringIO())

    # then: Riverside votes in three weighted colleges, with a quorum and proxies
    riverside = Organization.objects.get(slug="riverside-food-coop")
    r = rules_of(riverside)
    assert r.preset == "custom"
    assert [(c.key, c.weight) for c in r.colleges] == [
        ("workers", Fraction(2, 5)),
        ("consumers", Fraction(2, 5)),
        ("supporters", Fraction(1, 5)),
    ]
    assert (r.quorum, r.notice_days, r.proxies_allowed, r.max_proxies_per_holder) == (
        Fraction(1, 5),
        15,
        True,
        2,
    )

    # its register: 41 members, one suspended, one who left, the demo people linked
    register = Member.objects.filter(organization=riverside)
    assert register.count() == 41
    assert set(register.values_list("status", flat=True)) == {"active", "left", "suspended"}
    assert register.filter(status="suspended").count() == 1
    assert register.filter(status="left").count() == 1
    assert register.get(user__email="alice@demo.intercoop.coop").category == "worker"
    assert register.get(user__email="bob@demo.intercoop.coop").category == "consumer"
    legal = register.filter(is_legal_person=True)
    assert legal.count() == 2
    assert legal.exclude(representative_user=None).count() == 1
    assert len({m.joined_on.year for m in register}) >= 8
    energie = Organization.objects.get(slug="energie-citoyenne-des-monts")
    assert Member.objects.filter(organization=energie).count() == 12
    assert Member.objects.get(organization=energie, user__email="elise@demo.intercoop.coop")

    # proposals: one decided, one in discussion (threaded comments, an amendment), one draft
    proposals = Proposal.objects.filter(organization=riverside)
    assert sorted(proposals.values_list("state", flat=True)) == ["discussion", "draft", "outcome"]
    discussed = proposals.get(state="discussion")
    assert discussed.comments.count() == 5
    assert discussed.comments.exclude(parent=None).count() == 3
    assert discussed.amendments.count() == 1

    # decisions by state
    # (the verifiable votes are the ballots demo's: ballots/tests/web/test_the_demo_*)
    decisions = Decision.objects.filter(organization=riverside).exclude(secrecy="verifiable")
    assert decisions.filter(state="closed").count() == 4
    assert decisions.filter(state="open").count() == 1
    assert decisions.filter(state="draft").count() == 2

    # the secret yes/no vote at two thirds: adopted, and no ballot linked to its voter
    sunday = decisions.get(proposal=proposals.get(state="outcome"))
    assert (sunday.method, sunday.threshold, sunday.secrecy) == ("yes_no", "two_thirds", "secret")
    assert result_of(sunday)["adopted"] is True
    assert Participation.objects.filter(decision=sunday).count() == 15
    assert not Participation.objects.filter(decision=sunday).exclude(choices=None).exists()
    assert sum(c.count for c in SecretBallotCount.objects.filter(decision=sunday)) == 15

    # the board election: Scottish STV, 3 of 5 elected, every college's own result published
    election = decisions.get(method="stv_scottish")
    assert (election.seats, election.options.count(), election.state) == (3, 5, "closed")
    assert len(result_of(election)["overall"]["winners"]) == 3
    assert result_of(election)["turnout"]["publishable"] == ["consumers", "supporters", "workers"]
    assert {c["key"]: c["voted"] for c in result_of(election)["turnout"]["colleges"]} == {
        "workers": 5,
        "consumers": 5,
        "supporters": 5,
    }

    # the open vote Alice can still cast, closing in seven days
    open_vote = decisions.get(state="open")
    assert open_vote.method == "approval"
    assert open_vote.closes_at is not None
    assert open_vote.closes_at - timezone.now() > timedelta(days=6, hours=23)
    alice_member = register.get(user__email="alice@demo.intercoop.coop")
    assert RollEntry.objects.filter(decision=open_vote, member=alice_member).exists()
    assert not Participation.objects.filter(decision=open_vote, member=alice_member).exists()
    assert Participation.objects.filter(decision=open_vote).count() == 6

    # the past meeting: closed, quorum met, a proxy, two resolutions voted, minutes hashed
    past = Meeting.objects.get(organization=riverside, state="closed")
    assert past.starts_at < timezone.now() - timedelta(days=30)
    assert (past.quorum_check or {})["met"] is True
    assert Attendance.objects.filter(meeting=past, mode="proxy").count() == 1
    assert [d.state for d in past.resolutions.all()] == ["closed", "closed"]
    assert all(result_of(d)["adopted"] for d in past.resolutions.all())
    assert past.minutes_html
    assert past.minutes_sha256 == hashlib.sha256(past.minutes_html.encode()).hexdigest()

    # the upcoming meeting: convened with the rules' notice, two resolutions on its agenda
    upcoming = Meeting.objects.get(organization=riverside, state="convened")
    assert upcoming.starts_at - timezone.now() >= timedelta(days=15)
    assert upcoming.resolutions.count() == 2

    # every step is in the co-ops' audit logs, and the chains verify
    for coop in (riverside, energie):
        check = audit.verify(coop)
        assert check.ok, check.breaks
        assert check.entries > 0

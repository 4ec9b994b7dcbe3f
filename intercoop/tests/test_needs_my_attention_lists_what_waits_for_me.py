"""The page "Needs my attention" lists what waits for the signed-in person in their co-ops:
votes not cast yet, general meetings ahead, proposals in discussion, invitations to one of
their verified addresses, requests to join they may decide, and their trustee tasks. Each
item links to where to act and shows its deadline; each goes once acted on; nobody sees
anything of a co-op they are not in."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.ballots import attention as ballot_attention
from intercoop.ballots import selectors as ballot_selectors
from intercoop.ballots import services as ballot_services
from intercoop.ballots.tests.web.conftest import World as BallotWorld
from intercoop.ballots.tests.web.conftest import cast as cast_verifiable
from intercoop.ballots.tests.web.conftest import (
    ceremony,
    credentials_from_mail,
)
from intercoop.ballots.tests.web.conftest import make_decision as make_verifiable
from intercoop.ballots.tests.web.conftest import world as world
from intercoop.governance.models import Decision, Meeting, Proposal
from intercoop.governance.services import decisions, meetings, proposals
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.conftest import governance as governance
from intercoop.governance.tests.decisions.conftest import cast
from intercoop.governance.tests.meetings.conftest import add_agenda_item, in_days
from intercoop.organizations import attention, services
from intercoop.organizations.models import Role
from intercoop.testing.factories import UserFactory
from intercoop_tools.trustee import cli as trustee_tool

PAGE = "/en/attention/"
BASE = "http://testserver/"


def page(governance: Governance, who: str) -> str:
    response = governance.personas.client_for(who).get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def open_vote(g: Governance, title: str = "Adopt the budget", days: int = 7) -> Decision:
    p = g.personas
    decision = decisions.decision_create(
        organization=p.coop_a,
        by=p.alice,
        title=title,
        language="en",
        method=Decision.Method.YES_NO,
        options=[],
        record_date=timezone.localdate(),
        closes_at=timezone.now() + timedelta(days=days),
    )
    return decisions.decision_open(decision=decision, by=p.alice)


def convene(g: Governance, title: str = "Annual general meeting 2027") -> Meeting:
    p = g.personas
    meeting = meetings.meeting_create(
        organization=p.coop_a,
        by=p.alice,
        kind="annual",
        title=title,
        language="en",
        starts_at=in_days(20),
        record_date=timezone.localdate(),
        place="The bakery",
    )
    add_agenda_item(meeting)
    return meetings.meeting_convene(meeting=meeting, by=p.alice)


def discuss(g: Governance, title: str = "Buy an electric van") -> Proposal:
    p = g.personas
    proposal = proposals.proposal_create(
        organization=p.coop_a, by=p.bob, title=title, body="For deliveries.", language="en"
    )
    return proposals.proposal_open(
        proposal=proposal, by=p.bob, closes_at=timezone.now() + timedelta(days=10)
    )


def test_anonymous_visitors_are_sent_to_sign_in(governance: Governance) -> None:
    response = governance.personas.client_for("anonymous").get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


def test_a_vote_not_cast_shows_with_its_deadline_and_goes_once_cast(
    governance: Governance,
) -> None:
    decision = open_vote(governance)
    detail = reverse("governance:decision_detail", args=["coop-a", decision.pk])

    before = page(governance, "bob")
    cast(decision, governance.bob_member, ["Yes"])
    after = page(governance, "bob")

    assert "Votes to cast" in before
    assert f'href="{detail}"' in before
    assert "Closes on" in before
    assert f'href="{detail}"' not in after
    # Alice has not voted: it still waits for her.
    assert f'href="{detail}"' in page(governance, "alice")


def test_a_convened_meeting_shows_until_it_is_past(governance: Governance) -> None:
    meeting = convene(governance)
    link = reverse("governance:meeting_detail", args=["coop-a", meeting.pk])

    before = page(governance, "bob")
    # time passes: the meeting's start is behind us
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    after = page(governance, "bob")

    assert f'href="{link}"' in before
    assert "Starts on" in before
    assert f'href="{link}"' not in after


def test_a_proposal_in_discussion_shows_until_its_discussion_closes(
    governance: Governance,
) -> None:
    proposal = discuss(governance)
    link = reverse("governance:proposal_detail", args=["coop-a", proposal.pk])

    before = page(governance, "alice")
    Proposal.objects.filter(pk=proposal.pk).update(
        discussion_closes_at=timezone.now() - timedelta(minutes=1)
    )
    after = page(governance, "alice")

    assert f'href="{link}"' in before
    assert "Discussion closes on" in before
    assert f'href="{link}"' not in after


def test_an_invitation_to_my_verified_address_links_to_its_acceptance(
    governance: Governance,
) -> None:
    p = governance.personas
    dora: User = UserFactory.create(email="dora@example.org", name="Dora")
    invitation = services.invitation_create(
        organization=p.coop_a, email="dora@example.org", role="member", by=p.alice, base_url=BASE
    ).invitation
    link = reverse("organizations:invitation_received", args=[invitation.pk])
    client = p.client_for("anonymous")
    client.force_login(dora)

    listed = client.get(PAGE).content.decode()
    opened = client.get(link)
    accepted = client.post(link)
    after = client.get(PAGE).content.decode()

    assert f'href="{link}"' in listed
    assert "Expires on" in listed
    assert opened.status_code == 200
    assert accepted.status_code == 302
    assert Role.objects.filter(organization=p.coop_a, user=dora).exists()
    assert f'href="{link}"' not in after


def test_someone_else_learns_nothing_of_an_invitation_by_its_number(
    governance: Governance,
) -> None:
    p = governance.personas
    invitation = services.invitation_create(
        organization=p.coop_a, email="dora@example.org", role="member", by=p.alice, base_url=BASE
    ).invitation
    link = reverse("organizations:invitation_received", args=[invitation.pk])

    seen = p.client_for("charlie").get(link)
    taken = p.client_for("charlie").post(link)

    assert seen.status_code == 404
    assert taken.status_code == 404
    assert "dora@example.org" not in seen.content.decode()
    assert not Role.objects.filter(organization=p.coop_a, user=p.charlie).exists()


def test_requests_to_join_wait_for_those_who_may_decide(governance: Governance) -> None:
    p = governance.personas
    join_request = services.join_request_create(organization=p.coop_a, by=p.charlie, base_url=BASE)
    link = reverse("organizations:join_requests", args=["coop-a"])

    alice = page(governance, "alice")
    bob = page(governance, "bob")
    services.join_request_accept(join_request=join_request, by=p.alice, base_url=BASE)
    after = page(governance, "alice")

    assert f'href="{link}"' in alice
    assert "Charlie asks to join Co-op A" in alice
    assert f'href="{link}"' not in bob
    assert f'href="{link}"' not in after


def test_charlie_sees_nothing_of_co_op_a(governance: Governance) -> None:
    p = governance.personas
    open_vote(governance)
    convene(governance)
    discuss(governance)

    charlie = page(governance, "charlie")

    assert "Co-op A" not in charlie
    assert "Adopt the budget" not in charlie
    assert "Nothing is waiting for you." in charlie
    assert attention.attention_items(p.charlie) == {kind: [] for kind in attention.KINDS}


def test_the_empty_page_says_what_to_do_next(db: None) -> None:
    newcomer = UserFactory.create()
    client = Client()
    client.force_login(newcomer)

    html = client.get(PAGE).content.decode()

    assert "You are not in any co-op yet" in html
    assert f'href="{reverse("directory:search")}"' in html


def _commit(election: Any, user: User, tmp: Path) -> None:
    """The trustee runs step 1 of the ceremony with their own tool and hands in the file."""
    election.refresh_from_db()
    trustee = ballot_services.trustee_for(election, user)
    assert trustee is not None
    description = tmp / "description.json"
    description.write_text(
        json.dumps(ballot_selectors.trustee_download(election, trustee, "description.json"))
    )
    argv = ["start", str(description), "--secret", str(tmp / "secret.json")]
    assert trustee_tool.main([*argv, "--out", str(tmp / "commitment.json")]) == 0
    ballot_services.commitment_submit(
        election=election, by=user, data=(tmp / "commitment.json").read_bytes()
    )


def test_a_trustee_task_shows_while_the_trustees_file_is_due(
    governance: Governance, tmp_path: Path
) -> None:
    p = governance.personas
    decision = decisions.decision_create(
        organization=p.coop_a,
        by=p.alice,
        title="Join the federation",
        language="en",
        method=Decision.Method.YES_NO,
        options=[],
        secrecy=Decision.Secrecy.VERIFIABLE,
        record_date=timezone.localdate(),
    )
    election = ballot_services.election_of(decision)
    ballot_services.trustees_setup(
        election=election, by=p.alice, users=[p.alice, p.bob], threshold=2
    )
    link = reverse("ballots:trustee", args=["coop-a", decision.pk])

    before = ballot_attention.trustee_tasks(p.bob)
    _commit(election, p.bob, tmp_path)
    after = ballot_attention.trustee_tasks(p.bob)

    assert [item.url for item in before] == [link]
    assert "Step 1 of 3" in before[0].state
    assert after == []  # waiting for the other trustees now
    assert [item.url for item in ballot_attention.trustee_tasks(p.alice)] == [link]
    assert ballot_attention.trustee_tasks(p.charlie) == []


@pytest.mark.parametrize("many", [1, 4])
def test_the_page_reads_each_kind_in_a_bounded_number_of_queries(
    governance: Governance, many: int, django_assert_max_num_queries: Any
) -> None:
    p = governance.personas
    erin = UserFactory.create()
    Role.objects.create(organization=p.coop_b, user=erin, role=Role.Name.ADMIN)
    for n in range(many):
        open_vote(governance, title=f"Vote {n}")
        convene(governance, title=f"Meeting {n}")
        discuss(governance, title=f"Proposal {n}")
        newcomer = UserFactory.create()
        services.join_request_create(organization=p.coop_a, by=newcomer, base_url=BASE)
        # Bob has several verified addresses, each invited to co-op B.
        address = f"bob.{n}@example.org"
        EmailAddress.objects.create(user=p.bob, email=address, verified=True)
        services.invitation_create(
            organization=p.coop_b, email=address, role="member", by=erin, base_url=BASE
        )

    with django_assert_max_num_queries(7):
        alice = attention.attention_items(p.alice)
    with django_assert_max_num_queries(7):
        bob = attention.attention_items(p.bob)

    assert len(alice["votes"]) == len(alice["meetings"]) == len(alice["proposals"]) == many
    assert len(alice["join_requests"]) == many
    assert len(bob["invitations"]) == many


def test_a_verifiable_vote_waits_until_my_credential_has_cast(
    world: BallotWorld, tmp_path: Path
) -> None:
    # given an open verifiable vote, whose credentials were emailed when it opened
    decision = make_verifiable(world)
    election = ballot_services.election_of(decision)
    trustees = [world.alice, world.g.personas.bob]
    ballot_services.trustees_setup(election=election, by=world.alice, users=trustees, threshold=2)
    ceremony(election, trustees, tmp_path)
    ballot_services.election_open(election=election, by=world.alice)
    codes = credentials_from_mail()
    booth = reverse("ballots:booth", args=["coop-a", decision.pk])

    before = [item.url for item in ballot_attention.votes_to_cast(world.alice)]
    cast_verifiable(election, world.alice, codes[world.alice.email], [1, 0])
    after = [item.url for item in ballot_attention.votes_to_cast(world.alice)]

    # then it waits for Alice until her credential has cast, and still waits for Bob
    assert before == [booth]
    assert after == []
    assert [item.url for item in ballot_attention.votes_to_cast(world.g.personas.bob)] == [booth]

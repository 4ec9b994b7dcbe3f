from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from intercoop.core.errors import Conflict, ServiceError
from intercoop.governance.models import AuditEntry, Proposal
from intercoop.governance.services import proposals as services
from intercoop.governance.tests.proposals.conftest import World


def _audit_count(world: World) -> int:
    return AuditEntry.objects.filter(organization=world.g.personas.coop_a).count()


def test_a_proposal_in_discussion_cannot_be_opened_again_or_edited(world: World) -> None:
    p = world.g.personas
    before = _audit_count(world)

    with pytest.raises(Conflict) as opened:
        services.proposal_open(proposal=world.proposal, by=p.alice)
    with pytest.raises(Conflict):
        services.proposal_update(
            proposal=world.proposal, title="New", body="New", language="en", by=p.alice
        )

    assert opened.value.code == "wrong_state"
    world.proposal.refresh_from_db()
    assert world.proposal.title != "New"
    assert _audit_count(world) == before


def test_a_withdrawn_proposal_cannot_be_opened_withdrawn_or_discussed(world: World) -> None:
    p = world.g.personas
    services.proposal_withdraw(proposal=world.draft, by=p.bob)

    for attempt in (
        lambda: services.proposal_open(proposal=world.draft, by=p.bob),
        lambda: services.proposal_withdraw(proposal=world.draft, by=p.bob),
        lambda: services.comment_create(proposal=world.draft, body="Hello", by=p.bob),
    ):
        with pytest.raises(Conflict):
            attempt()
    world.draft.refresh_from_db()
    assert world.draft.state == Proposal.State.WITHDRAWN


def test_a_proposal_being_voted_cannot_be_withdrawn(world: World) -> None:
    # The decisions services move a proposal to the vote; nothing here may take it back.
    Proposal.objects.filter(pk=world.proposal.pk).update(state=Proposal.State.VOTE)

    response = world.g.personas.client_for("alice").post(
        reverse("governance:proposal_withdraw", args=["coop-a", world.proposal.pk]), follow=True
    )

    world.proposal.refresh_from_db()
    assert world.proposal.state == Proposal.State.VOTE
    assert "cannot be withdrawn" in response.content.decode()


def test_only_the_author_or_the_board_opens_or_withdraws(world: World) -> None:
    p = world.g.personas
    # Bob is not the author of Alice's proposal, nor on the board.
    with pytest.raises(ServiceError) as refused:
        services.proposal_withdraw(proposal=world.proposal, by=p.bob)
    assert refused.value.status == 403

    # The board (Alice) may open Bob's draft.
    services.proposal_open(proposal=world.draft, by=p.alice)
    world.draft.refresh_from_db()
    assert world.draft.state == Proposal.State.DISCUSSION


def test_only_the_author_edits_a_draft(world: World) -> None:
    p = world.g.personas

    with pytest.raises(ServiceError) as refused:
        services.proposal_update(
            proposal=world.draft, title="Taken over", body="x", language="en", by=p.alice
        )
    response = p.client_for("alice").post(
        reverse("governance:proposal_edit", args=["coop-a", world.draft.pk]),
        {"title": "Taken over", "body": "x", "language": "en"},
    )

    assert refused.value.code == "not_author"
    assert response.status_code == 404
    world.draft.refresh_from_db()
    assert world.draft.title != "Taken over"


def test_a_discussion_cannot_close_in_the_past(world: World) -> None:
    p = world.g.personas

    response = p.client_for("bob").post(
        reverse("governance:proposal_open", args=["coop-a", world.draft.pk]),
        {"closes_at": (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )

    world.draft.refresh_from_db()
    assert world.draft.state == Proposal.State.DRAFT
    assert "must close in the future" in response.content.decode()


def test_no_comment_or_amendment_after_the_discussion_closes(world: World) -> None:
    p = world.g.personas
    Proposal.objects.filter(pk=world.proposal.pk).update(
        discussion_closes_at=timezone.now() - timedelta(minutes=1)
    )
    world.proposal.refresh_from_db()

    with pytest.raises(Conflict) as comment:
        services.comment_create(proposal=world.proposal, body="Late", by=p.bob)
    with pytest.raises(Conflict):
        services.amendment_create(proposal=world.proposal, text="Late text", rationale="", by=p.bob)
    page = p.client_for("bob").get(
        reverse("governance:proposal_detail", args=["coop-a", world.proposal.pk])
    )

    assert comment.value.code == "discussion_closed"
    assert "The discussion is closed." in page.content.decode()


def test_an_empty_or_oversized_proposal_is_refused_on_its_field(world: World) -> None:
    client = world.g.personas.client_for("bob")
    url = reverse("governance:proposal_create", args=["coop-a"])

    empty = client.post(url, {"title": "  ", "body": "Text", "language": "en"})
    huge = client.post(url, {"title": "T", "body": "x" * 100_001, "language": "en"})
    hostile = client.post(url, {"title": "T", "body": "Text", "language": "xx"})

    for response in (empty, huge, hostile):
        assert response.status_code == 400
    assert Proposal.objects.filter(organization=world.g.personas.coop_a).count() == 2

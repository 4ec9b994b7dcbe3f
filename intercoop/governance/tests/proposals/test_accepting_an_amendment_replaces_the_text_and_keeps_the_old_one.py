from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from intercoop.core.errors import Conflict, ServiceError
from intercoop.governance.models import Amendment, AuditEntry, Notification
from intercoop.governance.services import proposals as services
from intercoop.governance.tests.proposals.conftest import AMENDMENT_TEXT, OPEN_BODY, World


def test_the_board_accepts_an_amendment_and_the_old_text_stays_in_the_history(
    world: World, django_capture_on_commit_callbacks
) -> None:
    p = world.g.personas
    alice = p.client_for("alice")

    # when Alice accepts Bob's amendment
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post(
            reverse(
                "governance:amendment_accept",
                args=["coop-a", world.proposal.pk, world.amendment.pk],
            )
        )

    # then the proposal has the amended text
    world.proposal.refresh_from_db()
    world.amendment.refresh_from_db()
    assert response.status_code == 302
    assert world.proposal.body == AMENDMENT_TEXT
    assert world.amendment.state == Amendment.State.ACCEPTED
    assert world.amendment.decided_by == p.alice

    # and the former text is in the history, which the page shows to members
    bodies = list(world.proposal.history.values_list("body", flat=True))
    assert OPEN_BODY in bodies and bodies[0] == AMENDMENT_TEXT
    history = p.client_for("bob").get(
        reverse("governance:proposal_history", args=["coop-a", world.proposal.pk])
    )
    assert OPEN_BODY in history.content.decode()
    assert f"Amendment {world.amendment.pk} accepted" in history.content.decode()

    # and Bob is told, in the app and by email, and the audit log records it
    note = Notification.objects.get(kind="amendment.accepted")
    assert note.user == p.bob
    assert any("bob@example.org" in m.to and "accepted" in m.subject for m in mail.outbox)
    assert AuditEntry.objects.filter(
        action="amendment.accepted", object_id=str(world.amendment.pk), actor_id=p.alice.pk
    ).exists()


def test_a_rejection_needs_a_reason_and_tells_the_author(world: World) -> None:
    p = world.g.personas
    alice = p.client_for("alice")
    url = reverse(
        "governance:amendment_reject", args=["coop-a", world.proposal.pk, world.amendment.pk]
    )

    without = alice.post(url, {"reason": ""})
    world.amendment.refresh_from_db()
    assert without.status_code == 400
    assert world.amendment.state == Amendment.State.PROPOSED

    with_reason = alice.post(url, {"reason": "Over the budget."})
    world.amendment.refresh_from_db()
    world.proposal.refresh_from_db()
    assert with_reason.status_code == 302
    assert world.amendment.state == Amendment.State.REJECTED
    assert world.amendment.decision_note == "Over the budget."
    assert world.proposal.body == OPEN_BODY
    assert Notification.objects.get(kind="amendment.rejected").user == p.bob
    entry = AuditEntry.objects.get(action="amendment.rejected")
    assert entry.data["reason"] == "Over the budget."
    assert (
        "Over the budget."
        in alice.get(
            reverse("governance:proposal_detail", args=["coop-a", world.proposal.pk])
        ).content.decode()
    )


def test_a_decided_amendment_cannot_be_decided_again(world: World) -> None:
    p = world.g.personas
    services.amendment_accept(amendment=world.amendment, by=p.alice)

    with pytest.raises(Conflict):
        services.amendment_accept(amendment=world.amendment, by=p.alice)
    with pytest.raises(Conflict):
        services.amendment_reject(amendment=world.amendment, by=p.alice, reason="Changed my mind")
    with pytest.raises(Conflict):
        services.amendment_withdraw(amendment=world.amendment, by=p.bob)

    assert AuditEntry.objects.filter(action__startswith="amendment.").count() == 1


def test_only_its_author_withdraws_an_amendment_and_members_cannot_accept(world: World) -> None:
    p = world.g.personas

    with pytest.raises(ServiceError):
        services.amendment_withdraw(amendment=world.amendment, by=p.alice)
    forbidden = p.client_for("bob").post(
        reverse(
            "governance:amendment_accept", args=["coop-a", world.proposal.pk, world.amendment.pk]
        )
    )
    withdrawn = p.client_for("bob").post(
        reverse(
            "governance:amendment_withdraw",
            args=["coop-a", world.proposal.pk, world.amendment.pk],
        )
    )

    world.amendment.refresh_from_db()
    world.proposal.refresh_from_db()
    assert forbidden.status_code == 403
    assert withdrawn.status_code == 302
    assert world.amendment.state == Amendment.State.WITHDRAWN
    assert world.proposal.body == OPEN_BODY


def test_an_amendment_is_proposed_through_its_page(world: World) -> None:
    client = world.g.personas.client_for("bob")
    url = reverse("governance:amendment_create", args=["coop-a", world.proposal.pk])

    form = client.get(url)
    unchanged = client.post(url, {"text": OPEN_BODY, "rationale": ""})
    done = client.post(url, {"text": "Three bikes.", "rationale": "Growth."})

    assert form.status_code == 200 and OPEN_BODY in form.content.decode()
    assert unchanged.status_code == 400
    assert "same as the current one" in unchanged.content.decode()
    assert done.status_code == 302
    assert Amendment.objects.filter(proposal=world.proposal, text="Three bikes.").exists()

from __future__ import annotations

from django.urls import reverse

from intercoop.governance.models import Amendment, Attachment, Comment, Proposal
from intercoop.governance.tests.proposals.conftest import PDF, World, upload


def test_each_form_sent_twice_saves_once_and_says_so(world: World) -> None:
    p = world.g.personas
    bob = p.client_for("bob")
    alice = p.client_for("alice")
    create = reverse("governance:proposal_create", args=["coop-a"])
    comment = reverse("governance:comment_create", args=["coop-a", world.proposal.pk])
    amend = reverse("governance:amendment_create", args=["coop-a", world.proposal.pk])
    attach = reverse("governance:attachment_create", args=["coop-a", world.proposal.pk])
    proposal = {"title": "Twice", "body": "Same text", "language": "en"}

    responses = {
        "proposal": [bob.post(create, proposal) for _ in range(2)],
        "comment": [bob.post(comment, {"body": "Same comment"}) for _ in range(2)],
        "amendment": [
            bob.post(amend, {"text": "Same amendment", "rationale": ""}) for _ in range(2)
        ],
        "attachment": [
            alice.post(attach, {"file": upload("minutes.pdf", PDF + b"% minutes\n")})
            for _ in range(2)
        ],
    }

    for first, second in responses.values():
        assert first.status_code == 302
        assert second.status_code in (400, 409)
    assert "just sent this" in responses["comment"][1].content.decode()
    assert "already attached" in responses["attachment"][1].content.decode()
    assert Proposal.objects.filter(title="Twice").count() == 1
    assert Comment.objects.filter(body="Same comment").count() == 1
    assert Amendment.objects.filter(text="Same amendment").count() == 1
    assert Attachment.objects.filter(name="minutes.pdf").count() == 1

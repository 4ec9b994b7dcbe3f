from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from intercoop.core.errors import ServiceError
from intercoop.governance.models import Comment, Notification
from intercoop.governance.services import proposals as services
from intercoop.governance.tests.proposals.conftest import COMMENT_BODY, World


class _Nesting(HTMLParser):
    """The depth of nested <ol> at which each comment's <li id="comment-N"> appears."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.found: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "ol":
            self.depth += 1
        ident = dict(attrs).get("id") or ""
        if tag == "li" and ident.startswith("comment-"):
            self.found[ident] = self.depth

    def handle_endtag(self, tag: str) -> None:
        if tag == "ol":
            self.depth -= 1


def test_replies_are_shown_nested_under_their_comment(world: World) -> None:
    p = world.g.personas
    alice = p.client_for("alice")

    # when Alice replies to Bob's comment through the reply page, then Bob replies to her
    form = alice.get(
        reverse("governance:comment_reply", args=["coop-a", world.proposal.pk, world.comment.pk])
    )
    response = alice.post(
        reverse("governance:comment_reply", args=["coop-a", world.proposal.pk, world.comment.pk]),
        {"body": "The long-tail model."},
    )
    reply = Comment.objects.get(body="The long-tail model.")
    services.comment_create(proposal=world.proposal, body="Good choice.", by=p.bob, parent=reply)
    top = services.comment_create(proposal=world.proposal, body="Another topic.", by=p.bob)

    # then the page nests each reply one list deeper than its parent
    page = alice.get(reverse("governance:proposal_detail", args=["coop-a", world.proposal.pk]))
    nesting = _Nesting()
    nesting.feed(page.content.decode())

    assert form.status_code == 200 and COMMENT_BODY in form.content.decode()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{reply.pk}")
    second = Comment.objects.get(body="Good choice.")
    depth = nesting.found
    assert depth[f"comment-{world.comment.pk}"] == depth[f"comment-{top.pk}"]
    assert depth[f"comment-{reply.pk}"] == depth[f"comment-{world.comment.pk}"] + 1
    assert depth[f"comment-{second.pk}"] == depth[f"comment-{reply.pk}"] + 1


def test_a_reply_notifies_the_author_of_the_comment_only(world: World) -> None:
    p = world.g.personas
    before = Notification.objects.filter(kind="comment.reply").count()

    services.comment_create(proposal=world.proposal, body="Reply", by=p.alice, parent=world.comment)
    # Replying to oneself notifies nobody.
    services.comment_create(proposal=world.proposal, body="Me too", by=p.bob, parent=world.comment)

    replies = Notification.objects.filter(kind="comment.reply")
    assert replies.count() == before + 1
    note = replies.get()
    assert note.user == p.bob
    assert note.organization == p.coop_a
    assert note.url.startswith(
        reverse("governance:proposal_detail", args=["coop-a", world.proposal.pk])
    )


def test_a_reply_to_a_comment_of_another_proposal_is_refused(world: World) -> None:
    p = world.g.personas
    services.proposal_open(proposal=world.draft, by=p.bob)
    count = Comment.objects.count()

    with pytest.raises(ServiceError) as refused:
        services.comment_create(proposal=world.draft, body="Sneaky", by=p.bob, parent=world.comment)
    # Through the page, the comment is simply not found on that proposal.
    response = p.client_for("bob").post(
        reverse("governance:comment_reply", args=["coop-a", world.draft.pk, world.comment.pk]),
        {"body": "Sneaky"},
    )

    assert refused.value.code == "wrong_parent"
    assert response.status_code == 404
    assert Comment.objects.count() == count


def test_an_empty_comment_is_refused_on_the_form(world: World) -> None:
    response = world.g.personas.client_for("bob").post(
        reverse("governance:comment_create", args=["coop-a", world.proposal.pk]), {"body": "   "}
    )

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert Comment.objects.filter(proposal=world.proposal).count() == 1

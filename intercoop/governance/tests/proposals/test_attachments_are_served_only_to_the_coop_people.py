from __future__ import annotations

import pytest
from django.urls import reverse

from intercoop.governance.services import proposals as services
from intercoop.governance.tests.proposals.conftest import PDF, World, upload


def _url(world: World) -> str:
    return reverse(
        "governance:attachment_download",
        args=["coop-a", world.proposal.pk, world.attachment.pk],
    )


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_the_coop_people_download_it_as_an_attachment(world: World, who: str) -> None:
    response = world.g.personas.client_for(who).get(_url(world))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="quote.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_charlie_gets_nothing_and_the_anonymous_visitor_must_sign_in(world: World) -> None:
    charlie = world.g.personas.client_for("charlie").get(_url(world))
    anonymous = world.g.personas.client_for("anonymous").get(_url(world))

    assert charlie.status_code == 403
    assert PDF not in charlie.content
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))


def test_an_attachment_is_not_found_through_another_coop_or_proposal(world: World) -> None:
    p = world.g.personas
    # Charlie's own co-op B has a proposal with a file; A's file is not reachable through it.
    other = services.proposal_create(
        organization=p.coop_b, title="B's idea", body="Text", language="en", by=p.charlie
    )
    services.attachment_add(proposal=other, upload=upload("b.pdf", PDF), by=p.charlie)
    charlie = p.client_for("charlie")
    alice = p.client_for("alice")

    through_b = charlie.get(
        reverse("governance:attachment_download", args=["coop-b", other.pk, world.attachment.pk])
    )
    through_draft = alice.get(
        reverse(
            "governance:attachment_download",
            args=["coop-a", world.draft.pk, world.attachment.pk],
        )
    )

    assert through_b.status_code == 404
    assert through_draft.status_code == 404


def test_a_draft_attachment_is_served_only_to_who_sees_the_draft(world: World) -> None:
    p = world.g.personas
    draft_file = services.attachment_add(
        proposal=world.draft, upload=upload("plan.pdf", PDF), by=p.bob
    )
    url = reverse("governance:attachment_download", args=["coop-a", world.draft.pk, draft_file.pk])
    # A member of A who is neither the author nor on the board.
    from intercoop.testing.factories import RoleFactory, UserFactory

    dora = UserFactory.create(email="dora@example.org")
    RoleFactory.create(organization=p.coop_a, user=dora)
    client = p.client_for("anonymous")
    client.force_login(dora)

    assert p.client_for("bob").get(url).status_code == 200
    assert p.client_for("alice").get(url).status_code == 200
    assert client.get(url).status_code == 404

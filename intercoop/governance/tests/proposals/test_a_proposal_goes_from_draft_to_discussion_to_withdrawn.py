from __future__ import annotations

from django.urls import reverse

from intercoop.governance.models import AuditEntry, Notification, Proposal
from intercoop.governance.tests.conftest import Governance
from intercoop.organizations.models import Role
from intercoop.testing.factories import RoleFactory, UserFactory


def test_a_member_drafts_opens_and_withdraws_a_proposal_through_the_pages(
    governance: Governance,
) -> None:
    p = governance.personas
    staff = UserFactory.create(email="dora@example.org")
    RoleFactory.create(organization=p.coop_a, user=staff, role=Role.Name.STAFF)
    bob = p.client_for("bob")

    # given Bob writes a draft
    response = bob.post(
        reverse("governance:proposal_create", args=["coop-a"]),
        {"title": "Open on Sundays", "body": "The shop opens on Sundays.", "language": "fr"},
    )
    proposal = Proposal.objects.get(title="Open on Sundays")
    assert response.status_code == 302
    assert proposal.state == Proposal.State.DRAFT
    assert proposal.author == p.bob and proposal.language == "fr"

    # when he opens it for discussion
    response = bob.post(
        reverse("governance:proposal_open", args=["coop-a", proposal.pk]),
        {"closes_at": "2099-01-31T18:00"},
    )

    # then everyone with a role in A, but not him and nobody of B, is told
    proposal.refresh_from_db()
    assert response.status_code == 302
    assert proposal.state == Proposal.State.DISCUSSION
    assert proposal.discussion_opened_at is not None
    assert proposal.discussion_closes_at is not None
    told = set(
        Notification.objects.filter(kind="proposal.opened").values_list("user__email", flat=True)
    )
    assert told == {"alice@example.org", "dora@example.org"}

    # when he withdraws it
    response = bob.post(reverse("governance:proposal_withdraw", args=["coop-a", proposal.pk]))
    proposal.refresh_from_db()
    assert response.status_code == 302
    assert proposal.state == Proposal.State.WITHDRAWN

    # then each step is in the audit log, in order
    actions = list(
        AuditEntry.objects.filter(organization=p.coop_a, object_id=str(proposal.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["proposal.created", "proposal.opened", "proposal.withdrawn"]

    # and the page says so
    page = bob.get(reverse("governance:proposal_detail", args=["coop-a", proposal.pk]))
    assert "Withdrawn" in page.content.decode()


def test_the_list_filters_by_state(governance: Governance) -> None:
    p = governance.personas
    alice = p.client_for("alice")
    for title in ("First idea", "Second idea"):
        alice.post(
            reverse("governance:proposal_create", args=["coop-a"]),
            {"title": title, "body": "Text.", "language": "en"},
        )
    second = Proposal.objects.get(title="Second idea")
    alice.post(reverse("governance:proposal_open", args=["coop-a", second.pk]), {"closes_at": ""})

    in_discussion = alice.get(
        reverse("governance:proposal_list", args=["coop-a"]) + "?state=discussion"
    ).content.decode()
    drafts = alice.get(
        reverse("governance:proposal_list", args=["coop-a"]) + "?state=draft"
    ).content.decode()

    assert "Second idea" in in_discussion and "First idea" not in in_discussion
    assert "First idea" in drafts and "Second idea" not in drafts

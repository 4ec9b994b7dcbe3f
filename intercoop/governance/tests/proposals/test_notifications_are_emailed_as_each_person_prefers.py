from __future__ import annotations

from django.core import mail
from django.urls import reverse

from intercoop.governance.models import Notification, NotificationPreference
from intercoop.governance.services import proposals as services
from intercoop.governance.tests.conftest import Governance
from intercoop.organizations.models import Role
from intercoop.testing.factories import RoleFactory, UserFactory


def test_each_person_gets_an_email_a_digest_or_nothing_as_chosen(
    governance: Governance, django_capture_on_commit_callbacks
) -> None:
    p = governance.personas
    dora = UserFactory.create(email="dora@example.org")
    erin = UserFactory.create(email="erin@example.org")
    for person in (dora, erin):
        RoleFactory.create(organization=p.coop_a, user=person, role=Role.Name.MEMBER)
    # Bob keeps the default (an email each time); Dora wants a digest; Erin no email.
    NotificationPreference.objects.create(user=dora, organization=p.coop_a, email="daily")
    NotificationPreference.objects.create(user=erin, organization=p.coop_a, email="none")
    draft = services.proposal_create(
        organization=p.coop_a, title="Solar panels", body="On the roof.", language="en", by=p.alice
    )

    # when Alice opens it for discussion
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_open(proposal=draft, by=p.alice)

    # then all three have it in the app, and only Bob got an email, at once
    assert set(
        Notification.objects.filter(kind="proposal.opened").values_list("user__email", flat=True)
    ) == {"bob@example.org", "dora@example.org", "erin@example.org"}
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    message = mail.outbox[0]
    assert "Solar panels" in message.subject
    assert reverse("governance:proposal_detail", args=["coop-a", draft.pk]) in message.body
    bob_note = Notification.objects.get(user=p.bob, kind="proposal.opened")
    assert bob_note.emailed_at is not None
    assert Notification.objects.get(user=dora, kind="proposal.opened").emailed_at is None


def test_links_follow_the_readers_language_not_the_actors(
    governance: Governance, django_capture_on_commit_callbacks
) -> None:
    p = governance.personas
    p.bob.language = "fr"
    p.bob.save()
    draft = services.proposal_create(
        organization=p.coop_a, title="Solar panels", body="On the roof.", language="en", by=p.alice
    )

    # Alice acts in English
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_open(proposal=draft, by=p.alice)

    assert f"/fr/orgs/coop-a/proposals/{draft.pk}/" in mail.outbox[0].body
    page = p.client_for("bob").get("/es/notifications/").content.decode()
    assert f'href="/es/orgs/coop-a/proposals/{draft.pk}/"' in page

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext_noop

from intercoop.governance.models import Notification, NotificationPreference
from intercoop.governance.services.notifications import digests_send, notify
from intercoop.governance.tests.conftest import Governance
from intercoop.organizations.models import Role
from intercoop.testing.factories import OrganizationFactory, RoleFactory


def _notify(governance: Governance, org, title: str) -> None:
    notify(
        users=[governance.personas.bob],
        organization=org,
        kind="test",
        template=gettext_noop("The proposal “%(title)s” is open for discussion."),
        values={"title": title},
        url="/orgs/x/",
    )


def test_one_email_gathers_the_day_and_is_never_sent_twice(
    governance: Governance, django_capture_on_commit_callbacks
) -> None:
    p = governance.personas
    other = OrganizationFactory.create(name="Bakery Co-op", slug="bakery")
    RoleFactory.create(organization=other, user=p.bob, role=Role.Name.MEMBER)
    NotificationPreference.objects.create(user=p.bob, organization=p.coop_a, email="daily")
    NotificationPreference.objects.create(user=p.bob, organization=other, email="daily")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(governance, p.coop_a, "Cargo bike")
        _notify(governance, p.coop_a, "Solar panels")
        _notify(governance, other, "Rye bread")
    assert mail.outbox == []  # nothing at once for a digest reader

    # when the hourly job runs (through the management command)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("governance_notify", stdout=out)

    # then Bob gets one email with the three, grouped by co-op
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["bob@example.org"]
    for text in ("Cargo bike", "Solar panels", "Rye bread", "Co-op A", "Bakery Co-op"):
        assert text in body
    assert body.index("Bakery Co-op") < body.index("Rye bread") < body.index("Co-op A")
    assert "1 digest(s) sent" in out.getvalue()
    assert not Notification.objects.filter(user=p.bob, emailed_at__isnull=True).exists()

    # when it runs again, even a day later, with nothing new: no second email
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
        digests_send(now=timezone.now() + timedelta(days=2))
    assert len(mail.outbox) == 1


def test_a_new_notification_waits_for_the_next_day(
    governance: Governance, django_capture_on_commit_callbacks
) -> None:
    p = governance.personas
    NotificationPreference.objects.create(user=p.bob, organization=p.coop_a, email="daily")
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(governance, p.coop_a, "First")
        assert digests_send(now=now) == 1
        _notify(governance, p.coop_a, "Second")
        assert digests_send(now=now + timedelta(hours=1)) == 0
        assert digests_send(now=now + timedelta(hours=24)) == 1

    assert len(mail.outbox) == 2
    assert "Second" in mail.outbox[1].body and "First" not in mail.outbox[1].body


def test_read_notifications_and_other_preferences_are_left_out(
    governance: Governance, django_capture_on_commit_callbacks
) -> None:
    p = governance.personas
    NotificationPreference.objects.create(user=p.bob, organization=p.coop_a, email="none")
    NotificationPreference.objects.create(user=p.alice, organization=p.coop_a, email="daily")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(governance, p.coop_a, "For Bob")
        notify(
            users=[p.alice],
            organization=p.coop_a,
            kind="test",
            template=gettext_noop("The proposal “%(title)s” is open for discussion."),
            values={"title": "Already read"},
            url="/x/",
        )
        Notification.objects.filter(user=p.alice).update(read_at=timezone.now())

        assert digests_send() == 0

    assert mail.outbox == []

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from intercoop.governance.models import Notification, NotificationPreference
from intercoop.governance.services.notifications import notify
from intercoop.governance.tests.conftest import Governance


def _note(governance: Governance, user, org, title: str) -> Notification:
    return notify(
        users=[user],
        organization=org,
        kind="test",
        template=gettext_noop("The proposal “%(title)s” is open for discussion."),
        values={"title": title},
        url="/orgs/coop-a/proposals/",
    )[0]


def test_unread_come_first_across_coops_and_can_be_marked_read(governance: Governance) -> None:
    p = governance.personas
    old_unread = _note(governance, p.bob, p.coop_a, "Old unread")
    recent_read = _note(governance, p.bob, p.coop_a, "Recent read")
    Notification.objects.filter(pk=old_unread.pk).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    Notification.objects.filter(pk=recent_read.pk).update(read_at=timezone.now())
    newest = _note(governance, p.bob, p.coop_a, "Newest")
    _note(governance, p.charlie, p.coop_b, "Charlie's own")
    bob = p.client_for("bob")
    url = reverse("governance:notifications")

    page = bob.get(url).content.decode()

    assert page.index("Newest") < page.index("Old unread") < page.index("Recent read")
    assert "Charlie" not in page
    assert "2 unread notifications" in page

    # when Bob marks the newest read, then all the others
    bob.post(reverse("governance:notification_read", args=[newest.pk]))
    newest.refresh_from_db()
    assert newest.read_at is not None
    bob.post(reverse("governance:notifications_read_all"))
    assert not Notification.objects.filter(user=p.bob, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=p.charlie, read_at__isnull=True).count() == 1


def test_nobody_marks_someone_elses_notification(governance: Governance) -> None:
    p = governance.personas
    theirs = _note(governance, p.charlie, p.coop_b, "Private to Charlie")

    response = p.client_for("bob").post(
        reverse("governance:notification_read", args=[theirs.pk]), follow=True
    )

    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "does not exist" in response.content.decode()
    assert "Private to Charlie" not in response.content.decode()


def test_preferences_are_chosen_per_coop_and_refused_when_hostile(governance: Governance) -> None:
    p = governance.personas
    bob = p.client_for("bob")
    url = reverse("governance:notification_preferences")
    field = f"org-{p.coop_a.pk}"

    page = bob.get(reverse("governance:notifications")).content.decode()
    assert f'name="{field}"' in page
    assert f'name="org-{p.coop_b.pk}"' not in page  # Bob has no role in B

    saved = bob.post(url, {field: "daily"})
    bad = bob.post(url, {field: "hourly"})
    # A field for a co-op he is not in is ignored, and changes nothing there.
    sneaky = bob.post(url, {field: "none", f"org-{p.coop_b.pk}": "none"})

    assert saved.status_code == 302
    assert bad.status_code == 400
    assert sneaky.status_code == 302
    prefs = dict(
        NotificationPreference.objects.filter(user=p.bob).values_list("organization__slug", "email")
    )
    assert prefs == {"coop-a": "none"}

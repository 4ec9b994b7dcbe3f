"""A status change is dated: the member may vote at record dates before it and not after, and
the eligibility preview gives the translated reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from intercoop.core.errors import ServiceError
from intercoop.governance.models import Member
from intercoop.governance.selectors.register import member_roll
from intercoop.governance.tests.conftest import Governance


def test_a_suspension_counts_from_its_date(governance: Governance) -> None:
    # given Bob, a member for 800 days, suspended 10 days ago by the board
    org, bob = governance.personas.coop_a, governance.bob_member
    today = timezone.localdate()
    suspended_on = today - timedelta(days=10)
    response = governance.personas.client_for("alice").post(
        reverse("governance:member_status", args=[org.slug, bob.pk]),
        {"status": "suspended", "on": suspended_on.isoformat(), "note": "Unpaid shares"},
    )
    assert response.status_code == 302

    # then he was on the roll the day before, and is not from that day on
    assert bob.pk in member_roll(org, suspended_on - timedelta(days=1)).by_college["users"]
    roll = member_roll(org, suspended_on)
    assert bob.pk not in roll.by_college["users"]
    assert roll.ineligible[bob.pk].reason == "suspended"
    bob.refresh_from_db()
    assert bob.status == Member.Status.SUSPENDED


def test_leaving_sets_left_on_and_the_preview_says_why(governance: Governance) -> None:
    org, bob = governance.personas.coop_a, governance.bob_member
    left_on = timezone.localdate() - timedelta(days=3)
    client = governance.personas.client_for("alice")
    client.post(
        reverse("governance:member_status", args=[org.slug, bob.pk]),
        {"status": "left", "on": left_on.isoformat()},
    )
    bob.refresh_from_db()
    assert (bob.status, bob.left_on) == ("left", left_on)

    page = client.get(
        reverse("governance:members_roll", args=[org.slug]),
        {"record_date": timezone.localdate().isoformat()},
    )
    before = client.get(
        reverse("governance:members_roll", args=[org.slug]),
        {"record_date": (left_on - timedelta(days=1)).isoformat()},
    )

    assert (
        f"Had left the co-operative by {timezone.localdate().isoformat()}." in page.content.decode()
    )
    assert "Had left the co-operative" not in before.content.decode()


def test_the_preview_is_translated(governance: Governance) -> None:
    org, bob = governance.personas.coop_a, governance.bob_member
    client = governance.personas.client_for("alice")
    today = timezone.localdate().isoformat()
    client.post(
        reverse("governance:member_status", args=[org.slug, bob.pk]),
        {"status": "suspended", "on": today},
    )
    with translation.override("fr"):
        url = reverse("governance:members_roll", args=[org.slug])
        expected = translation.gettext("Suspended on %(date)s.") % {"date": today}

    french = client.get(url).content.decode()

    assert expected != f"Suspended on {today}."  # the catalogue translates it
    assert expected in french


@pytest.mark.parametrize(
    ("status", "days_ago", "code"),
    [
        ("suspended", -1, "future_date"),
        ("suspended", 900, "before_joining"),
        ("active", 5, "status_unchanged"),
        ("expelled", 5, "unknown_status"),
    ],
)
def test_impossible_status_changes_are_refused(
    governance: Governance, status: str, days_ago: int, code: str
) -> None:
    from intercoop.governance.services.register import member_status_change

    bob = governance.bob_member
    with pytest.raises(ServiceError) as refused:
        member_status_change(
            member=bob,
            status=status,
            on=timezone.localdate() - timedelta(days=days_ago),
            by=governance.personas.alice,
        )
    assert refused.value.code == code
    assert not bob.status_changes.exists()

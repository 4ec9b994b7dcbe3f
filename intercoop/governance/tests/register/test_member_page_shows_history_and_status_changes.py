"""A member's page lists the versions of their details, who made each and what changed, and
their dated status changes."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from intercoop.governance.tests.conftest import Governance


def test_edits_and_status_changes_show_with_who_and_what(governance: Governance) -> None:
    org, bob = governance.personas.coop_a, governance.bob_member
    client = governance.personas.client_for("alice")
    client.post(
        reverse("governance:member_edit", args=[org.slug, bob.pk]),
        {
            "number": bob.number,
            "name": "Robert",
            "category": "user",
            "joined_on": bob.joined_on.isoformat(),
            "account_email": "bob@example.org",
        },
    )
    on = timezone.localdate() - timedelta(days=2)
    client.post(
        reverse("governance:member_status", args=[org.slug, bob.pk]),
        {"status": "suspended", "on": on.isoformat(), "note": "Board decision 12"},
    )

    page = client.get(reverse("governance:member_detail", args=[org.slug, bob.pk])).content.decode()

    assert "Robert" in page
    assert "<td>name</td>" in page  # the field the edit changed
    assert "Board decision 12" in page
    assert f'datetime="{on.isoformat()}"' in page
    assert page.count("Alice") >= 2  # who edited and who recorded the status


def test_register_is_filtered_and_counted(governance: Governance) -> None:
    org = governance.personas.coop_a
    client = governance.personas.client_for("alice")
    url = reverse("governance:members", args=[org.slug])

    everyone = client.get(url).content.decode()
    supporters = client.get(url, {"college": "supporters"}).content.decode()

    # 2 workers + Alice, 3 users + Bob, 2 supporting + 1 community
    assert "10 members, 10 active." in everyone
    assert '<th scope="row">Supporters</th><td>3</td>' in everyone
    assert governance.members[2].number in everyone
    assert governance.members[2].number not in supporters  # a worker
    assert governance.members[7].number in supporters  # supporting

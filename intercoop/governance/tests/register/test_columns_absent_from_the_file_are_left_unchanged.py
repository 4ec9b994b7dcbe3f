"""An import sets only the columns the file has: a file of numbers, names, categories and dates
renames a member without unlinking their account, emptying their email or changing status."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from intercoop.governance.models import Member
from intercoop.governance.services.register import member_status_change, register_import
from intercoop.governance.tests.conftest import Governance


def test_a_minimal_file_changes_only_what_it_holds(governance: Governance) -> None:
    org, alice, bob = governance.personas.coop_a, governance.personas.alice, governance.bob_member
    Member.objects.filter(pk=bob.pk).update(email="bob.home@example.org")
    member_status_change(
        member=bob, status="suspended", on=timezone.localdate() - timedelta(days=2), by=alice
    )
    content = (
        "number,name,category,joined_on\n"
        f"{bob.number},Robert,{bob.category},{bob.joined_on.isoformat()}\n"
    ).encode()

    report = register_import(organization=org, content=content, by=alice)

    assert report.changed == [(bob.number, ["name"])]
    assert report.status_changed == []
    bob.refresh_from_db()
    assert (bob.name, bob.user, bob.email, bob.status) == (
        "Robert",
        governance.personas.bob,
        "bob.home@example.org",
        "suspended",
    )


def test_an_empty_account_column_does_unlink(governance: Governance) -> None:
    org, alice, bob = governance.personas.coop_a, governance.personas.alice, governance.bob_member
    content = (
        "number,name,category,joined_on,account_email\n"
        f"{bob.number},Bob,{bob.category},{bob.joined_on.isoformat()},\n"
    ).encode()

    report = register_import(organization=org, content=content, by=alice)

    assert report.changed == [(bob.number, ["user"])]
    bob.refresh_from_db()
    assert bob.user is None

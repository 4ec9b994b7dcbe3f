from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.test import override_settings

from intercoop.accounts.models import User
from intercoop.directory.stats import region_stats, regions
from intercoop.organizations.models import Organization, Relationship, Role

pytestmark = pytest.mark.django_db


def test_demo_loads_a_federation_coops_people_and_roles_and_can_run_again() -> None:
    call_command("demo", verbosity=0)
    call_command("demo", verbosity=0)  # idempotent: nothing doubles

    # Three co-ops of the federation; the exchange's suppliers add two co-ops and an ally.
    assert Organization.objects.filter(kind="coop").count() == 5
    federation = Organization.objects.get(ally_category="association_of_coops")
    assert Relationship.objects.filter(object=federation, predicate="member_of").count() == 3
    # Nine people who can sign in (six, and the exchange's three suppliers' administrators);
    # the governance demo adds voters' accounts that cannot (no
    # usable password, no verified address), each a member of Riverside Food Co-op.
    people = [u for u in User.objects.all() if u.has_usable_password()]
    assert len(people) == 9
    assert Role.objects.filter(user__in=people).count() == 9
    voters = User.objects.exclude(pk__in=[u.pk for u in people])
    assert voters.exists()
    assert set(Role.objects.filter(user__in=voters).values_list("role", flat=True)) == {"member"}
    assert EmailAddress.objects.filter(verified=True).count() == 9
    alice = User.objects.get(email="alice@demo.intercoop.coop")
    assert alice.check_password("cooperate-demo-2026")
    assert Role.objects.get(user=alice).role == Role.Name.ADMIN
    # placed and classified, so the demo has regions to show
    assert region_stats(country="CA", region="Québec").total == 6
    assert regions(country="AR") == [("Ciudad Autónoma de Buenos Aires", 1)]


@override_settings(HTTPS=True)
def test_demo_is_refused_on_an_https_site() -> None:
    with pytest.raises(CommandError, match="looks like production"):
        call_command("demo", verbosity=0)
    assert not User.objects.exists()


def test_createadmin_makes_a_verified_staff_superuser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERCOOP_ADMIN_PASSWORD", "correct horse battery staple 9")
    call_command("createadmin", "--email", "Root@Example.org", "--no-input", verbosity=0)
    admin = User.objects.get(email="root@example.org")
    assert admin.is_staff and admin.is_superuser
    assert EmailAddress.objects.get(user=admin).verified


def test_createadmin_refuses_a_weak_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERCOOP_ADMIN_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="too common"):
        call_command("createadmin", "--email", "root@example.org", "--no-input")
    assert not User.objects.exists()


def test_createadmin_refuses_an_existing_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERCOOP_ADMIN_PASSWORD", "correct horse battery staple 9")
    call_command("createadmin", "--email", "root@example.org", "--no-input", verbosity=0)
    with pytest.raises(CommandError, match="already an account"):
        call_command("createadmin", "--email", "root@example.org", "--no-input")


def test_createadmin_without_a_password_in_no_input_mode_says_what_to_set() -> None:
    with pytest.raises(CommandError, match="Set INTERCOOP_ADMIN_PASSWORD"):
        call_command("createadmin", "--email", "root@example.org", "--no-input")

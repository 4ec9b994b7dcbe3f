"""An organization always keeps at least one administrator."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.organizations import services
from intercoop.organizations.models import Role
from intercoop.testing.factories import RoleFactory

REFUSAL = "An organization must keep at least one administrator."


def alice_role(personas: Personas) -> Role:
    return Role.objects.get(user=personas.alice, organization=personas.coop_a)


def people_url(personas: Personas) -> str:
    return reverse("organizations:people", args=[personas.coop_a.slug])


@pytest.mark.parametrize("new_role", ["member", "staff"])
def test_the_only_admin_cannot_demote_themselves_on_the_web(
    personas: Personas, new_role: str
) -> None:
    # given
    client = personas.client_for("alice")
    role = alice_role(personas)

    # when
    response = client.post(
        reverse("organizations:role_change", args=[personas.coop_a.slug, role.pk]),
        {"role": new_role},
        follow=True,
    )

    # then
    assert response.redirect_chain == [(people_url(personas), 302)]
    assert REFUSAL in response.content.decode()
    assert alice_role(personas).role == "admin"


def test_the_only_admin_cannot_leave(personas: Personas) -> None:
    client = personas.client_for("alice")

    response = client.post(
        reverse("organizations:role_remove", args=[personas.coop_a.slug, alice_role(personas).pk]),
        follow=True,
    )

    assert REFUSAL in response.content.decode()
    assert Role.objects.filter(user=personas.alice, organization=personas.coop_a).exists()


def test_the_services_refuse_with_a_stable_code(personas: Personas) -> None:
    with pytest.raises(ServiceError) as demotion:
        services.role_change(role=alice_role(personas), new_role="member", by=personas.alice)
    with pytest.raises(ServiceError) as removal:
        services.role_remove(role=alice_role(personas), by=personas.alice)

    assert demotion.value.code == removal.value.code == "last_admin"
    assert alice_role(personas).role == "admin"


def test_with_a_second_admin_one_may_step_down_but_not_the_last(personas: Personas) -> None:
    # given: bob is made an administrator too
    bob_role = Role.objects.get(user=personas.bob, organization=personas.coop_a)
    services.role_change(role=bob_role, new_role="admin", by=personas.alice)

    # when: alice steps down, then bob tries to as well
    services.role_change(role=alice_role(personas), new_role="member", by=personas.alice)
    with pytest.raises(ServiceError):
        services.role_change(role=bob_role, new_role="member", by=personas.bob)

    # then
    assert alice_role(personas).role == "member"
    assert Role.objects.get(pk=bob_role.pk).role == "admin"


def test_with_a_second_admin_one_may_leave_on_the_web(personas: Personas) -> None:
    RoleFactory.create(organization=personas.coop_a, role=Role.Name.ADMIN)

    response = personas.client_for("alice").post(
        reverse("organizations:role_remove", args=[personas.coop_a.slug, alice_role(personas).pk])
    )

    assert response.status_code == 302
    assert not Role.objects.filter(user=personas.alice, organization=personas.coop_a).exists()
    assert Role.objects.filter(organization=personas.coop_a, role="admin").count() == 1


def test_an_admin_of_another_organization_does_not_count(personas: Personas) -> None:
    RoleFactory.create(organization=personas.coop_b, role=Role.Name.ADMIN)

    with pytest.raises(ServiceError):
        services.role_change(role=alice_role(personas), new_role="member", by=personas.alice)

    assert alice_role(personas).role == "admin"


def test_removing_a_member_is_not_affected(personas: Personas) -> None:
    client: Client = personas.client_for("alice")
    bob_role = Role.objects.get(user=personas.bob, organization=personas.coop_a)

    response = client.post(
        reverse("organizations:role_remove", args=[personas.coop_a.slug, bob_role.pk])
    )

    assert response.status_code == 302
    assert not Role.objects.filter(pk=bob_role.pk).exists()

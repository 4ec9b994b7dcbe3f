"""A member can leave an organization on their own, and only their own role goes."""

from __future__ import annotations

from django.urls import reverse

from intercoop.conftest import Personas
from intercoop.organizations.models import Role


def bob_role(personas: Personas) -> Role:
    return Role.objects.get(user=personas.bob, organization=personas.coop_a)


def test_the_people_page_offers_a_member_the_way_out(personas: Personas) -> None:
    response = personas.client_for("bob").get(
        reverse("organizations:people", args=[personas.coop_a.slug])
    )

    leave_url = reverse(
        "organizations:role_remove", args=[personas.coop_a.slug, bob_role(personas).pk]
    )
    assert f'action="{leave_url}"' in response.content.decode()
    assert "Leave Co-op A" in response.content.decode()


def test_a_member_leaves_and_loses_access(personas: Personas) -> None:
    # given
    client = personas.client_for("bob")
    role = bob_role(personas)

    # when
    response = client.post(
        reverse("organizations:role_remove", args=[personas.coop_a.slug, role.pk]), follow=True
    )

    # then
    assert response.redirect_chain == [(reverse("organizations:detail", args=["coop-a"]), 302)]
    assert "You have left Co-op A." in response.content.decode()
    assert not Role.objects.filter(pk=role.pk).exists()
    assert Role.objects.filter(organization=personas.coop_a).count() == 1
    people = client.get(reverse("organizations:people", args=[personas.coop_a.slug]))
    assert people.status_code == 403


def test_leaving_one_organization_keeps_the_roles_in_others(personas: Personas) -> None:
    Role.objects.create(organization=personas.coop_b, user=personas.bob, role=Role.Name.MEMBER)

    personas.client_for("bob").post(
        reverse("organizations:role_remove", args=[personas.coop_a.slug, bob_role(personas).pk])
    )

    assert list(
        Role.objects.filter(user=personas.bob).values_list("organization__slug", flat=True)
    ) == ["coop-b"]


def test_a_member_cannot_make_someone_else_leave(personas: Personas) -> None:
    alice_role = Role.objects.get(user=personas.alice, organization=personas.coop_a)

    response = personas.client_for("bob").post(
        reverse("organizations:role_remove", args=[personas.coop_a.slug, alice_role.pk])
    )

    assert response.status_code == 403
    assert Role.objects.filter(pk=alice_role.pk).exists()


def test_a_leaving_member_cannot_take_a_role_of_another_organization_along(
    personas: Personas,
) -> None:
    # The role id belongs to co-op B: through A's address it does not exist.
    charlie_role = Role.objects.get(user=personas.charlie, organization=personas.coop_b)

    response = personas.client_for("bob").post(
        reverse("organizations:role_remove", args=[personas.coop_a.slug, charlie_role.pk])
    )

    assert response.status_code == 404
    assert Role.objects.filter(pk=charlie_role.pk).exists()

"""A proposal to an unknown organization, to the organization itself, or one that exists or
waits already is refused with a clear message, on the page and in the API; so are people who
may not answer it, and posts without the CSRF token."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.organizations.models import Organization, Relationship
from intercoop.organizations.tests.conftest import client_of, propose_on_the_web
from intercoop.testing.factories import RelationshipFactory, UserFactory

SELF = "An organization cannot be in a relationship with itself."
UNKNOWN = "No organization has the short name no-such-org."
WAITING = "This relationship was already proposed and is waiting for Co-op B to confirm it."
EXISTS = "This relationship already exists: Co-op A member of Co-op B."


@pytest.mark.parametrize(
    ("existing", "obj", "message"),
    [
        (None, "coop-a", SELF),
        (None, "no-such-org", UNKNOWN),
        ("pending", "coop-b", WAITING),
        ("confirmed", "coop-b", EXISTS),
    ],
)
def test_the_page_refuses_with_the_reason(
    personas: Personas, existing: str | None, obj: str, message: str
) -> None:
    # given
    if existing:
        RelationshipFactory.create(
            subject=personas.coop_a,
            object=personas.coop_b,
            confirmed_at=None if existing == "pending" else personas.coop_b.created_at,
        )
    before = list(Relationship.objects.values_list("pk", "confirmed_at"))

    # when
    response = propose_on_the_web(personas.client_for("alice"), subject="coop-a", obj=obj)

    # then
    assert response.status_code == 400
    assert message in response.text
    assert list(Relationship.objects.values_list("pk", "confirmed_at")) == before


@pytest.mark.parametrize(
    ("existing", "obj", "status", "code"),
    [
        (None, "coop-a", 409, "self_relationship"),
        (None, "no-such-org", 404, "unknown_organization"),
        ("pending", "coop-b", 409, "relationship_pending"),
        ("confirmed", "coop-b", 409, "duplicate_relationship"),
    ],
)
def test_the_api_refuses_with_a_stable_code(
    personas: Personas, existing: str | None, obj: str, status: int, code: str
) -> None:
    if existing:
        RelationshipFactory.create(
            subject=personas.coop_a,
            object=personas.coop_b,
            confirmed_at=None if existing == "pending" else personas.coop_b.created_at,
        )
    count = Relationship.objects.count()

    response = personas.client_for("alice").post(
        f"/api/v1/organizations/{personas.coop_a.pk}/relationships",
        {"predicate": "member_of", "object": obj},
        content_type="application/json",
    )

    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    if code in ("self_relationship", "unknown_organization"):
        assert error["details"][0]["loc"] == ["body", "payload", "object"]
        assert error["details"][0]["msg"] in (SELF, UNKNOWN)
    assert Relationship.objects.count() == count


def test_the_whole_address_of_the_other_page_may_be_pasted(personas: Personas) -> None:
    response = propose_on_the_web(
        personas.client_for("alice"), subject="coop-a", obj="https://example.org/fr/orgs/coop-b/"
    )

    assert response.status_code == 302
    assert Relationship.objects.get().object == personas.coop_b


def test_the_proposing_side_cannot_confirm_its_own_proposal(personas: Personas) -> None:
    # given
    propose_on_the_web(personas.client_for("alice"), subject="coop-a", obj="coop-b")
    relationship = Relationship.objects.get()

    # when Alice confirms it on A's page, or through A in the API
    page = personas.client_for("alice").post(
        reverse("organizations:relationship_confirm", args=["coop-a", relationship.pk])
    )
    api = personas.client_for("alice").post(
        f"/api/v1/organizations/{personas.coop_a.pk}/relationships/{relationship.pk}/confirm"
    )

    # then the proposal is not found among those waiting for A
    assert page.status_code == 404
    assert (api.status_code, api.json()["error"]["code"]) == (404, "not_found")
    relationship.refresh_from_db()
    assert relationship.confirmed_at is None


def test_a_member_of_the_other_side_cannot_answer(personas: Personas) -> None:
    # given A's proposal to B, where Charlie is a member but not an administrator
    propose_on_the_web(personas.client_for("alice"), subject="coop-a", obj="coop-b")
    relationship = Relationship.objects.get()
    charlie = personas.client_for("charlie")

    # when
    confirm = charlie.post(
        reverse("organizations:relationship_confirm", args=["coop-b", relationship.pk])
    )
    decline = charlie.post(
        reverse("organizations:relationship_remove", args=["coop-b", relationship.pk])
    )
    page = charlie.get(reverse("organizations:relationships", args=["coop-b"]))

    # then
    assert (confirm.status_code, decline.status_code, page.status_code) == (403, 403, 403)
    relationship.refresh_from_db()
    assert relationship.confirmed_at is None


def test_a_visitor_is_asked_to_sign_in(personas: Personas) -> None:
    url = reverse("organizations:relationships", args=["coop-a"])

    response = Client().post(url, {"predicate": "member_of", "object": "coop-b"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert not Relationship.objects.exists()


def test_posts_without_the_csrf_token_are_refused(personas: Personas, erin: User) -> None:
    # given a proposal from B to A, and clients that check CSRF as browsers do
    RelationshipFactory.create(subject=personas.coop_b, object=personas.coop_a, confirmed_at=None)
    waiting = Relationship.objects.get()
    alice = Client(enforce_csrf_checks=True)
    alice.force_login(personas.alice)

    # when Alice's session posts without the token
    propose = alice.post(
        reverse("organizations:relationships", args=["coop-a"]),
        {"predicate": "member_of", "object": "coop-b"},
    )
    confirm = alice.post(reverse("organizations:relationship_confirm", args=["coop-a", waiting.pk]))
    decline = alice.post(reverse("organizations:relationship_remove", args=["coop-a", waiting.pk]))
    api = alice.post(
        f"/api/v1/organizations/{personas.coop_a.pk}/relationships",
        {"predicate": "member_of", "object": "coop-b"},
        content_type="application/json",
    )

    # then
    assert (propose.status_code, confirm.status_code, decline.status_code) == (403, 403, 403)
    assert (api.status_code, api.json()["error"]["code"]) == (403, "csrf_failed")
    assert list(Relationship.objects.values_list("pk", "confirmed_at")) == [(waiting.pk, None)]


def test_platform_staff_answer_for_an_organization_without_administrators(
    personas: Personas,
) -> None:
    # given an imported organization nobody administers, and a proposal to it
    imported = Organization.objects.create(name="Imported federation", slug="imported")
    propose_on_the_web(personas.client_for("alice"), subject="coop-a", obj="imported")
    relationship = Relationship.objects.get()
    staff = UserFactory.create(is_staff=True, name="Morgan")
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})

    # when
    response = client_of(staff).post(
        reverse("organizations:relationship_confirm", args=[imported.slug, relationship.pk])
    )

    # then
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.confirmed_by == staff

"""Someone outside a co-op asks to join it from its public page; whoever may invite members
(its administrators and staff) accepts, which makes them a member, or declines with a reason.
The person is told by email either way, and may withdraw while the request waits."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.core.errors import Conflict, Gone
from intercoop.organizations import services
from intercoop.organizations.models import JoinRequest, Role
from intercoop.organizations.tests.conftest import client_of
from intercoop.testing.factories import RoleFactory, UserFactory

BASE = "http://testserver/"


def ask(personas: Personas, who: User, message: str = "") -> JoinRequest:
    return services.join_request_create(
        organization=personas.coop_a, by=who, message=message, base_url=BASE
    )


def test_a_signed_in_outsider_sees_the_form_and_members_do_not(personas: Personas) -> None:
    detail = reverse("organizations:detail", args=["coop-a"])

    charlie = personas.client_for("charlie").get(detail).text
    bob = personas.client_for("bob").get(detail).text
    anonymous = personas.client_for("anonymous").get(detail).text

    assert 'action="/en/orgs/coop-a/join/"' in charlie
    assert "csrfmiddlewaretoken" in charlie
    assert "Ask to join" not in bob
    assert "Sign in to ask to join" in anonymous


def test_charlie_asks_alice_accepts_and_charlie_becomes_a_member(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    # given staff of A, who may invite members and so decide too
    staff = UserFactory.create(email="stella@example.org")
    RoleFactory.create(organization=personas.coop_a, user=staff, role=Role.Name.STAFF)

    # when Charlie asks on A's page
    with django_capture_on_commit_callbacks(execute=True):
        asked = personas.client_for("charlie").post(
            reverse("organizations:join", args=["coop-a"]), {"message": "I bake bread."}
        )

    # then A's administrator and staff are told, Bob (a member) is not
    assert asked.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [personas.alice.email, staff.email]
    assert "I bake bread." in str(mail.outbox[0].body)
    page = personas.client_for("alice").get(reverse("organizations:join_requests", args=["coop-a"]))
    assert "I bake bread." in page.text
    assert "Charlie" in page.text

    # when Alice accepts
    mail.outbox.clear()
    join_request = JoinRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = personas.client_for("alice").post(
            reverse("organizations:join_request_accept", args=["coop-a", join_request.pk])
        )

    # then Charlie is a member, told so, and the request leaves the list
    assert accepted.status_code == 302
    role = Role.objects.get(organization=personas.coop_a, user=personas.charlie)
    assert role.role == Role.Name.MEMBER
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.ACCEPTED
    assert join_request.decided_by == personas.alice
    assert join_request.decided_at is not None
    assert [m.to for m in mail.outbox] == [[personas.charlie.email]]
    assert "accepted" in str(mail.outbox[0].body)
    page = personas.client_for("alice").get(reverse("organizations:join_requests", args=["coop-a"]))
    assert "I bake bread." not in page.text


def test_accepting_twice_gives_the_same_role_once(personas: Personas) -> None:
    join_request = ask(personas, personas.charlie)

    first = services.join_request_accept(
        join_request=join_request, by=personas.alice, base_url=BASE
    )
    second = services.join_request_accept(
        join_request=join_request, by=personas.alice, base_url=BASE
    )

    assert first.pk == second.pk
    assert Role.objects.filter(organization=personas.coop_a, user=personas.charlie).count() == 1


def test_a_double_submit_creates_one_request(personas: Personas) -> None:
    ask(personas, personas.charlie)

    with pytest.raises(Conflict) as refused:
        ask(personas, personas.charlie)

    assert refused.value.code == "join_request_pending"
    assert JoinRequest.objects.filter(user=personas.charlie).count() == 1


def test_the_database_refuses_a_second_pending_request(personas: Personas) -> None:
    # Two submits racing past the service's check: the partial unique index keeps one.
    JoinRequest.objects.create(organization=personas.coop_a, user=personas.charlie)

    with pytest.raises(IntegrityError), transaction.atomic():
        JoinRequest.objects.create(organization=personas.coop_a, user=personas.charlie)


def test_a_double_submit_on_the_web_says_the_request_is_waiting(personas: Personas) -> None:
    client = personas.client_for("charlie")
    url = reverse("organizations:join", args=["coop-a"])

    client.post(url, {"message": ""})
    again = client.post(url, {"message": ""})

    assert again.status_code == 400
    assert "already asked to join" in again.text
    assert JoinRequest.objects.count() == 1


def test_a_member_cannot_ask_to_join(personas: Personas) -> None:
    with pytest.raises(Conflict) as refused:
        ask(personas, personas.bob)

    assert refused.value.code == "already_member"
    assert not JoinRequest.objects.exists()


def test_a_declined_person_is_told_the_reason_and_may_ask_again(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    join_request = ask(personas, personas.charlie)

    with django_capture_on_commit_callbacks(execute=True):
        response = personas.client_for("alice").post(
            reverse("organizations:join_request_decline", args=["coop-a", join_request.pk]),
            {"reason": "We only take members who live in town."},
        )

    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.DECLINED
    assert not Role.objects.filter(organization=personas.coop_a, user=personas.charlie).exists()
    assert [m.to for m in mail.outbox] == [[personas.charlie.email]]
    assert "We only take members who live in town." in str(mail.outbox[0].body)
    page = personas.client_for("charlie").get(reverse("organizations:detail", args=["coop-a"]))
    assert "We only take members who live in town." in page.text
    # a declined request no longer blocks a new one
    assert ask(personas, personas.charlie).is_pending


def test_an_answered_request_cannot_be_answered_again(personas: Personas) -> None:
    join_request = ask(personas, personas.charlie)
    services.join_request_decline(join_request=join_request, by=personas.alice, base_url=BASE)

    with pytest.raises(Gone):
        services.join_request_accept(join_request=join_request, by=personas.alice, base_url=BASE)

    assert not Role.objects.filter(organization=personas.coop_a, user=personas.charlie).exists()


def test_the_person_withdraws_and_nobody_else_can(personas: Personas) -> None:
    join_request = ask(personas, personas.charlie)

    with pytest.raises(PermissionDenied):
        services.join_request_withdraw(join_request=join_request, by=personas.alice)
    response = personas.client_for("charlie").post(
        reverse("organizations:join_request_withdraw", args=["coop-a", join_request.pk])
    )

    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.WITHDRAWN
    with pytest.raises(Gone):
        services.join_request_accept(join_request=join_request, by=personas.alice, base_url=BASE)


def test_a_member_cannot_decide(personas: Personas) -> None:
    join_request = ask(personas, personas.charlie)

    with pytest.raises(PermissionDenied):
        services.join_request_accept(join_request=join_request, by=personas.bob, base_url=BASE)

    assert not Role.objects.filter(organization=personas.coop_a, user=personas.charlie).exists()


def test_an_overlong_message_is_refused_clearly(personas: Personas) -> None:
    response = personas.client_for("charlie").post(
        reverse("organizations:join", args=["coop-a"]), {"message": "x" * 2001}
    )

    assert response.status_code == 400
    assert "at most 2000 characters" in response.text
    assert not JoinRequest.objects.exists()


def test_a_person_removed_after_acceptance_is_not_brought_back(personas: Personas) -> None:
    join_request = ask(personas, personas.charlie)
    role = services.join_request_accept(join_request=join_request, by=personas.alice, base_url=BASE)
    services.role_remove(role=role, by=personas.alice)

    with pytest.raises(Gone):
        services.join_request_accept(join_request=join_request, by=personas.alice, base_url=BASE)


def test_the_admin_page_for_another_request_of_b_is_not_found(personas: Personas) -> None:
    # A request to B cannot be answered through A's pages.
    other = services.join_request_create(
        organization=personas.coop_b, by=personas.bob, base_url=BASE
    )

    response = client_of(personas.alice).post(
        reverse("organizations:join_request_accept", args=["coop-a", other.pk])
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.is_pending

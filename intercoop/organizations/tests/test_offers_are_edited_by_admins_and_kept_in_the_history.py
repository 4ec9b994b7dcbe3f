"""An organization's administrators, and platform staff, add, change and remove its products and
services on a page without JavaScript; every change is a version naming who made it, shown in
the organization's history. Its other people and outsiders cannot change them."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.organizations import services
from intercoop.organizations.models import Offer, Organization
from intercoop.organizations.services import OfferData
from intercoop.testing.factories import UserFactory


def offers_url(org: Organization) -> str:
    return reverse("organizations:offers", args=[org.slug])


def formset_data(*offers: dict[str, Any], initial: int = 0) -> dict[str, str]:
    """The POST of the offers page: its management form, then one form per offer."""
    data = {"offers-TOTAL_FORMS": str(len(offers)), "offers-INITIAL_FORMS": str(initial)}
    for i, offer in enumerate(offers):
        defaults = {"kind": "service", "text": "", "tags": "", "language": "", "id": ""}
        for name, value in {**defaults, **offer}.items():
            if name == "DELETE" and not value:
                continue
            data[f"offers-{i}-{name}"] = str(value)
    return data


def offers_of(org: Organization) -> list[tuple[str, str, str, str, int]]:
    return list(
        Offer.objects.filter(organization=org).values_list(
            "kind", "text", "tags", "language", "position"
        )
    )


@pytest.fixture
def moderator(db: None) -> User:
    staff: User = UserFactory.create(email="mod@example.org", name="Morgan", is_staff=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return staff


def test_alice_adds_changes_and_removes_offers_and_each_change_names_her(
    personas: Personas,
) -> None:
    # given
    org = personas.coop_a
    client = personas.client_for("alice")

    # when she adds two offers, a third blank form left empty
    response = client.post(
        offers_url(org),
        formset_data(
            {
                "kind": "product",
                "text": "Sourdough bread",
                "tags": "bread, organic,, Bread ",
                "language": "en",
            },
            {"kind": "service", "text": "Bike delivery", "tags": "delivery"},
            {},
        ),
    )

    # then they are saved in order, their tags cleaned, each as a version naming her
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:detail", args=[org.slug])
    assert offers_of(org) == [
        ("product", "Sourdough bread", "bread, organic", "en", 0),
        ("service", "Bike delivery", "delivery", "", 1),
    ]
    bread, delivery = Offer.objects.filter(organization=org)
    assert [(h.history_type, h.history_user) for h in Offer.history.all()] == [
        ("+", personas.alice),
        ("+", personas.alice),
    ]

    # when she changes the bread's tags and removes the delivery
    response = client.post(
        offers_url(org),
        formset_data(
            {"id": bread.pk, "kind": "product", "text": "Sourdough bread", "tags": "bread, rye"},
            {"id": delivery.pk, "kind": "service", "text": "Bike delivery", "DELETE": "on"},
            initial=2,
        ),
    )

    # then
    assert response.status_code == 302
    assert offers_of(org) == [("product", "Sourdough bread", "bread, rye", "", 0)]
    latest = list(Offer.history.order_by("-history_id")[:2])
    assert {(h.history_type, h.text, h.history_user) for h in latest} == {
        ("~", "Sourdough bread", personas.alice),
        ("-", "Bike delivery", personas.alice),
    }
    history = client.get(reverse("organizations:history", args=[org.slug])).content.decode()
    assert "Offer removed: “Bike delivery”" in history
    assert "Offer changed: “Sourdough bread” (tags, language)" in history
    assert "Offer added: “Sourdough bread”" in history


def test_the_page_shows_the_offers_to_edit_with_blank_forms_to_add_more(
    personas: Personas,
) -> None:
    services.offers_replace(
        organization=personas.coop_a,
        by=personas.alice,
        offers=[OfferData(text="Sourdough bread", tags=("bread", "organic"))],
    )

    response = personas.client_for("alice").get(offers_url(personas.coop_a))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Sourdough bread"' in html
    assert 'value="bread, organic"' in html
    assert 'name="offers-TOTAL_FORMS" value="3"' in html  # the offer and two blank forms
    assert 'name="offers-0-DELETE"' in html
    assert 'name="offers-1-DELETE"' not in html  # nothing to remove in a blank form


def test_the_edit_page_and_the_navigation_lead_to_the_offers(personas: Personas) -> None:
    client = personas.client_for("alice")
    link = f'href="{offers_url(personas.coop_a)}"'

    assert link in client.get(reverse("organizations:edit", args=["coop-a"])).content.decode()
    assert link in client.get(reverse("organizations:detail", args=["coop-a"])).content.decode()


@pytest.mark.parametrize(
    ("offer", "message"),
    [
        ({"text": "x" * 201}, "at most 200 characters"),
        ({"text": "", "tags": "bread"}, "This field is required"),
        ({"text": "Bread", "kind": "gift"}, "Select a valid choice"),
        ({"text": "Bread", "language": "de"}, "Select a valid choice"),
        ({"text": "Bread", "tags": "x" * 101}, "A tag can be at most 100 characters long"),
        ({"text": "Bread\x00"}, "Null characters are not allowed"),
    ],
)
def test_a_bad_offer_is_refused_clearly_and_nothing_changes(
    personas: Personas, offer: dict[str, str], message: str
) -> None:
    # given
    services.offers_replace(
        organization=personas.coop_a, by=personas.alice, offers=[OfferData(text="Kept")]
    )
    versions = Offer.history.count()

    # when
    response = personas.client_for("alice").post(
        offers_url(personas.coop_a), formset_data({"kind": "service", **offer})
    )

    # then
    assert response.status_code == 400
    assert message in response.content.decode()
    assert offers_of(personas.coop_a) == [("service", "Kept", "", "", 0)]
    assert Offer.history.count() == versions


def test_an_offer_of_another_organization_cannot_be_taken_over(personas: Personas) -> None:
    # given an offer of B, and Alice (admin of A) naming it in A's form
    theirs = Offer.objects.create(organization=personas.coop_b, text="B's bread")

    # when
    response = personas.client_for("alice").post(
        offers_url(personas.coop_a),
        formset_data({"id": theirs.pk, "text": "Now A's bread"}, initial=1),
    )

    # then
    assert response.status_code == 400
    assert "This offer is not one of Co-op A" in response.content.decode()
    theirs.refresh_from_db()
    assert (theirs.organization, theirs.text) == (personas.coop_b, "B's bread")
    assert offers_of(personas.coop_a) == []


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_people_who_are_not_its_admins_are_refused(personas: Personas, who: str) -> None:
    client = personas.client_for(who)

    assert client.get(offers_url(personas.coop_a)).status_code == 403
    response = client.post(offers_url(personas.coop_a), formset_data({"text": "Taken over"}))

    assert response.status_code == 403
    assert offers_of(personas.coop_a) == []
    with pytest.raises(PermissionDenied):
        services.offers_replace(
            organization=personas.coop_a,
            by=getattr(personas, who),
            offers=[OfferData(text="Taken over")],
        )
    assert offers_of(personas.coop_a) == []


def test_a_visitor_is_sent_to_sign_in_and_changes_nothing(personas: Personas) -> None:
    response = Client().post(offers_url(personas.coop_a), formset_data({"text": "Taken over"}))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert offers_of(personas.coop_a) == []


def test_staff_moderate_the_offers_of_any_organization(personas: Personas, moderator: User) -> None:
    client = Client()
    client.force_login(moderator)

    response = client.post(offers_url(personas.coop_b), formset_data({"text": "Jam"}))

    assert response.status_code == 302
    assert offers_of(personas.coop_b) == [("service", "Jam", "", "", 0)]
    assert Offer.history.get().history_user == moderator


def test_sending_the_same_offers_again_keeps_no_new_version(personas: Personas) -> None:
    # given
    offers = [
        OfferData(text="Bread", kind="product", tags=("bread",)),
        OfferData(text="Delivery"),
    ]
    services.offers_replace(organization=personas.coop_a, by=personas.alice, offers=offers)
    versions = Offer.history.count()
    updated_at = Organization.objects.get(pk=personas.coop_a.pk).updated_at

    # when the same list comes again, without ids (as from a script)
    kept = services.offers_replace(organization=personas.coop_a, by=personas.alice, offers=offers)

    # then nothing changed
    assert [o.text for o in kept] == ["Bread", "Delivery"]
    assert Offer.history.count() == versions
    assert Organization.objects.get(pk=personas.coop_a.pk).updated_at == updated_at


def test_a_change_of_offers_marks_the_profile_updated_without_a_profile_version(
    personas: Personas,
) -> None:
    org = Organization.objects.get(pk=personas.coop_a.pk)
    profile_versions = org.history.count()

    services.offers_replace(organization=org, by=personas.alice, offers=[OfferData(text="Jam")])

    assert Organization.objects.get(pk=org.pk).updated_at > org.updated_at
    assert org.history.count() == profile_versions


@pytest.mark.parametrize(
    ("offers", "code"),
    [
        ([OfferData(text="  ")], "offer_text_required"),
        ([OfferData(text="Bread", kind="gift")], "unknown_offer_kind"),
        ([OfferData(text="Bread", language="de")], "unknown_language"),
        ([OfferData(text="Bread", tags=("a,b",))], "tag_with_comma"),
        ([OfferData(text="Bread", tags=tuple(f"tag{n:03}" for n in range(60)))], "tags_too_long"),
        ([OfferData(text=f"Offer {n}") for n in range(51)], "too_many_offers"),
        ([OfferData(text="Bread", id=999_999)], "unknown_offer"),
    ],
)
def test_the_service_refuses_what_no_editor_may_write(
    personas: Personas, offers: list[OfferData], code: str
) -> None:
    with pytest.raises(ServiceError) as refused:
        services.offers_replace(organization=personas.coop_a, by=personas.alice, offers=offers)

    assert refused.value.code == code
    assert offers_of(personas.coop_a) == []


def test_the_history_pages_through_profile_and_offer_versions_together(
    personas: Personas,
) -> None:
    # given 30 profile changes and 30 offer changes, one after the other
    org = personas.coop_a
    for n in range(30):
        services.organization_update(organization=org, by=personas.alice, nickname=f"A{n}")
        services.offers_replace(
            organization=org, by=personas.alice, offers=[OfferData(text=f"Bread {n}", id=None)]
        )
    client = personas.client_for("bob")  # a member reads the history too
    url = reverse("organizations:history", args=[org.slug])

    # when
    first = client.get(url).context["versions"]
    second = client.get(url + "?page=2").context["versions"]

    # then every version is there once, newest first, each telling what it changed
    rows = [*first, *second]
    assert (len(first), len(rows)) == (50, 1 + 30 + 30 + 29)  # creation, nicknames, adds, removals
    assert [r.when for r in rows] == sorted((r.when for r in rows), reverse=True)
    assert rows[0].changed == ["Offer added: “Bread 29”"]
    assert rows[1].changed == ["Offer removed: “Bread 28”"]
    assert rows[2].changed == ["nickname"]
    assert all(r.changed == ["nickname"] for r in rows if r.changed and "Offer" not in r.changed[0])
    assert rows[-1].created


def test_the_service_s_limits_are_the_model_s() -> None:
    assert Offer._meta.get_field("text").max_length == services.TEXT_MAX_LENGTH
    assert Offer._meta.get_field("tags").max_length == services.TAGS_MAX_LENGTH


def test_one_offer_listed_twice_is_refused(personas: Personas) -> None:
    (bread,) = services.offers_replace(
        organization=personas.coop_a, by=personas.alice, offers=[OfferData(text="Bread")]
    )
    twice = [OfferData(text="Bread", id=bread.pk), OfferData(text="Rye", id=bread.pk)]

    with pytest.raises(ServiceError) as refused:
        services.offers_replace(organization=personas.coop_a, by=personas.alice, offers=twice)

    assert refused.value.code == "offer_repeated"
    assert offers_of(personas.coop_a) == [("service", "Bread", "", "", 0)]

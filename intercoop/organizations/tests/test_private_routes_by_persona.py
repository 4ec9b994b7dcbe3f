"""Every web route of the organizations and accounts apps, for each of the four personas.

Alice administers co-op A, Bob is a member of A, Charlie is a member of co-op B, and the fourth
persona is an anonymous visitor. Charlie and the visitor must never see or change anything
private of A; Bob may see A's people but not manage them; Alice may do everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from intercoop.accounts import urls as account_urls
from intercoop.accounts.models import ApiToken, User
from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.organizations import services
from intercoop.organizations import urls as organization_urls
from intercoop.organizations.models import (
    Invitation,
    JoinRequest,
    Offer,
    Organization,
    Relationship,
    Role,
)
from intercoop.testing.factories import (
    OrganizationFactory,
    RelationshipFactory,
    RoleFactory,
    UserFactory,
)
from intercoop.testing.persona_routes import (
    CASE,
    DONE,
    LOGIN,
    OTHER_METHOD_CASE,
    Expected,
    PersonaTable,
    Route,
    Row,
    url_names_of,
    writes_by,
)
from intercoop.testing.state import organization_private_state


@dataclass
class World:
    """The personas, plus what the routes act on."""

    personas: Personas
    dora: User  # another member of A, the target of role changes and removals
    dora_role: Role
    pending: Invitation  # an open invitation of A, private to its inviters
    stranger_token: str  # the link token of an invitation sent to nobody here
    alice_token: ApiToken
    federation: Organization  # what A proposes to join
    waiting: Relationship  # B asks to be a member of A: A's administrators answer
    confirmed: Relationship  # A supplies B, agreed by both: either side may end it
    joiner: User  # someone outside A who asked to join it
    join_request: JoinRequest  # their request, waiting for A's administrators and staff


# A's own proposal to this network, not confirmed yet: nobody outside A's administrators sees it.
# The network itself is public, so the list of every organization names it; the tests of the
# directory's outputs check that the link does not show there.
QUIET_NETWORK = "Quiet Network"
LISTS_EVERY_ORGANIZATION = {"org_list"}


@pytest.fixture
def world(personas: Personas) -> World:
    dora = UserFactory.create(email="dora@example.org", name="Dora")
    dora_role = RoleFactory.create(organization=personas.coop_a, user=dora)
    pending = services.invitation_create(
        organization=personas.coop_a,
        email="pending@example.org",
        role=Role.Name.MEMBER,
        by=personas.alice,
        base_url="http://testserver/",
    ).invitation
    stranger = services.invitation_create(
        organization=personas.coop_a,
        email="newcomer@example.org",
        role=Role.Name.MEMBER,
        by=personas.alice,
        base_url="http://testserver/",
    )
    alice_token = api_token_create(user=personas.alice, name="alice's script").token
    federation = OrganizationFactory.create(name="Federation F", slug="federation-f")
    quiet = OrganizationFactory.create(name=QUIET_NETWORK, slug="quiet-network")
    RelationshipFactory.create(subject=personas.coop_a, object=quiet, confirmed_at=None)
    waiting = RelationshipFactory.create(
        subject=personas.coop_b, object=personas.coop_a, confirmed_at=None
    )
    confirmed = RelationshipFactory.create(
        subject=personas.coop_a,
        predicate=Relationship.Predicate.SUPPLIER_OF,
        object=personas.coop_b,
    )
    joiner = UserFactory.create(email="frank@example.org", name="Frank")
    join_request = services.join_request_create(
        organization=personas.coop_a,
        by=joiner,
        message="A private note from Frank to A",
        base_url="http://testserver/",
    )
    return World(
        personas,
        dora,
        dora_role,
        pending,
        stranger.token,
        alice_token,
        federation,
        waiting,
        confirmed,
        joiner,
        join_request,
    )


def _org_a(w: World) -> list[Any]:
    return [w.personas.coop_a.slug]


ROUTES: dict[str, Route[World]] = {
    "home": Route("home"),
    "org_list": Route("organizations:list"),
    "org_create": Route(
        "organizations:create", data=lambda w: {"name": "A fresh co-op", "kind": "coop"}
    ),
    "org_detail": Route("organizations:detail", _org_a),
    "org_edit": Route(
        "organizations:edit",
        _org_a,
        lambda w: {"name": "Co-op A, renamed", "status": "active"},
    ),
    "org_offers": Route(
        "organizations:offers",
        _org_a,
        lambda w: {
            "offers-TOTAL_FORMS": "1",
            "offers-INITIAL_FORMS": "0",
            "offers-0-kind": "product",
            "offers-0-text": "Sourdough bread",
            "offers-0-tags": "bread, organic",
            "offers-0-language": "en",
        },
    ),
    "org_history": Route("organizations:history", _org_a),
    "relationships": Route(
        "organizations:relationships",
        _org_a,
        lambda w: {"predicate": "member_of", "object": w.federation.slug},
    ),
    "relationship_confirm": Route(
        "organizations:relationship_confirm", lambda w: [w.personas.coop_a.slug, w.waiting.pk]
    ),
    "relationship_remove": Route(
        "organizations:relationship_remove", lambda w: [w.personas.coop_a.slug, w.confirmed.pk]
    ),
    "people": Route("organizations:people", _org_a),
    "role_change": Route(
        "organizations:role_change",
        lambda w: [w.personas.coop_a.slug, w.dora_role.pk],
        lambda w: {"role": Role.Name.STAFF},
    ),
    "role_remove": Route(
        "organizations:role_remove", lambda w: [w.personas.coop_a.slug, w.dora_role.pk]
    ),
    "invitations": Route(
        "organizations:invitations",
        _org_a,
        lambda w: {"email": "someone-new@example.org", "role": Role.Name.MEMBER},
    ),
    "invitation_revoke": Route(
        "organizations:invitation_revoke", lambda w: [w.personas.coop_a.slug, w.pending.pk]
    ),
    "join": Route("organizations:join", _org_a, lambda w: {"message": "Please let me in"}),
    # Frank's request: nobody else may withdraw it, or even learn that it exists.
    "join_request_withdraw": Route(
        "organizations:join_request_withdraw",
        lambda w: [w.personas.coop_a.slug, w.join_request.pk],
    ),
    "join_requests": Route("organizations:join_requests", _org_a),
    "join_request_accept": Route(
        "organizations:join_request_accept", lambda w: [w.personas.coop_a.slug, w.join_request.pk]
    ),
    "join_request_decline": Route(
        "organizations:join_request_decline",
        lambda w: [w.personas.coop_a.slug, w.join_request.pk],
        lambda w: {"reason": "We are full"},
    ),
    "attention": Route("organizations:attention"),
    # An invitation of A to pending@example.org, found by its number: no persona has that
    # address, so none may see it.
    "invitation_received": Route("organizations:invitation_received", lambda w: [w.pending.pk]),
    # The invitation was sent to newcomer@example.org: no persona here can take it.
    "invitation": Route("organizations:invitation", lambda w: [w.stranger_token]),
    "profile": Route("accounts:profile", data=lambda w: {"name": "Renamed"}),
    "tokens": Route("accounts:tokens", data=lambda w: {"name": "my script"}),
    # Alice's token: nobody else may revoke it, or even learn that it exists.
    "token_revoke": Route("accounts:token_revoke", lambda w: [w.alice_token.pk]),
}

# route, method: expected for alice, bob, charlie, anonymous
ROWS: list[Row] = [
    ("home", "GET", (200, 200, 200, 200)),
    ("org_list", "GET", (200, 200, 200, 200)),
    ("org_detail", "GET", (200, 200, 200, 200)),
    ("org_create", "GET", (200, 200, 200, LOGIN)),
    ("org_create", "POST", (DONE, DONE, DONE, LOGIN)),
    ("org_edit", "GET", (200, 403, 403, LOGIN)),
    ("org_edit", "POST", (DONE, 403, 403, LOGIN)),
    ("org_offers", "GET", (200, 403, 403, LOGIN)),
    ("org_offers", "POST", (DONE, 403, 403, LOGIN)),
    ("org_history", "GET", (200, 200, 403, LOGIN)),
    ("relationships", "GET", (200, 403, 403, LOGIN)),
    ("relationships", "POST", (DONE, 403, 403, LOGIN)),
    ("relationship_confirm", "POST", (DONE, 403, 403, LOGIN)),
    ("relationship_remove", "POST", (DONE, 403, 403, LOGIN)),
    ("people", "GET", (200, 200, 403, LOGIN)),
    ("role_change", "POST", (DONE, 403, 403, LOGIN)),
    ("role_remove", "POST", (DONE, 403, 403, LOGIN)),
    ("invitations", "GET", (200, 403, 403, LOGIN)),
    ("invitations", "POST", (DONE, 403, 403, LOGIN)),
    ("invitation_revoke", "POST", (DONE, 403, 403, LOGIN)),
    # Alice and Bob are already in A: the form says so and refuses.
    ("join", "GET", (200, 200, 200, LOGIN)),
    ("join", "POST", (400, 400, DONE, LOGIN)),
    ("join_request_withdraw", "POST", (404, 404, 404, LOGIN)),
    ("join_requests", "GET", (200, 403, 403, LOGIN)),
    ("join_request_accept", "POST", (DONE, 403, 403, LOGIN)),
    ("join_request_decline", "POST", (DONE, 403, 403, LOGIN)),
    ("attention", "GET", (200, 200, 200, LOGIN)),
    ("invitation_received", "GET", (404, 404, 404, LOGIN)),
    ("invitation_received", "POST", (404, 404, 404, LOGIN)),
    ("invitation", "GET", (403, 403, 403, LOGIN)),
    ("invitation", "POST", (403, 403, 403, LOGIN)),
    ("profile", "GET", (200, 200, 200, LOGIN)),
    ("profile", "POST", (DONE, DONE, DONE, LOGIN)),
    ("tokens", "GET", (200, 200, 200, LOGIN)),
    ("tokens", "POST", (200, 200, 200, LOGIN)),
    ("token_revoke", "POST", (DONE, 404, 404, LOGIN)),
]


def protected_state(w: World) -> tuple[object, ...]:
    """Everything private of A, its offers, and Alice's token."""
    offers = Offer.objects.filter(organization=w.personas.coop_a).values_list(
        "pk", "kind", "text", "tags", "language", "position"
    )
    return (
        *organization_private_state(w.personas.coop_a),
        sorted(offers),
        ApiToken.objects.filter(pk=w.alice_token.pk).values_list("revoked_at", flat=True).get(),
    )


def private_markers(w: World, route: str, who: str) -> list[str]:
    """Text that only A's own people may read on a route: hidden from Charlie and visitors."""
    if who not in ("charlie", "anonymous"):
        return []
    p = w.personas
    markers = [
        p.alice.email,
        p.bob.email,
        w.dora.email,
        w.pending.email,
        w.joiner.email,
        w.join_request.message,
    ]
    return markers if route in LISTS_EVERY_ORGANIZATION else [*markers, QUIET_NETWORK]


TABLE = PersonaTable(
    routes=ROUTES,
    rows=ROWS,
    client=lambda w, who: w.personas.client_for(who),
    state=protected_state,
    # Alice's successful writes change the protected state; anyone outside A may ask to join it.
    changes=writes_by(
        {
            ("org_edit", "POST"): {"alice"},
            ("org_offers", "POST"): {"alice"},
            ("relationships", "POST"): {"alice"},
            ("relationship_confirm", "POST"): {"alice"},
            ("relationship_remove", "POST"): {"alice"},
            ("role_change", "POST"): {"alice"},
            ("role_remove", "POST"): {"alice"},
            ("invitations", "POST"): {"alice"},
            ("invitation_revoke", "POST"): {"alice"},
            ("token_revoke", "POST"): {"alice"},
            ("join_request_accept", "POST"): {"alice"},
            ("join_request_decline", "POST"): {"alice"},
            ("join", "POST"): {"charlie"},
        }
    ),
    hidden=private_markers,
    # Views that need a signed-in person may ask for that before looking at the method.
    login_before_method=True,
)


@pytest.mark.parametrize(CASE, TABLE.cases())
def test_route_answers_each_persona_as_the_table_says(
    world: World, route: str, method: str, who: str, expected: Expected
) -> None:
    TABLE.check(world, route, method, who, expected)


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_people_of_a_see_who_the_other_members_are(world: World, who: str) -> None:
    # The positive control for the leak check above: the marker is on the page when allowed.
    _, response = TABLE.request(world, "people", "GET", who)

    assert response.status_code == 200
    assert world.dora.email in response.content.decode()


def test_the_admin_sees_the_open_invitations(world: World) -> None:
    _, response = TABLE.request(world, "invitations", "GET", "alice")

    assert world.pending.email in response.content.decode()


def test_the_admin_sees_the_pending_relationships_and_nobody_sees_them_on_the_profile(
    world: World,
) -> None:
    # The positive control for the leak check above: A's own proposal is on its
    # administrators' page, and B's proposal waits there for an answer.
    _, page = TABLE.request(world, "relationships", "GET", "alice")
    _, profile = TABLE.request(world, "org_detail", "GET", "alice")

    assert QUIET_NETWORK in page.content.decode()
    assert world.waiting.subject.name in page.content.decode()
    assert QUIET_NETWORK not in profile.content.decode()


def test_the_admin_finds_the_requests_to_join_on_her_attention_page(world: World) -> None:
    # The positive control for the leak check of the attention page.
    _, response = TABLE.request(world, "attention", "GET", "alice")

    assert "Frank asks to join Co-op A" in response.content.decode()


def test_the_admin_sees_the_requests_to_join(world: World) -> None:
    # The positive control for the leak check above.
    _, response = TABLE.request(world, "join_requests", "GET", "alice")

    assert world.joiner.email in response.content.decode()
    assert world.join_request.message in response.content.decode()


@pytest.mark.parametrize(OTHER_METHOD_CASE, TABLE.other_method_cases())
def test_a_method_the_route_does_not_take_is_refused_without_effect(
    world: World, route: str, method: str, who: str
) -> None:
    TABLE.check_other_method(world, route, method, who)


def test_every_web_route_has_rows_in_the_table() -> None:
    routes = url_names_of(organization_urls.urlpatterns, organization_urls.app_name)
    routes |= url_names_of(account_urls.urlpatterns, account_urls.app_name)

    assert routes - TABLE.url_names() == set(), "add persona rows for these routes"

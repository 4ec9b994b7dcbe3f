"""Every decisions route, for each of the four personas: Alice (admin of A) may do everything, Bob
(member of A) may see, vote and download but not prepare, open or close, Charlie (member of B)
gets 403 everywhere, and an anonymous visitor is sent to sign in. Refused POSTs change
nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from intercoop.governance.models import Decision, Member, Participation
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast
from intercoop.governance.views import decisions as decision_views
from intercoop.testing.persona_routes import (
    CASE,
    DONE,
    LOGIN,
    Expected,
    PersonaTable,
    Route,
    Row,
    url_names_of,
)

pytestmark = pytest.mark.django_db


@dataclass
class World:
    g: Governance
    draft: Decision
    open: Decision
    closed: Decision


@pytest.fixture
def world(governance: Governance, voters: list[Member], make_decision: MakeDecision) -> World:
    draft = make_decision("single", open=False, title="Draft")
    opened = make_decision("single", title="Open")
    closed = make_decision("single", title="Closed")
    cast(closed, voters[3], ["Anne"])
    decision_close(decision=closed, by=governance.personas.alice)
    return World(governance, draft=draft, open=opened, closed=closed)


def _of(which: str) -> Callable[[World], list[Any]]:
    return lambda w: ["coop-a", getattr(w, which).pk]


NEW_VOTE = {
    "title": "A new vote",
    "language": "en",
    "method": "single",
    "options": "One\nTwo",
    "threshold": "majority",
    "seats": 1,
    "max_score": 5,
    "secrecy": "public",
    "record_date": "2026-01-01",
}

ROUTES: dict[str, Route[World]] = {
    "list": Route("governance:decision_list", lambda w: ["coop-a"]),
    "create": Route("governance:decision_create", lambda w: ["coop-a"], lambda w: NEW_VOTE),
    "detail": Route("governance:decision_detail", _of("open")),
    "vote": Route("governance:decision_vote", _of("open")),  # each sends their own: vote_data
    "receipt": Route("governance:decision_receipt", _of("open")),
    "open": Route("governance:decision_open", _of("draft")),
    "close": Route("governance:decision_close", _of("open"), lambda w: {"confirm": "close"}),
    "result": Route("governance:decision_result", _of("closed")),
    "export": Route("governance:decision_export", _of("closed")),
}

# route, method: expected for alice, bob, charlie, anonymous
ROWS: list[Row] = [
    ("list", "GET", (200, 200, 403, LOGIN)),
    ("create", "GET", (200, 403, 403, LOGIN)),
    ("create", "POST", (DONE, 403, 403, LOGIN)),
    ("detail", "GET", (200, 200, 403, LOGIN)),
    ("vote", "POST", (DONE, DONE, 403, LOGIN)),
    ("receipt", "GET", (200, 200, 403, LOGIN)),
    ("open", "POST", (DONE, 403, 403, LOGIN)),
    ("close", "GET", (200, 403, 403, LOGIN)),
    ("close", "POST", (DONE, 403, 403, LOGIN)),
    ("result", "GET", (200, 200, 403, LOGIN)),
    ("export", "GET", (200, 200, 403, LOGIN)),
]


def protected_state(w: World) -> tuple[object, ...]:
    return (
        Decision.objects.count(),
        Participation.objects.count(),
        list(Decision.objects.order_by("pk").values_list("state", flat=True)),
    )


# Every POST that goes through writes (the default rule); nothing else does.
TABLE = PersonaTable(
    routes=ROUTES,
    rows=ROWS,
    client=lambda w, who: w.g.personas.client_for(who),
    state=protected_state,
)


def vote_data(w: World, who: str) -> dict[str, Any]:
    """Alice's and Bob's own ballots; the others send Bob's."""
    own = {"alice": w.g.alice_member}.get(who, w.g.bob_member)
    option = w.open.options.first()
    assert option is not None
    return {"member": own.pk, f"m{own.pk}-choice": option.pk}


@pytest.mark.parametrize(CASE, TABLE.cases())
def test_route_answers_each_persona_as_the_table_says(
    world: World, route: str, method: str, who: str, expected: Expected
) -> None:
    data = vote_data(world, who) if route == "vote" else None
    TABLE.check(world, route, method, who, expected, data=data)


def test_every_decisions_route_has_rows_in_the_table() -> None:
    names = url_names_of(decision_views.urlpatterns, "governance")

    assert names - TABLE.url_names() == set(), "add persona rows for these routes"


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_another_coops_decision_is_not_found_under_its_slug(world: World, who: str) -> None:
    # co-op A's decision asked for under co-op B's address
    client = world.g.personas.client_for(who)
    response = client.get(f"/en/orgs/coop-b/decisions/{world.open.pk}/")
    # Charlie may see B's decisions, but this one is A's: not found; Alice and Bob have no
    # role in B.
    assert response.status_code == (404 if who == "charlie" else 403)

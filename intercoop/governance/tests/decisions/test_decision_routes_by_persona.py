"""Every decisions route, for each of the four personas: Alice (admin of A) may do everything, Bob
(member of A) may see, vote and download but not prepare, open or close, Charlie (member of B)
gets 403 everywhere, and an anonymous visitor is sent to sign in. Refused POSTs change
nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from intercoop.governance.models import Decision, Member, Participation
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast

pytestmark = pytest.mark.django_db


@dataclass
class World:
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
    return World(draft=draft, open=opened, closed=closed)


# route, method, which decision, expected status for alice, bob, charlie
ROUTES = [
    ("decisions/", "get", None, 200, 200, 403),
    ("decisions/new/", "get", None, 200, 403, 403),
    ("decisions/new/", "post", None, 302, 403, 403),
    ("decisions/{id}/", "get", "open", 200, 200, 403),
    ("decisions/{id}/vote/", "post", "open", 302, 302, 403),
    ("decisions/{id}/receipt/", "get", "open", 200, 200, 403),
    ("decisions/{id}/open/", "post", "draft", 302, 403, 403),
    ("decisions/{id}/close/", "get", "open", 200, 403, 403),
    ("decisions/{id}/close/", "post", "open", 302, 403, 403),
    ("decisions/{id}/result/", "get", "closed", 200, 200, 403),
    ("decisions/{id}/ballots.zip", "get", "closed", 200, 200, 403),
]
PERSONAS = ["alice", "bob", "charlie", "anonymous"]


def post_data(governance: Governance, route: str, decision: Decision | None, who: str) -> dict:
    if route.endswith("new/"):
        return {
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
    if route.endswith("vote/") and decision is not None:
        own = {"alice": governance.alice_member, "bob": governance.bob_member}.get(
            who, governance.bob_member
        )
        option = decision.options.first()
        assert option is not None
        return {"member": own.pk, f"m{own.pk}-choice": option.pk}
    if route.endswith("close/"):
        return {"confirm": "close"}
    return {}


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize(("route", "verb", "which", "alice", "bob", "charlie"), ROUTES)
def test_route_by_persona(
    governance: Governance,
    world: World,
    who: str,
    route: str,
    verb: str,
    which: str | None,
    alice: int,
    bob: int,
    charlie: int,
) -> None:
    decision = getattr(world, which) if which else None
    url = "/en/orgs/coop-a/" + route.format(id=decision.pk if decision else 0)
    client = governance.personas.client_for(who)
    before = (
        Decision.objects.count(),
        Participation.objects.count(),
        list(Decision.objects.order_by("pk").values_list("state", flat=True)),
    )
    if verb == "get":
        response = client.get(url)
    else:
        response = client.post(url, post_data(governance, route, decision, who))
    expected = {"alice": alice, "bob": bob, "charlie": charlie, "anonymous": 302}[who]
    assert response.status_code == expected, response.content[:500]
    if who == "anonymous":
        assert "/accounts/login/" in response["Location"]
    if expected == 200 or (expected == 302 and who != "anonymous"):
        return
    after = (
        Decision.objects.count(),
        Participation.objects.count(),
        list(Decision.objects.order_by("pk").values_list("state", flat=True)),
    )
    assert after == before


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_another_coops_decision_is_not_found_under_its_slug(
    governance: Governance, world: World, who: str
) -> None:
    # co-op A's decision asked for under co-op B's address
    client = governance.personas.client_for(who)
    response = client.get(f"/en/orgs/coop-b/decisions/{world.open.pk}/")
    # Charlie may see B's decisions, but this one is A's: not found; Alice and Bob have no
    # role in B.
    assert response.status_code == (404 if who == "charlie" else 403)

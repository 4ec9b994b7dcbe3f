"""Every route of the member register, the voting rules and the audit log, for each persona.

Alice administers co-op A; Bob is a member of A; Charlie is a member of co-op B; the fourth
persona is an anonymous visitor. Charlie and the visitor never see nor change anything of A's
register, rules or log; Bob reads A's rules and log but neither reads nor manages the register.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from intercoop.governance.audit import audit_append
from intercoop.governance.models import AuditEntry, Member, MemberStatusChange, VotingCollege
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.views import register as register_views
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

# Text only A's register, rules or log holds.
SECRET_MEMBER = "Zelda Secretmember"
SECRET_NUMBER = "A-SECRET-7"
# An entry of A's log, shown in words with its details: its reason is the marker.
SECRET_ACTION = "Secret marker of the log"


@pytest.fixture
def world(governance: Governance) -> Governance:
    Member.objects.create(
        organization=governance.personas.coop_a,
        number=SECRET_NUMBER,
        name=SECRET_MEMBER,
        category="worker",
        joined_on=timezone.localdate() - timedelta(days=30),
        email="zelda@example.org",
    )
    audit_append(
        organization=governance.personas.coop_a,
        action="amendment.rejected",
        data={"reason": SECRET_ACTION},
    )
    return governance


def _a(w: Governance) -> list[Any]:
    return [w.personas.coop_a.slug]


def _bob_member(w: Governance) -> list[Any]:
    return [w.personas.coop_a.slug, w.bob_member.pk]


def _member_data(w: Governance) -> dict[str, Any]:
    return {
        "number": "NEW-1",
        "name": "Newcomer",
        "category": "user",
        "joined_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
    }


def _edit_data(w: Governance) -> dict[str, Any]:
    m = w.bob_member
    return {
        "number": m.number,
        "name": "Bob Renamed",
        "category": m.category,
        "joined_on": m.joined_on.isoformat(),
        "account_email": "bob@example.org",
    }


def _status_data(w: Governance) -> dict[str, Any]:
    return {"status": "suspended", "on": timezone.localdate().isoformat(), "note": "board"}


def _import_data(w: Governance) -> dict[str, Any]:
    body = f"number,name,category,joined_on\nIMP-1,Imported,worker,{timezone.localdate()}\n"
    return {"file": SimpleUploadedFile("m.csv", body.encode(), "text/csv"), "action": "import"}


def _rules_data(w: Governance) -> dict[str, Any]:
    data = {
        "preset": "scic_france",
        "one_member_one_vote": "on",
        "proxies_allowed": "on",
        "min_membership_days_to_vote": "0",
        "notice_days": "21",
        "quorum_percent": "25",
        "second_call_quorum_percent": "0",
        "min_college_ballots_to_publish": "5",
        "categories_text": "worker: Workers\nuser: Users\nsupporting: Supporting\ncommunity: C",
        "colleges-TOTAL_FORMS": "3",
        "colleges-INITIAL_FORMS": "3",
    }
    for i, (key, cats, weight) in enumerate(
        [("workers", "worker", "40"), ("users", "user", "40"), ("supporters", "supporting", "20")]
    ):
        data |= {
            f"colleges-{i}-key": key,
            f"colleges-{i}-name": key.title(),
            f"colleges-{i}-categories": cats,
            f"colleges-{i}-weight_percent": weight,
        }
    return data


# The routes whose GET page shows A's secret register content.
SHOWS_REGISTER = ("members", "members_export")


ROUTES: dict[str, Route[Governance]] = {
    "members": Route("governance:members", _a),
    "member_add": Route("governance:member_add", _a, _member_data),
    "members_export": Route("governance:members_export", _a),
    "members_import": Route("governance:members_import", _a, _import_data),
    "members_roll": Route("governance:members_roll", _a),
    "member_detail": Route("governance:member_detail", _bob_member),
    "member_edit": Route("governance:member_edit", _bob_member, _edit_data),
    "member_status": Route("governance:member_status", _bob_member, _status_data),
    "rules": Route("governance:rules", _a),
    "rules_edit": Route("governance:rules_edit", _a, _rules_data),
    "audit": Route("governance:audit", _a),
}

ROWS: list[Row] = [
    ("members", "GET", (200, 403, 403, LOGIN)),
    ("member_add", "GET", (200, 403, 403, LOGIN)),
    ("member_add", "POST", (DONE, 403, 403, LOGIN)),
    ("members_export", "GET", (200, 403, 403, LOGIN)),
    ("members_import", "GET", (200, 403, 403, LOGIN)),
    ("members_import", "POST", (DONE, 403, 403, LOGIN)),
    ("members_roll", "GET", (200, 403, 403, LOGIN)),
    ("member_detail", "GET", (200, 403, 403, LOGIN)),
    ("member_edit", "GET", (200, 403, 403, LOGIN)),
    ("member_edit", "POST", (DONE, 403, 403, LOGIN)),
    ("member_status", "GET", (200, 403, 403, LOGIN)),
    ("member_status", "POST", (DONE, 403, 403, LOGIN)),
    ("rules", "GET", (200, 200, 403, LOGIN)),
    ("rules_edit", "GET", (200, 403, 403, LOGIN)),
    ("rules_edit", "POST", (DONE, 403, 403, LOGIN)),
    ("audit", "GET", (200, 200, 403, LOGIN)),
]


def protected_state(w: Governance) -> tuple[object, ...]:
    org = w.personas.coop_a
    return (
        sorted(Member.objects.filter(organization=org).values_list()),
        sorted(MemberStatusChange.objects.filter(member__organization=org).values_list()),
        list(type(w.rules).objects.filter(pk=w.rules.pk).values_list()),
        sorted(VotingCollege.objects.filter(ruleset=w.rules).values_list()),
        AuditEntry.objects.filter(organization=org).count(),
    )


def private_markers(w: Governance, route: str, who: str) -> list[str]:
    """Only Alice reads A's register; Bob reads A's log, but not its register."""
    if who == "alice":
        return []
    markers = [SECRET_MEMBER, SECRET_NUMBER, "zelda@example.org"]
    return markers if who == "bob" else [*markers, SECRET_ACTION]


TABLE = PersonaTable(
    routes=ROUTES,
    rows=ROWS,
    client=lambda w, who: w.personas.client_for(who),
    state=protected_state,
    changes=writes_by(
        {
            ("member_add", "POST"): {"alice"},
            ("members_import", "POST"): {"alice"},
            ("member_edit", "POST"): {"alice"},
            ("member_status", "POST"): {"alice"},
            ("rules_edit", "POST"): {"alice"},
        }
    ),
    hidden=private_markers,
)


@pytest.mark.parametrize(CASE, TABLE.cases())
def test_route_answers_each_persona_as_the_table_says(
    world: Governance, route: str, method: str, who: str, expected: Expected
) -> None:
    TABLE.check(world, route, method, who, expected)


@pytest.mark.parametrize("route", SHOWS_REGISTER)
def test_the_admin_sees_the_register(world: Governance, route: str) -> None:
    # The positive control for the leak checks above.
    _, response = TABLE.request(world, route, "GET", "alice")

    assert SECRET_NUMBER in response.content.decode()


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_people_of_a_read_its_audit_log(world: Governance, who: str) -> None:
    _, response = TABLE.request(world, "audit", "GET", who)

    assert SECRET_ACTION in response.content.decode()


@pytest.mark.parametrize(OTHER_METHOD_CASE, TABLE.other_method_cases())
def test_a_method_the_route_does_not_take_is_refused_without_effect(
    world: Governance, route: str, method: str, who: str
) -> None:
    TABLE.check_other_method(world, route, method, who)


def test_another_coops_member_is_not_found_through_a(world: Governance) -> None:
    # Charlie's member entry belongs to B: A's admin cannot reach it through A's routes.
    url = reverse(
        "governance:member_detail",
        args=[world.personas.coop_a.slug, world.charlie_member.pk],
    )
    response = world.personas.client_for("alice").get(url)

    assert response.status_code == 404


def test_every_register_route_has_rows_in_the_table() -> None:
    routes = url_names_of(register_views.urlpatterns, "governance")

    assert routes - TABLE.url_names() == set(), "add persona rows for these routes"

"""Every general-meeting route, for each of the four personas, GET and POST.

Alice administers co-op A and runs its meetings; Bob, a member of A, reads them, gives his own
proxy and checks in; Charlie (co-op B) and the anonymous visitor see and change nothing of A.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.governance.models import Attendance, Decision, Meeting, Proxy
from intercoop.governance.services import meetings as services
from intercoop.governance.tests.conftest import Governance, build_governance
from intercoop.governance.tests.meetings.conftest import add_agenda_item, in_days
from intercoop.governance.views import meetings as meeting_views
from intercoop.testing.persona_routes import (
    CASE,
    DONE,
    LOGIN,
    OTHER_METHOD_CASE,
    PERSONAS,
    Expected,
    PersonaTable,
    Route,
    Row,
    assert_outcome,
    successful_posts,
    url_names_of,
)
from intercoop.testing.shared_world import shared_world

SECRET_TITLE = "Merger with the bakery co-op"


@dataclass
class World:
    g: Governance
    draft: Meeting
    first_item: Decision
    convened: Meeting  # starts now: it may open
    adjourned: Meeting
    session: Meeting  # open, with two members present (neither Alice nor Bob)
    closed: Meeting
    proxy: Proxy  # in the convened meeting, of a member who is not Bob
    draft_item: Decision  # on the open meeting's agenda


def _convene_now(g: Governance, title: str) -> Meeting:
    meeting = services.meeting_create(
        organization=g.personas.coop_a,
        by=g.personas.alice,
        kind=Meeting.Kind.SPECIAL,
        title=title,
        language="fr",
        starts_at=in_days(20),
        record_date=timezone.localdate(),
        place="Siège",
        remote_link="https://meet.example.org/x",
    )
    add_agenda_item(meeting, SECRET_TITLE)
    services.meeting_convene(meeting=meeting, by=g.personas.alice)
    # The day has come.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    meeting.refresh_from_db()
    return meeting


def _open(g: Governance, title: str) -> Meeting:
    meeting = _convene_now(g, title)
    for member in (g.members[2], g.members[7]):
        services.attendance_record(
            meeting=meeting, by=g.personas.alice, member=member, mode="in_person"
        )
    return services.meeting_open(meeting=meeting, by=g.personas.alice)


def build_world(personas: Personas) -> World:
    g = build_governance(personas)
    draft = services.meeting_create(
        organization=g.personas.coop_a,
        by=g.personas.alice,
        kind=Meeting.Kind.ANNUAL,
        title="Draft meeting",
        language="en",
        starts_at=in_days(30),
        record_date=timezone.localdate(),
        place="Head office",
    )
    first_item = add_agenda_item(draft, SECRET_TITLE)
    add_agenda_item(draft, "Second item")
    convened = _convene_now(g, "Convened meeting")
    proxy = services.proxy_record(
        meeting=convened, by=g.personas.alice, grantor=g.members[3], holder=g.members[4]
    )
    services.attendance_record(
        meeting=convened, by=g.personas.alice, member=g.members[5], mode="remote"
    )
    adjourned = _convene_now(g, "Adjourned meeting")
    services.meeting_open(meeting=adjourned, by=g.personas.alice)
    session = _open(g, "Open meeting")
    draft_item = Decision.objects.get(meeting=session)
    closed = services.meeting_close(meeting=_open(g, "Closed meeting"), by=g.personas.alice)
    return World(g, draft, first_item, convened, adjourned, session, closed, proxy, draft_item)


# Built once for the module; each test sees it fresh (in its own savepoint, on a deep copy).
_built_world, world = shared_world(build_world)


def _m(name: str) -> Callable[[World], list[Any]]:
    return lambda w: ["coop-a", getattr(w, name).pk]


ROUTES: dict[str, Route[World]] = {
    "list": Route("governance:meeting_list", lambda w: ["coop-a"]),
    "create": Route(
        "governance:meeting_create",
        lambda w: ["coop-a"],
        lambda w: {
            "kind": "annual",
            "title": "AGM 2027",
            "language": "fr",
            "starts_at": "2027-06-01T18:00",
            "place": "Siège",
            "record_date": "2027-05-01",
        },
    ),
    "detail": Route("governance:meeting_detail", _m("draft")),
    "edit": Route(
        "governance:meeting_edit",
        _m("draft"),
        lambda w: {
            "kind": "annual",
            "title": "Draft meeting, renamed",
            "language": "en",
            "starts_at": "2030-06-01T18:00",
            "place": "Head office",
            "record_date": "2030-05-01",
        },
    ),
    "move": Route(
        "governance:meeting_agenda_move",
        _m("draft"),
        lambda w: {"decision": w.first_item.pk, "offset": "1"},
    ),
    "convene": Route("governance:meeting_convene", _m("draft")),
    "cancel": Route("governance:meeting_cancel", _m("draft")),
    "open": Route("governance:meeting_open", _m("convened")),
    "second_call": Route(
        "governance:meeting_second_call",
        _m("adjourned"),
        lambda w: {
            "second_call_at": (timezone.localtime() + timedelta(days=8)).strftime("%Y-%m-%dT%H:%M")
        },
    ),
    "close": Route(
        "governance:meeting_close", _m("session"), lambda w: {"notes": "All went well."}
    ),
    "ics": Route("governance:meeting_ics", _m("convened")),
    "proxies": Route(
        "governance:meeting_proxies",
        _m("convened"),
        lambda w: {"grantor": w.g.bob_member.pk, "holder": w.g.alice_member.pk},
    ),
    "proxy_revoke": Route(
        "governance:meeting_proxy_revoke", lambda w: ["coop-a", w.convened.pk, w.proxy.pk]
    ),
    "attendance": Route(
        "governance:meeting_attendance",
        _m("convened"),
        lambda w: {"member": w.g.members[6].pk, "mode": "in_person"},
    ),
    "attendance_remove": Route(
        "governance:meeting_attendance_remove",
        lambda w: ["coop-a", w.convened.pk, w.g.members[5].pk],
    ),
    "check_in": Route("governance:meeting_check_in", _m("session")),
    "minutes": Route("governance:meeting_minutes", _m("closed")),
    "minutes_pdf": Route("governance:meeting_minutes_pdf", _m("closed")),
    # Their POST calls the decisions area's services: checked in a test of their own.
    "resolution_open": Route(
        "governance:meeting_resolution_open", lambda w: ["coop-a", w.session.pk, w.draft_item.pk]
    ),
    "resolution_close": Route(
        "governance:meeting_resolution_close", lambda w: ["coop-a", w.session.pk, w.draft_item.pk]
    ),
}

READ: tuple[Expected, ...] = (200, 200, 403, LOGIN)
MANAGE_GET: tuple[Expected, ...] = (200, 403, 403, LOGIN)
MANAGE_POST: tuple[Expected, ...] = (DONE, 403, 403, LOGIN)

ROWS: list[Row] = [
    ("list", "GET", READ),
    ("create", "GET", MANAGE_GET),
    ("create", "POST", MANAGE_POST),
    ("detail", "GET", READ),
    ("edit", "GET", MANAGE_GET),
    ("edit", "POST", MANAGE_POST),
    ("move", "POST", MANAGE_POST),
    ("convene", "POST", MANAGE_POST),
    ("cancel", "POST", MANAGE_POST),
    ("open", "POST", MANAGE_POST),
    ("second_call", "POST", MANAGE_POST),
    ("close", "POST", MANAGE_POST),
    ("ics", "GET", READ),
    ("proxies", "GET", READ),
    # Bob gives his own proxy; Alice records it for him.
    ("proxies", "POST", (DONE, DONE, 403, LOGIN)),
    # The proxy of another member: Bob may not revoke it.
    ("proxy_revoke", "POST", MANAGE_POST),
    ("attendance", "GET", MANAGE_GET),
    ("attendance", "POST", MANAGE_POST),
    ("attendance_remove", "POST", MANAGE_POST),
    ("check_in", "POST", (DONE, DONE, 403, LOGIN)),
    ("minutes", "GET", READ),
    ("minutes_pdf", "GET", READ),
]


def protected_state(w: World) -> tuple[object, ...]:
    meetings = Meeting.objects.filter(organization=w.g.personas.coop_a).values_list(
        "pk", "title", "state", "call", "starts_at", "second_call_at", "notes", "minutes_sha256"
    )
    return (
        sorted(meetings),
        sorted(Proxy.objects.values_list("pk", "grantor", "holder", "revoked_at")),
        sorted(Attendance.objects.values_list("meeting", "member", "mode")),
        sorted(Decision.objects.values_list("pk", "agenda_position", "state")),
    )


def secret_agenda(w: World, route: str, who: str) -> list[str]:
    return [SECRET_TITLE] if who in ("charlie", "anonymous") else []


TABLE = PersonaTable(
    routes=ROUTES,
    rows=ROWS,
    client=lambda w, who: w.g.personas.client_for(who),
    state=protected_state,
    changes=successful_posts,
    hidden=secret_agenda,
    also_takes={"resolution_open": {"POST"}, "resolution_close": {"POST"}},
)


@pytest.mark.parametrize(CASE, TABLE.cases())
def test_route_answers_each_persona_as_the_table_says(
    world: World, route: str, method: str, who: str, expected: Expected
) -> None:
    TABLE.check(world, route, method, who, expected)


@pytest.mark.parametrize("who", PERSONAS)
def test_resolutions_are_opened_and_closed_by_the_chair_only(world: World, who: str) -> None:
    before = protected_state(world)

    open_path, opened = TABLE.request(world, "resolution_open", "POST", who)
    close_path, closed = TABLE.request(world, "resolution_close", "POST", who)

    outcomes: dict[str, Expected] = {"alice": DONE, "bob": 403, "charlie": 403, "anonymous": LOGIN}
    expected = outcomes[who]
    assert_outcome(opened, open_path, expected)
    assert_outcome(closed, close_path, expected)
    world.draft_item.refresh_from_db()
    assert world.draft_item.state == (
        Decision.State.CLOSED if who == "alice" else Decision.State.DRAFT
    )
    assert (protected_state(world) != before) == (who == "alice")


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_the_people_of_a_see_the_agenda(world: World, who: str) -> None:
    # The positive control of the leak check above.
    _, response = TABLE.request(world, "detail", "GET", who)

    assert SECRET_TITLE in response.content.decode()


@pytest.mark.parametrize(OTHER_METHOD_CASE, TABLE.other_method_cases())
def test_a_method_the_route_does_not_take_is_refused_without_effect(
    world: World, route: str, method: str, who: str
) -> None:
    TABLE.check_other_method(world, route, method, who)


def test_every_meeting_route_has_rows() -> None:
    names = url_names_of(meeting_views.urlpatterns, "governance")

    assert names - TABLE.url_names() == set()

"""The persona route harness fails when a real route answers otherwise than its table says:
another status, a sign-in redirect instead of a form's, a change the table does not allow or a
missing one, a marker that leaks, a method taken that should be refused. It passes on the
truth."""

from __future__ import annotations

import re

import pytest

from intercoop.conftest import Personas
from intercoop.organizations.models import Organization
from intercoop.testing.persona_routes import (
    CASE,
    DONE,
    LOGIN,
    Expected,
    PersonaTable,
    Route,
    Row,
    writes_by,
)


def _a(p: Personas) -> list[str]:
    return [p.coop_a.slug]


ROUTES: dict[str, Route[Personas]] = {
    "people": Route("organizations:people", _a),
    "edit": Route("organizations:edit", _a, lambda p: {"name": "Renamed", "status": "active"}),
}
# The truth: what each persona gets (alice, bob, charlie, anonymous).
ROWS: list[Row] = [
    ("people", "GET", (200, 200, 403, LOGIN)),
    ("edit", "GET", (200, 403, 403, LOGIN)),
    ("edit", "POST", (DONE, 403, 403, LOGIN)),
]


def names(p: Personas) -> tuple[object, ...]:
    return tuple(Organization.objects.order_by("pk").values_list("name", flat=True))


def table(
    rows: list[Row] = ROWS,
    writers: dict[tuple[str, str], set[str]] | None = None,
    hidden: list[str] | None = None,
) -> PersonaTable[Personas]:
    return PersonaTable(
        routes=ROUTES,
        rows=rows,
        client=lambda p, who: p.client_for(who),
        state=names,
        changes=writes_by({("edit", "POST"): {"alice"}} if writers is None else writers),
        hidden=lambda p, route, who: [getattr(p, m).email for m in hidden or []],
    )


@pytest.mark.parametrize(CASE, table().cases())
def test_the_truth_passes(
    personas: Personas, route: str, method: str, who: str, expected: Expected
) -> None:
    table().check(personas, route, method, who, expected)


@pytest.mark.parametrize(
    ("route", "method", "who", "wrong", "message"),
    [
        ("edit", "GET", "bob", 200, "403 instead of 200"),
        ("people", "GET", "charlie", 404, "403 instead of 404"),
        ("edit", "GET", "anonymous", 403, "302 instead of 403"),
        ("edit", "POST", "bob", DONE, "403 instead of done"),
        ("edit", "GET", "alice", LOGIN, "200 instead of login"),
        ("edit", "POST", "anonymous", DONE, "sent to sign in"),
    ],
)
def test_another_answer_fails(
    personas: Personas, route: str, method: str, who: str, wrong: Expected, message: str
) -> None:
    with pytest.raises(AssertionError, match=message):
        table().check(personas, route, method, who, wrong)


def test_a_write_the_table_does_not_allow_fails(personas: Personas) -> None:
    with pytest.raises(AssertionError, match="'s done changed the state"):
        table(writers={}).check(personas, "edit", "POST", "alice", DONE)


def test_a_write_that_does_not_happen_fails(personas: Personas) -> None:
    # Bob is refused: the table that says he writes is wrong.
    writers = {("edit", "POST"): {"alice", "bob"}}

    with pytest.raises(AssertionError, match="bob's 403 left unchanged the state"):
        table(writers=writers).check(personas, "edit", "POST", "bob", 403)


def test_a_marker_on_the_page_fails(personas: Personas) -> None:
    # The people page shows Bob's address to Alice: a table that hides it from her is wrong.
    with pytest.raises(AssertionError, match=re.escape("'bob@example.org' leaked to alice")):
        table(hidden=["bob"]).check(personas, "people", "GET", "alice", 200)


def test_a_method_the_route_takes_fails_the_refused_method_check(personas: Personas) -> None:
    # A table without the people page's GET row: the page answers it, so the check fails.
    without_get = [row for row in ROWS if row[0] != "people"]

    with pytest.raises(AssertionError, match="200 instead of 405"):
        table(rows=without_get).check_other_method(personas, "people", "GET", "alice")


def test_a_row_without_one_outcome_per_persona_is_refused() -> None:
    with pytest.raises(ValueError, match="one per persona"):
        table(rows=[("people", "GET", (200, 200, 403))])


def test_the_cases_are_one_per_row_and_persona() -> None:
    ids = [case.id for case in table().cases()]

    assert len(ids) == len(ROWS) * 4
    assert ids[:4] == [f"people-GET-{who}" for who in ("alice", "bob", "charlie", "anonymous")]

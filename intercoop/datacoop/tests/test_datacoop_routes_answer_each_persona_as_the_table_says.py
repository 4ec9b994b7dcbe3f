"""Every route of the data co-operative, for each persona: Alice (administrator of co-op A)
defines datasets, columns and purposes; Alice and Bob (member of A) write their own rows and
consents; Charlie (member of B) gets 403, or 404 for a receipt's address; a visitor is sent to
sign in. Nobody but Bob reads Bob's sensitive cell, Alice included; only Alice reads the
collective dataset's sensitive column. Refused requests change nothing; the forms need their
CSRF token."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from intercoop.datacoop import public_urls
from intercoop.datacoop import urls as datacoop_urls
from intercoop.datacoop.models import (
    Column,
    ConsentEvent,
    ConsentRecord,
    Dataset,
    DatasetPurpose,
    Row,
)
from intercoop.datacoop.tests.world import SECRET, World, build
from intercoop.testing.persona_routes import (
    CASE,
    DONE,
    LOGIN,
    OTHER_METHOD_CASE,
    Expected,
    PersonaTable,
    Route,
    url_names_of,
    writes_by,
)
from intercoop.testing.persona_routes import (
    Row as TableRow,
)
from intercoop.testing.shared_world import shared_world

_built_world, world = shared_world(build)

SALARIES = "81234.50"


def _record(w: World) -> ConsentRecord:
    return ConsentRecord.objects.get(purpose=w.analytics, member=w.personas.bob)


def _communication(w: World) -> DatasetPurpose:
    return w.energy.purposes.get(term="dpv:CommunicationManagement")


def _csv(w: World) -> dict[str, Any]:
    return {
        "csv-file": SimpleUploadedFile("rows.csv", b"kwh,heating\n1200,gas\n", "text/csv"),
        "csv-submission": str(uuid.uuid4()),
    }


ROUTES: dict[str, Route[World]] = {
    "datasets": Route(
        "datacoop:datasets",
        lambda w: ["coop-a"],
        lambda w: {
            "dataset-name": "Mobility",
            "dataset-kind": "individual",
            "dataset-description": "",
            "dataset-description_language": "en",
        },
    ),
    "dataset": Route("datacoop:dataset", lambda w: ["coop-a", w.energy.uuid]),
    "collective": Route("datacoop:dataset", lambda w: ["coop-a", w.accounts.uuid]),
    "column_add": Route(
        "datacoop:column_add",
        lambda w: ["coop-a", w.energy.uuid],
        lambda w: {
            "column-key": "rooms",
            "column-label": "Rooms",
            "column-type": "integer",
            "column-sensitivity": "personal",
        },
    ),
    "purpose_add": Route(
        "datacoop:purpose_add",
        lambda w: ["coop-a", w.energy.uuid],
        lambda w: {
            "purpose-term": "dpv:Marketing",
            "purpose-description": "Stories about members' homes.",
            "purpose-description_language": "en",
            "purpose-review_months": "6",
        },
    ),
    "row_add": Route(
        "datacoop:row_add",
        lambda w: ["coop-a", w.energy.uuid],
        lambda w: {"row-submission": str(uuid.uuid4()), "row-c_kwh": "900", "row-c_health": "x"},
    ),
    "rows_csv": Route("datacoop:rows_csv", lambda w: ["coop-a", w.energy.uuid], _csv),
    "consent": Route(
        "datacoop:consent",
        lambda w: ["coop-a", w.energy.uuid, _communication(w).uuid],
        lambda w: {"action": "give"},
    ),
    "receipt": Route("datacoop:receipt", lambda w: ["coop-a", _record(w).uuid]),
    "receipt_jsonld": Route("datacoop_public:receipt_jsonld", lambda w: [_record(w).uuid]),
}

# route, method: expected for alice, bob, charlie, anonymous
ROWS: list[TableRow] = [
    ("datasets", "GET", (200, 200, 403, LOGIN)),
    ("datasets", "POST", (DONE, 403, 403, LOGIN)),
    ("dataset", "GET", (200, 200, 403, LOGIN)),
    ("collective", "GET", (200, 200, 403, LOGIN)),
    ("column_add", "POST", (DONE, 403, 403, LOGIN)),
    ("purpose_add", "POST", (DONE, 403, 403, LOGIN)),
    ("row_add", "POST", (DONE, DONE, 403, LOGIN)),
    ("rows_csv", "POST", (DONE, DONE, 403, LOGIN)),
    ("consent", "POST", (DONE, DONE, 403, LOGIN)),
    ("receipt", "GET", (200, 200, 403, LOGIN)),
    ("receipt_jsonld", "GET", (200, 200, 404, LOGIN)),
]


def protected_state(w: World) -> object:
    return (
        sorted(Dataset.objects.values_list("pk", "name", "kind")),
        sorted(Column.objects.values_list("pk", "key", "type", "sensitivity")),
        sorted(DatasetPurpose.objects.values_list("pk", "term", "description")),
        sorted(Row.objects.values_list("pk", "member_id")),
        sorted(ConsentRecord.objects.values_list("pk", "member_id")),
        sorted(ConsentEvent.objects.values_list("pk", "seq", "status")),
    )


def hidden(w: World, route: str, who: str) -> list[str]:
    markers = [] if who == "bob" else [SECRET]
    return markers if who == "alice" else [*markers, SALARIES]


_WRITERS = ("alice", "bob")
TABLE = PersonaTable(
    routes=ROUTES,
    rows=ROWS,
    client=lambda w, who: w.personas.client_for(who),
    state=protected_state,
    changes=writes_by(
        {
            ("datasets", "POST"): ("alice",),
            ("column_add", "POST"): ("alice",),
            ("purpose_add", "POST"): ("alice",),
            ("row_add", "POST"): _WRITERS,
            ("rows_csv", "POST"): _WRITERS,
            ("consent", "POST"): _WRITERS,
        }
    ),
    hidden=hidden,
)


@pytest.mark.parametrize(CASE, TABLE.cases())
def test_route_answers_each_persona_as_the_table_says(
    world: World, route: str, method: str, who: str, expected: Expected
) -> None:
    TABLE.check(world, route, method, who, expected)


@pytest.mark.parametrize(OTHER_METHOD_CASE, TABLE.other_method_cases())
def test_other_methods_are_refused(world: World, route: str, method: str, who: str) -> None:
    TABLE.check_other_method(world, route, method, who)


def test_every_route_of_the_data_co_operative_has_rows_in_the_table() -> None:
    names = url_names_of(datacoop_urls.urlpatterns, "datacoop") | url_names_of(
        public_urls.urlpatterns, "datacoop_public"
    )
    assert names - TABLE.url_names() == set(), "add persona rows for these routes"


@pytest.mark.django_db
def test_bob_reads_his_own_sensitive_cell_and_alice_the_co_op_s(world: World) -> None:
    # The positive controls of the markers above.
    bob = world.personas.client_for("bob").get(f"/en/orgs/coop-a/data/{world.energy.uuid}/")
    alice = world.personas.client_for("alice").get(f"/en/orgs/coop-a/data/{world.accounts.uuid}/")

    assert SECRET in bob.content.decode()
    assert SALARIES in alice.content.decode()


@pytest.mark.django_db
def test_a_dataset_of_a_co_op_is_not_found_under_another_co_op(world: World) -> None:
    client = world.personas.client_for("charlie")

    page = client.get(f"/en/orgs/coop-b/data/{world.energy.uuid}/")

    assert page.status_code == 404


@pytest.mark.django_db
def test_forms_without_the_csrf_token_are_refused(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.personas.bob)
    before = protected_state(world)

    row = client.post(TABLE.routes["row_add"].path(world), ROUTES["row_add"].data(world))
    consent = client.post(TABLE.routes["consent"].path(world), {"action": "give"})

    assert row.status_code == consent.status_code == 403
    assert protected_state(world) == before

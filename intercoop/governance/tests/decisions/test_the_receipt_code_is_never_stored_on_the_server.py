"""A secret ballot's receipt code opens its sealed ballot, so the server never keeps it: it goes
to the voter's browser in a signed cookie limited to the decision's pages, and neither the
session table nor any governance table holds it, before or after the receipt page."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import HttpRequest

from intercoop.governance.models import Decision, Member
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision
from intercoop.governance.views.decisions import RECEIPTS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unweighted")]


def _stored_anywhere(code: str) -> list[str]:
    """Tables (sessions and the governance app's) with a text cell containing ``code``."""
    found = []
    sessions = [s.get_decoded() for s in Session.objects.all()]
    if any(code in repr(data) for data in sessions):
        found.append("django_session")
    for model in apps.get_app_config("governance").get_models():
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            if any(code in str(cell) for row in cursor.fetchall() for cell in row):
                found.append(table)
    return found


def test_the_code_reaches_the_voter_only(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision: Decision = make_decision("single", secrecy="secret")
    option = decision.options.get(label="Anne").pk
    client = governance.personas.client_for("bob")
    member = governance.bob_member.pk

    cast = client.post(
        f"/en/orgs/coop-a/decisions/{decision.pk}/vote/",
        {"member": member, f"m{member}-choice": option},
    )
    assert cast.status_code == 302
    cookie = cast.cookies[f"receipt-{decision.pk}"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert cookie["path"] == f"/en/orgs/coop-a/decisions/{decision.pk}/"
    # Between the cast and the receipt page: the code is in the voter's cookie only.
    signed = HttpRequest()
    signed.COOKIES[cookie.key] = cookie.value
    value = signed.get_signed_cookie(cookie.key, salt=RECEIPTS)
    assert value is not None
    carried = json.loads(value)
    code = carried[0]["code"]
    assert len(code) == 32
    assert _stored_anywhere(code) == []

    page = client.get(cast["Location"])
    assert code in page.content.decode()
    assert _stored_anywhere(code) == []
    # The receipt page deletes the cookie: the code is shown once.
    assert page.cookies[f"receipt-{decision.pk}"].value == ""


def test_a_forged_receipt_cookie_shows_nothing(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision: Decision = make_decision("single", secrecy="secret")
    client = governance.personas.client_for("bob")
    client.cookies[f"receipt-{decision.pk}"] = '[{"member": "Bob", "code": "forged"}]'
    page = client.get(f"/en/orgs/coop-a/decisions/{decision.pk}/receipt/").content.decode()
    assert "forged" not in page

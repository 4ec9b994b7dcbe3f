"""After a secret vote, no row of any governance table holds a ballot's content beside
anything that names a member, an account or a time of voting."""

from __future__ import annotations

import itertools
import json

import pytest
from django.apps import apps
from django.db import models

from intercoop.governance.models import Decision, Member, Option, Participation
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast

pytestmark = pytest.mark.django_db

OPTIONS = ("Anne", "Bob", "Carol", "Dan")


def every_row() -> list[tuple[type[models.Model], dict[str, object]]]:
    rows = []
    for model in apps.get_app_config("governance").get_models():
        for row in model._default_manager.values():
            rows.append((model, row))
    return rows


def names_a_person_or_time(model: type[models.Model], row: dict[str, object]) -> list[str]:
    found = []
    for field in model._meta.concrete_fields:
        related = field.related_model
        person = related is Member or (
            related is not None and related._meta.label == "accounts.User"
        )
        if person and row.get(field.attname) is not None:
            found.append(field.name)
        if isinstance(field, models.DateTimeField) and row.get(field.attname) is not None:
            found.append(field.name)
    return found


def test_no_row_links_a_voter_to_their_choices(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    # Given a secret ranked vote in which every member ranks the options in their own order
    decision = make_decision("schulze", OPTIONS, secrecy="secret")
    orders = list(itertools.permutations(OPTIONS))[: len(voters)]
    for member, order in zip(voters, orders, strict=True):
        cast(decision, member, list(order))
    decision = decision_close(decision=decision, by=governance.personas.alice)

    ids = {o.label: o.pk for o in Option.objects.filter(decision=decision)}
    ballots = {json.dumps([ids[x] for x in order], separators=(",", ":")) for order in orders}
    # Then Participation says who voted, never what
    assert Participation.objects.filter(decision=decision).count() == len(voters)
    assert not Participation.objects.filter(decision=decision, choices__isnull=False).exists()
    # and every row holding a ballot's content names no member, account or time
    holding = 0
    for model, row in every_row():
        text = json.dumps(row, default=str)
        if any(ballot in text for ballot in ballots):
            holding += 1
            assert names_a_person_or_time(model, row) == [], (model.__name__, row)
    assert holding > 0  # the counts themselves were inspected
    assert decision.state == Decision.State.CLOSED

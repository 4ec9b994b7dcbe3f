"""Running `intercoop demo` again finds the governance demo there and writes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from intercoop.accounts.models import User
from intercoop.governance.models import (
    AuditEntry,
    Comment,
    Decision,
    Meeting,
    Member,
    Participation,
    Proposal,
    Proxy,
)

pytestmark = pytest.mark.django_db
MODELS = (AuditEntry, Comment, Decision, Meeting, Member, Participation, Proposal, Proxy, User)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_run_twice_changes_nothing() -> None:
    # given
    call_command("demo", stdout=io.StringIO())
    before = counts()
    last_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert before["Member"] == 53
    assert before["AuditEntry"] > 100

    # when
    out = io.StringIO()
    call_command("demo", stdout=out)

    # then
    assert counts() == before
    assert AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() == last_entry
    assert "Governance demo already loaded: skipped." in out.getvalue()

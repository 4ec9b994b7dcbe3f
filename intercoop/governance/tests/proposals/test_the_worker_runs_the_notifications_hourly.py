from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.core import mail
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from intercoop.governance import tasks
from intercoop.governance.models import Decision, Notification, RollEntry
from intercoop.governance.tests.conftest import Governance


def test_the_task_is_periodic_and_due_once_an_hour() -> None:
    periodic = [
        t for t in HUEY._registry.periodic_tasks if t.name.endswith("governance_notify_hourly")
    ]

    assert len(periodic) == 1
    task = periodic[0]
    minutes = [
        datetime(2026, 3, 1, hour, minute, tzinfo=UTC) for hour in range(24) for minute in range(60)
    ]
    due = [moment for moment in minutes if task.validate_datetime(moment)]
    assert len(due) == 24


def test_running_the_task_sends_the_reminders(
    governance: Governance, django_capture_on_commit_callbacks
) -> None:
    decision = Decision.objects.create(
        organization=governance.personas.coop_a,
        title="Closing soon",
        language="en",
        method=Decision.Method.YES_NO,
        record_date=timezone.localdate(),
        state="open",
        closes_at=timezone.now() + timedelta(hours=2),
    )
    RollEntry.objects.create(
        decision=decision,
        member=governance.bob_member,
        college="users",
        voter=governance.personas.bob,
    )

    # The test settings run tasks inline, as a worker would.
    with django_capture_on_commit_callbacks(execute=True):
        tasks.governance_notify_hourly.call_local()

    assert (
        Notification.objects.filter(kind="decision.closing", user=governance.personas.bob).count()
        == 1
    )
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]

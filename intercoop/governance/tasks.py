"""The governance app's periodic work, run by the task worker (huey discovers ``tasks``
modules): closing reminders and daily digests, hourly."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from intercoop.governance.services.notifications import governance_notify


@db_periodic_task(crontab(minute="7"))
@lock_task("governance-notify")
def governance_notify_hourly() -> None:
    # The lock keeps two workers from running it at once; the services are safe to repeat
    # anyway (digests claim their notifications, reminders are deduplicated).
    governance_notify()

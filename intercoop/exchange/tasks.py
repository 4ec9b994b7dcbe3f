"""The exchange app's periodic work, run by the task worker (huey discovers ``tasks`` modules):
closing the order cycles past their closing time, every five minutes."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from intercoop.exchange.services.closing import cycles_close_due


@db_periodic_task(crontab(minute="*/5"))
@lock_task("exchange-close-cycles")
def cycles_close_due_every_five_minutes() -> None:
    # A cycle closes once under its row lock, so a second worker would only find it closed;
    # the lock saves it the work.
    cycles_close_due()

"""The data co-operative's periodic work, run by the task worker (huey discovers ``tasks``
modules): the consents' review, daily."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from intercoop.datacoop.services.consents import consents_review


@db_periodic_task(crontab(hour="3", minute="17"))
@lock_task("datacoop-consents-review")
def consents_review_daily() -> None:
    # Safe to repeat: a member is asked once per consent given (the notification's key), and a
    # lapse is appended once (the event's sequence number).
    consents_review()

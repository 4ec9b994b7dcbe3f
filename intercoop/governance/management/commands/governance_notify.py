from typing import Any

from django.core.management.base import BaseCommand

from intercoop.governance.services.notifications import governance_notify


class Command(BaseCommand):
    help = (
        "Send the daily notification digests that are due and the reminders of votes closing "
        "within a day. The task worker runs this every hour."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = governance_notify()
        self.stdout.write(
            f"{report.reminders} reminder(s) created, {report.digests} digest(s) sent."
        )

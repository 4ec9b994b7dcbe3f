from typing import Any

from django.core.management.base import BaseCommand, CommandError

from intercoop.exchange.services.closing import cycles_close_due


class Command(BaseCommand):
    help = (
        "Close every order cycle past its closing time that is not closed yet, storing its "
        "invoices, delivery and packing lists. Safe to run again: a closed cycle is left as "
        "it is. The task worker runs it every five minutes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = cycles_close_due()
        for cycle, reason in report.refused:
            self.stderr.write(f"{cycle.uuid} ({cycle.name}): {reason}")
        self.stdout.write(f"{len(report.closed)} cycle(s) closed, {len(report.refused)} refused.")
        if report.refused:
            raise CommandError(f"{len(report.refused)} cycle(s) could not be closed.")

from typing import Any

from django.core.management.base import BaseCommand

from intercoop.core.errors import ServiceError
from intercoop.exchange.selectors.closing import cycles_due
from intercoop.exchange.services.closing import cycle_close


class Command(BaseCommand):
    help = (
        "Close every order cycle past its closing time that is not closed yet, storing its "
        "invoices, delivery and packing lists. Safe to run again: a closed cycle is left as "
        "it is. A scheduler runs it every few minutes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        closed = refused = 0
        for cycle in cycles_due():
            try:
                cycle_close(cycle=cycle)
            except ServiceError as exc:
                refused += 1
                self.stderr.write(f"{cycle.uuid} ({cycle.name}): {exc.message}")
            else:
                closed += 1
        self.stdout.write(f"{closed} cycle(s) closed, {refused} refused.")
        if refused:
            raise SystemExit(1)

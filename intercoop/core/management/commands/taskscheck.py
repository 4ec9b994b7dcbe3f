from __future__ import annotations

import secrets
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from huey.exceptions import ResultTimeout

from intercoop.core.tasks import ping


class Command(BaseCommand):
    help = "Queue a task and wait for a worker to run it: proves the task queue is being consumed."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds to wait.")

    def handle(self, *args: Any, timeout: float = 10.0, **options: Any) -> None:
        value = secrets.token_hex(8)
        started = time.monotonic()
        result = ping(value)
        try:
            answer = result.get(blocking=True, timeout=timeout)
        except ResultTimeout:
            raise CommandError(
                f"No worker answered within {timeout:g} s on the {settings.TASKS_BACKEND} queue. "
                "Is `intercoop worker` (or `intercoop serve`) running?"
            ) from None
        if answer != value:
            raise CommandError(f"The worker answered {answer!r} instead of {value!r}.")
        elapsed = (time.monotonic() - started) * 1000
        self.stdout.write(
            f"ok: a worker on the {settings.TASKS_BACKEND} queue answered in {elapsed:.0f} ms"
        )

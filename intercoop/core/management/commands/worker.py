from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a background task worker (huey consumer) on the configured queue."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("run_huey")

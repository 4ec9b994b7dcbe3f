import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

SNAPSHOT = Path(__file__).resolve().parents[2] / "openapi.snapshot.json"


def current_schema() -> str:
    from intercoop.api.api import api

    return json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Print the OpenAPI schema, or --write it to the snapshot the tests compare against."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--write", action="store_true", help=f"Write {SNAPSHOT.name}.")

    def handle(self, *args: Any, write: bool = False, **options: Any) -> None:
        schema = current_schema()
        if write:
            SNAPSHOT.write_text(schema, encoding="utf-8")
            self.stdout.write(f"Wrote {SNAPSHOT}")
        else:
            self.stdout.write(schema, ending="")

"""``intercoop``: the platform's console command, a ``manage.py`` that can be installed.

Sub-commands are Django management commands; ``intercoop simulate-election`` and
``intercoop simulate_election`` name the same one.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intercoop.settings")

    from intercoop.env import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as exc:
        print(f"intercoop: configuration error: {exc}", file=sys.stderr)
        return 2

    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        execute_from_command_line(["intercoop", *args])
    except OperationalError as exc:
        from intercoop.core.db import describe_database

        print(
            f"intercoop: cannot use the database {describe_database()}: {str(exc).strip()}",
            file=sys.stderr,
        )
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())

from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from intercoop.core.db import check_database, describe_database
from intercoop.core.i18n import compile_catalogues
from intercoop.core.management.demo_files import (
    demo_credentials_path,
    demo_letters_path,
    shown_path,
)
from intercoop.core.management.steps import step
from intercoop.core.serving import Gunicorn, capacity, gunicorn_options


class Command(BaseCommand):
    help = (
        "Migrate, then serve the platform with gunicorn. With the embedded task queue, a worker "
        "process is started beside it."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--workers",
            type=int,
            help="Web server processes (default: INTERCOOP_WEB_WORKERS, else one per core).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            help="Threads per process (default: INTERCOOP_WEB_THREADS, else 4).",
        )
        parser.add_argument(
            "--no-task-worker",
            action="store_true",
            help="Do not start a task worker (run `intercoop worker` yourself).",
        )
        parser.add_argument("--no-migrate", action="store_true", help="Skip migrations.")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not 0 < opts["port"] < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {opts['port']}.")
        if (opts["workers"] is not None and opts["workers"] < 1) or (
            opts["threads"] is not None and opts["threads"] < 1
        ):
            raise CommandError("--workers and --threads must be at least 1.")
        serving = capacity(
            workers=opts["workers"],
            threads=opts["threads"],
            env_workers=settings.WEB_WORKERS,
            env_threads=settings.WEB_THREADS,
        )
        self.stdout.write(f"Database: {describe_database()}")
        with step(self.stdout, "Checking the database"):
            check_database()
        with step(self.stdout, "Compiling the translations"):
            compile_catalogues()
        if not opts["no_migrate"]:
            pending = _pending_migrations()
            count = f"{pending} migration{'' if pending == 1 else 's'} to apply"
            with step(self.stdout, f"Migrating the database ({count})"):
                call_command("migrate", interactive=False, verbosity=0)
                call_command("createcachetable", verbosity=0)
        if not settings.DEBUG:
            with step(self.stdout, "Collecting the static files"):
                call_command("collectstatic", interactive=False, verbosity=0)
        connections.close_all()  # no connection may be shared with the forked servers

        worker = None
        if settings.TASKS_BACKEND == "embedded" and not opts["no_task_worker"]:
            worker = subprocess.Popen([sys.executable, "-m", "intercoop", "worker", "--quiet"])
            self.stdout.write(f"Task worker started (pid {worker.pid}).")
        url = f"http://{opts['host']}:{opts['port']}"
        self.stdout.write(serving.describe())
        self.stdout.write("Starting the web server…")

        def when_ready(server: Any) -> None:
            # Gunicorn listens now: what to open comes last, below its start-up lines.
            running = f"Intercoop is running at {url} (Ctrl+C stops it)."
            self.stdout.write(self.style.SUCCESS(running))
            credentials = demo_credentials_path()
            if credentials.exists():
                self.stdout.write(
                    f"Demo credential for Alice: see {shown_path(credentials)} (it says how to "
                    f"vote with it at {url})."
                )
            letters = demo_letters_path()
            if letters.exists():
                self.stdout.write(
                    f"Demo credential letters for the members without an account: see "
                    f"{shown_path(letters)} (open it in a browser; each letter's code votes "
                    f"without signing in)."
                )
            self.stdout.flush()

        try:
            Gunicorn(
                gunicorn_options(
                    host=opts["host"],
                    port=opts["port"],
                    workers=serving.workers,
                    threads=serving.threads,
                    when_ready=when_ready,
                ),
                load=_application,
            ).run()
        finally:
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGINT)
                try:
                    worker.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    worker.kill()


def _pending_migrations() -> int:
    """How many migrations ``migrate`` is about to apply."""
    from django.db import DEFAULT_DB_ALIAS
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _application() -> Any:
    from intercoop.wsgi import application

    return application

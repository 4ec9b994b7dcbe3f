"""A bare Django JSON view under the same gunicorn settings as `intercoop serve`: what the stack
alone can do on this machine, the yardstick of `bench/load.py`.

    .venv/bin/python bench/_bare_server.py --port 8123 --workers 2 --threads 4

The view answers ``{"status": "ok"}`` at every path: no middleware, no database, no template.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intercoop.core.serving import Gunicorn, gunicorn_options


def bare_application() -> Any:
    """Configured in the worker: a minimal Django with one view and nothing else."""
    import django
    from django.conf import settings
    from django.http import HttpRequest, JsonResponse
    from django.urls import re_path

    def status(request: HttpRequest) -> JsonResponse:
        return JsonResponse({"status": "ok"})

    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-bare-view-" + "x" * 40,
        ALLOWED_HOSTS=["127.0.0.1"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_TZ=True,
    )
    globals()["urlpatterns"] = [re_path(r"", status)]
    django.setup()
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    args = parser.parse_args()

    def when_ready(server: Any) -> None:
        print(f"Bare view running at http://127.0.0.1:{args.port}", flush=True)

    options = gunicorn_options(
        host="127.0.0.1",
        port=args.port,
        workers=args.workers,
        threads=args.threads,
        when_ready=when_ready,
    )
    sys.argv = sys.argv[:1]  # gunicorn must not read this script's options as its own
    Gunicorn(options, load=bare_application).run()


if __name__ == "__main__":
    main()

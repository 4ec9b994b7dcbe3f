"""On SQLite, a server thread keeps its database connection from one request to the next, as on
PostgreSQL: opening one and running its pragmas took most of a short request.

The requests go through the WSGI handler that gunicorn calls (the test client would hide it: it
keeps the connection open whatever the settings), in a fresh process on a fresh data
directory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from intercoop.testing.processes import child_env

SERVE_THREE_REQUESTS = """
import io, json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "intercoop.settings"
from django.core.wsgi import get_wsgi_application
from django.db import connection

application = get_wsgi_application()
seen = []
for _ in range(3):
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": "/healthz", "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
    }
    statuses = []
    body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    content = b"".join(body)
    body.close()  # the end of the request: Django closes the connections it must not keep
    raw = connection.connection
    seen.append({"status": statuses[0], "body": content.decode(),
                 "connection": None if raw is None else id(raw)})
print(json.dumps({"vendor": connection.vendor, "requests": seen}))
"""


def test_one_connection_serves_successive_requests(tmp_path: Path) -> None:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SERVE_THREE_REQUESTS],
        env=child_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["vendor"] == "sqlite"
    requests = report["requests"]
    assert [r["status"] for r in requests] == ["200 OK"] * 3, requests
    assert all('"database": "ok"' in r["body"] for r in requests), requests
    connections = {r["connection"] for r in requests}
    assert None not in connections, "the connection was closed at the end of a request"
    assert len(connections) == 1, "each request opened a new connection"

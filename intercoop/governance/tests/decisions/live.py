"""A real `intercoop serve` for the load and fault tests, and the child-side scripts that seed
its database and read it back.

``python -m intercoop.governance.tests.decisions.live seed N`` creates a co-op with N members
who each have an account, a session and the member role, and an open secret single-choice
decision; it prints JSON. ``... live check DECISION`` prints what the database holds. Both run
with the server's environment, so they use its database (SQLite file or PostgreSQL).
"""

from __future__ import annotations

import contextlib
import html
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intercoop.testing.processes import child_env

SLUG = "live-coop"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(data_dir: Path) -> dict[str, str]:
    """The child's environment: its own data directory, and the test's PostgreSQL database
    when the suite runs on PostgreSQL (the child cannot reach SQLite's in-memory test DB)."""
    from django.db import connection

    extra: dict[str, str] = {"INTERCOOP_TASKS": "immediate"}
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        extra["DATABASE_URL"] = (
            f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        )
    return child_env(data_dir, **extra)


def run_script(env: dict[str, str], *args: str) -> Any:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "intercoop.governance.tests.decisions.live", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"live {args}: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    def kill(self) -> None:
        """SIGKILL the server and its gunicorn workers (its own process group)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def start_server(env: dict[str, str], log: Path, *, workers: int = 2, threads: int = 8) -> Server:
    port = free_port()
    out = log.open("ab")
    proc = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "intercoop",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--no-task-worker",
        ],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so kill() reaches the workers
    )
    server = Server(proc, port, log)
    deadline = time.monotonic() + 120
    while True:
        try:
            status, _, _ = request(server, "GET", "/healthz", {})
            if status == 200:
                return server
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise AssertionError(f"the server did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.3)


@contextlib.contextmanager
def running(env: dict[str, str], log: Path, **kw: Any) -> Iterator[Server]:
    server = start_server(env, log, **kw)
    try:
        yield server
    finally:
        server.stop()


def request(
    server: Server,
    method: str,
    path: str,
    cookies: dict[str, str],
    body: dict[str, Any] | None = None,
    timeout: float = 120,
) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        data = None
        if body is not None:
            from urllib.parse import urlencode

            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        set_cookies = response.headers.get_all("Set-Cookie") or []
        for line in set_cookies:
            name, _, rest = line.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, dict(response.headers), text
    finally:
        conn.close()


@dataclass
class Voter:
    member: int
    option: int
    cookies: dict[str, str]
    token: str = ""


def prepare(server: Server, seed: dict[str, Any], voter: dict[str, Any]) -> Voter:
    """Open the decision page with the voter's session: the CSRF cookie and form token."""
    v = Voter(voter["member"], voter["option"], {seed["session_cookie"]: voter["session"]})
    status, _, page = request(server, "GET", seed["detail"], v.cookies)
    if status != 200:
        raise AssertionError(f"GET {seed['detail']}: {status}")
    match = TOKEN.search(page)
    if match is None:
        raise AssertionError("no CSRF token on the decision page")
    v.token = html.unescape(match.group(1))
    return v


def vote(server: Server, seed: dict[str, Any], v: Voter) -> int:
    """POST the ballot form; the status (302 to the receipt when the ballot is recorded)."""
    status, headers, _ = request(
        server,
        "POST",
        seed["vote"],
        dict(v.cookies),
        {
            "csrfmiddlewaretoken": v.token,
            "member": v.member,
            f"m{v.member}-choice": v.option,
        },
    )
    if status == 302 and "/receipt/" not in headers.get("Location", ""):
        raise AssertionError(f"unexpected redirect to {headers.get('Location')}")
    return status


# --- Child side --------------------------------------------------------------------------------


def _seed(n: int) -> dict[str, Any]:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils import timezone

    from intercoop.governance.models import RuleSet
    from intercoop.governance.services.decisions import decision_create, decision_open
    from intercoop.organizations.models import Role
    from intercoop.testing.factories import (
        MemberFactory,
        OrganizationFactory,
        RoleFactory,
        UserFactory,
    )

    coop = OrganizationFactory.create(name="Live co-op", slug=SLUG)
    RuleSet.objects.create(organization=coop, preset="custom")
    admin = UserFactory.create(email="admin@live.example.org")
    RoleFactory.create(organization=coop, user=admin, role=Role.Name.ADMIN)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    people = []
    for i in range(n):
        user = UserFactory.create(email=f"voter{i}@live.example.org")
        RoleFactory.create(organization=coop, user=user, role=Role.Name.MEMBER)
        member = MemberFactory.create(organization=coop, user=user, category="worker")
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people.append((member, session.session_key))
    decision = decision_create(
        organization=coop,
        by=admin,
        title="Live vote",
        language="en",
        method="single",
        options=["Red", "Green", "Blue"],
        secrecy="secret",
        record_date=timezone.localdate(),
    )
    decision = decision_open(decision=decision, by=admin)
    options = list(decision.options.order_by("position").values_list("pk", flat=True))
    base = f"/en/orgs/{SLUG}/decisions/{decision.pk}/"
    return {
        "decision": decision.pk,
        "detail": base,
        "vote": base + "vote/",
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "options": options,
        "voters": [
            {"member": m.pk, "session": key, "option": options[i % len(options)]}
            for i, (m, key) in enumerate(people)
        ],
    }


def _check(decision_id: int) -> dict[str, Any]:
    from django.db import connection

    from intercoop.governance.models import Participation, SecretBallotCount

    counts: dict[str, int] = {}
    for choices, n in SecretBallotCount.objects.filter(decision_id=decision_id).values_list(
        "choices", "count"
    ):
        counts[choices] = counts.get(choices, 0) + n
    members = list(
        Participation.objects.filter(decision_id=decision_id).values_list("member_id", flat=True)
    )
    integrity = None
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            integrity = cursor.fetchone()[0]
    return {
        "members": members,
        "counts": counts,
        "integrity": integrity,
        "vendor": connection.vendor,
        "database": str(connection.settings_dict["NAME"]),
    }


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intercoop.settings")
    import django

    django.setup()
    if argv[0] == "seed":
        out = _seed(int(argv[1]))
    elif argv[0] == "check":
        out = _check(int(argv[1]))
    else:
        raise SystemExit(f"unknown command {argv[0]}")
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])

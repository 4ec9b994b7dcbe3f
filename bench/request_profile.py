"""Where one request's time goes: the platform's WSGI handler (what gunicorn calls) in a loop,
in one process, without a network, under cProfile.

For each path it times ``--requests`` requests after a warm-up (the request path alone, no
server), then profiles as many and shares their time among the parts of the request path:
opening and closing the database connection, SQL, sessions, the rate limit counted in the cache,
template rendering, the API's serialization, the CSP header. The parts overlap (SQL inside a
template or a rate limit counts in both); under the profiler everything is slower, so read
them as shares of the profiled total. Beside each request's time it gives the process's CPU
time a request, which other processes on a shared machine disturb less. It also counts each
request's SQL queries (and how many of them write), once more, outside the timings: with
``--sql`` it lists them.

With ``--as EMAIL`` every request is made as that person: it signs in once through the sign-in
form (``--password``, the demo's by default) and sends the session and CSRF cookies it got, as
a browser would; the parts then include the session's save and the permission policy (the
person's role in each co-op, and whether they must use MFA). The sign-in must end in a session:
someone whose sign-in asks for a second factor cannot be profiled this way. Without paths, it
times the load benchmark's signed-in targets: the decisions list and the vote page found as
bench/load.py finds it.

    .venv/bin/python bench/request_profile.py                 # builds a data dir like load.py
    .venv/bin/python bench/load.py --keep --only healthz      # or reuse the benchmark's…
    .venv/bin/python bench/request_profile.py --data-dir /tmp/intercoop-load-XXXX
    .venv/bin/python bench/request_profile.py --data-dir DIR --as alice@demo.intercoop.coop --sql
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from load import DECISIONS, PASSWORD, child_env, run_step, vote_path  # noqa: E402

PATHS = (
    "/healthz",
    "/en/",
    "/api/v1/organizations?q=food",
    "/api/v1/organizations?q=food&near=51.5,-0.12&radius_km=50&activity=ICA140",
)
# (label, file suffix, function name): the parts of the request path, by cumulative time.
PARTS = (
    ("connection open + close", "django/db/backends/base/base.py", "connect"),
    ("", "django/db/backends/base/base.py", "close"),
    ("SQL", "django/db/backends/utils.py", "_execute"),
    ("session", "django/contrib/sessions/backends/base.py", "_get_session"),
    ("session save", "django/contrib/sessions/backends/db.py", "save"),
    ("", "django/contrib/sessions/backends/cache.py", "save"),
    ("permission policy", "intercoop/organizations/policy.py", "role_of"),
    ("", "intercoop/accounts/policy.py", "mfa_missing"),
    ("rate limit (cache)", "intercoop/core/ratelimit.py", "rate_limit"),
    ("templates", "django/template/base.py", "_render"),
    ("API serialization", "ninja/operation.py", "_result_to_response"),
    ("", "ninja/schema.py", "_run_root_validator"),
    ("", "intercoop/api/answers.py", "json_answer"),
    # The platform's CSP middleware, or django-csp's where it is used alone (older trees); on
    # the booth's pages, which hand over to django-csp, the header counts twice.
    ("CSP header", "intercoop/core/middleware.py", "process_response"),
    ("", "csp/middleware.py", "process_response"),
)


def environ(path: str, cookies: dict[str, str], body: bytes = b"") -> dict[str, Any]:
    path_info, _, query = path.partition("?")
    extra: dict[str, Any] = {}
    if cookies:
        extra["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in sorted(cookies.items()))
    if body:
        extra["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        extra["CONTENT_LENGTH"] = str(len(body))
        extra["HTTP_ORIGIN"] = "http://127.0.0.1"  # a form of this site (CSRF)
    return {
        **extra,
        "REQUEST_METHOD": "POST" if body else "GET",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
    }


Call = Callable[..., tuple[str, list[tuple[str, str]], bytes]]


def sign_in(call: Call, email: str, password: str) -> dict[str, str]:
    """The cookies of ``email``'s session, signed in through the sign-in form as a browser
    would: the form's CSRF token and cookie, then the POST."""
    import re
    from urllib.parse import urlencode

    cookies: dict[str, str] = {}

    def keep(headers: list[tuple[str, str]]) -> None:
        for name, value in headers:
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    cookies[morsel.key] = morsel.value

    login = "/en/accounts/login/"
    _, headers, page = call(login, cookies)
    keep(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise SystemExit(f"no CSRF token in {login}")
    form = {"csrfmiddlewaretoken": token.group(1).decode(), "login": email, "password": password}
    status, headers, _ = call(login, cookies, urlencode(form).encode())
    keep(headers)
    location = {k.lower(): v for k, v in headers}.get("location", "")
    if not status.startswith("302") or "sessionid" not in cookies or "/accounts/" in location:
        raise SystemExit(f"signing in as {email} gave no session ({status}, to {location!r})")
    return cookies


def sql_count(call: Call, path: str, cookies: dict[str, str], show: bool) -> tuple[int, int]:
    """The SQL queries of one request, and how many of them write (anything but a SELECT)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call(path, cookies)
    statements = [q["sql"] for q in captured.captured_queries]
    if show:
        for sql, times in Counter(statements).items():
            print(f"    {times} × {sql[:300]}")  # noqa: RUF001
    writes = sum(1 for sql in statements if not sql.lstrip().upper().startswith("SELECT"))
    return len(statements), writes


def profile(
    data_dir: Path,
    paths: list[str],
    requests: int,
    top: int,
    *,
    email: str | None = None,
    password: str = PASSWORD,
    sql: bool = False,
) -> None:
    os.environ["INTERCOOP_DATA_DIR"] = str(data_dir)
    os.environ["INTERCOOP_RATE_SEARCH"] = "1000000/m"  # as load.py: one address, many searches
    os.environ["DJANGO_SETTINGS_MODULE"] = "intercoop.settings"
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()

    def call(
        path: str, cookies: dict[str, str], body: bytes = b""
    ) -> tuple[str, list[tuple[str, str]], bytes]:
        answer: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> Any:
            answer.extend((status, headers))
            return answer.append  # the legacy write(); Django never calls it

        chunks = application(environ(path, cookies, body), start_response)
        content = b"".join(chunks)
        chunks.close()  # request_finished: what Django does at the end of every request
        return answer[0], answer[1], content

    cookies: dict[str, str] = {}
    if email is not None:
        cookies = sign_in(call, email, password)
        print(f"Signed in as {email}; each request sends {', '.join(sorted(cookies))}")
        if not paths:
            paths = [DECISIONS, vote_path(lambda p: call(p, cookies)[2].decode())]
    paths = paths or list(PATHS)

    for path in paths:
        for _ in range(20):
            status = call(path, cookies)[0]
        if not status.startswith("200"):
            raise SystemExit(f"{path} answered {status}")
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(requests):
            call(path, cookies)
        plain = (time.perf_counter() - started) / requests * 1000
        cpu = (time.process_time() - cpu_started) / requests * 1000
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            call(path, cookies)
        profiler.disable()
        stats = pstats.Stats(profiler)
        entries: dict[tuple[str, int, str], Any] = stats.stats  # type: ignore[attr-defined]
        total = sum(tt for (_, _, tt, _, _) in entries.values()) / requests * 1000
        print(
            f"\n{path}: {plain:.2f} ms a request (CPU {cpu:.2f} ms); "
            f"profiled {total:.2f} ms a request"
        )
        label = ""
        shares = {name: 0.0 for name, _, _ in PARTS if name}
        for name, suffix, function in PARTS:
            label = name or label
            for (filename, _, func), (_, _, _, cumulative, _) in entries.items():
                if filename.endswith(suffix) and func == function:
                    shares[label] += cumulative / requests * 1000
        for name, ms in shares.items():
            print(f"  {name:<26} {ms:6.2f} ms  {ms / total:4.0%}")
        queries, writes = sql_count(call, path, cookies, sql)
        print(f"  {'SQL queries a request':<26} {queries:6d}     ({writes} writing)")
        if top:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
            print(out.getvalue().split("\n", 6)[-1].rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, help="a data dir from `bench/load.py --keep`")
    parser.add_argument("--requests", type=int, default=200, help="per path (default 200)")
    parser.add_argument("--top", type=int, default=0, help="also list the N costliest functions")
    parser.add_argument("--as", dest="email", help="sign in as this person (an email)")
    parser.add_argument("--password", default=PASSWORD, help="theirs (default: the demo's)")
    parser.add_argument("--sql", action="store_true", help="also list each request's queries")
    parser.add_argument(
        "paths",
        nargs="*",
        help="default: the anonymous targets, or with --as the decisions list and the vote page",
    )
    args = parser.parse_args()
    if args.data_dir is not None:
        profile(
            args.data_dir,
            args.paths,
            args.requests,
            args.top,
            email=args.email,
            password=args.password,
            sql=args.sql,
        )
        return
    data_dir = Path(tempfile.mkdtemp(prefix="intercoop-profile-"))
    try:
        env = child_env(data_dir, None)
        log = data_dir / "setup.log"
        intercoop = [sys.executable, "-m", "intercoop"]
        for step in (["migrate", "-v", "0"], ["demo"], ["import", "coops-uk", "--bundled"]):
            run_step(f"intercoop {' '.join(step)}", [*intercoop, *step], env, log)
        run_step("intercoop collectstatic", [*intercoop, "collectstatic", "--noinput"], env, log)
        subprocess.run(  # noqa: S603 -- this script, in a fresh process on the data dir
            [sys.executable, __file__, "--data-dir", str(data_dir), *sys.argv[1:]], check=True
        )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

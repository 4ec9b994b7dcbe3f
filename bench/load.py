"""Load benchmark: the platform over HTTP, as a user starts it, beside a bare Django view.

In a temporary data directory it runs `intercoop migrate`, `intercoop demo` and `intercoop import
coops-uk --bundled` (the 7,272 UK co-ops shipped with the project), then starts `intercoop serve`
with its defaults on a free loopback port and, beside it, a bare Django JSON view
(`bench/_bare_server.py`) under the same gunicorn settings (same worker class, workers and
threads, read from the "Serving with …" line of `intercoop serve`). It signs in once as the
demo's Alice to get a session cookie, checks that every target answers 200, then loads each in
turn with `wrk` (16 connections, ``--seconds`` each; the bare view before and after each round,
its mean being that round's yardstick) and prints, per target: requests per second, p50 and p99
latency, and its share of the bare view's requests per second. With ``--rounds N`` the table
gives the medians of the rounds, and ``--json OUT`` writes every round's figures.

The searches' rate limit (INTERCOOP_RATE_SEARCH, 120 a minute per address by default) is raised
for the run, since all the load comes from one address; it is still counted on every search.
Every request goes to 127.0.0.1; both servers are stopped at the end, whatever happens.

    .venv/bin/python bench/load.py                          # SQLite, 10 s per target
    .venv/bin/python bench/load.py --rounds 3 --json load.json
    .venv/bin/python bench/load.py --database postgresql    # creates and drops a database
    .venv/bin/python bench/load.py --only healthz,home --seconds 5 --keep

Needs wrk (Debian: ``apt-get install wrk``). Figures go to docs/benchmarks.md with the command.
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PYTHON = sys.executable
HOST = "127.0.0.1"
EMAIL = "alice@demo.intercoop.coop"
PASSWORD = "cooperate-demo-2026"  # noqa: S105 -- the demo's published password
ORG = "riverside-food-coop"
DECISIONS = f"/en/orgs/{ORG}/decisions/"  # a signed-in target; its list leads to a vote page
POSTGRES = "postgresql://postgres@127.0.0.1:5432"
SEARCH_RATE = "1000000/m"


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    signed_in: bool = False
    bare: bool = False


@dataclass
class Result:
    target: Target
    rounds: list[dict[str, Any]] = field(default_factory=list)

    def median(self, key: str) -> float:
        return statistics.median(r[key] for r in self.rounds)


BARE = Target("bare Django JSON view", "/", bare=True)


def targets(vote_path: str) -> list[Target]:
    return [
        Target("healthz", "/healthz"),
        Target("home", "/en/"),
        Target("search page", "/en/directory/?q=food"),
        Target("search API: words", "/api/v1/organizations?q=food"),
        Target(
            "search API: words+area+facets",
            "/api/v1/organizations?q=food&near=51.5,-0.12&radius_km=50&activity=ICA140",
        ),
        Target("organization page", f"/en/orgs/{ORG}/"),
        Target("decisions list (signed in)", DECISIONS, signed_in=True),
        Target("vote page (signed in)", vote_path, signed_in=True),
    ]


def short(target: Target) -> str:
    """The name ``--only`` takes: ``healthz``, ``home``, ``search-page``, ``api-words``…"""
    return {
        "bare Django JSON view": "bare",
        "search API: words": "api-words",
        "search API: words+area+facets": "api-area",
        "decisions list (signed in)": "decisions",
        "vote page (signed in)": "vote",
    }.get(target.name, target.name.replace(" ", "-"))


# --- Processes ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def child_env(
    data_dir: Path, database_url: str | None, redis_url: str | None = None
) -> dict[str, str]:
    """The environment of a fresh install: nothing of ours but the data directory (and the
    database, and Redis for the cache, rate limits and tasks, when given)."""
    private = ("INTERCOOP_", "DATABASE_", "DJANGO_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(private)}
    env["INTERCOOP_DATA_DIR"] = str(data_dir)
    env["INTERCOOP_RATE_SEARCH"] = SEARCH_RATE
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["INTERCOOP_REDIS_URL"] = redis_url
    return env


def run_step(label: str, command: list[str], env: dict[str, str], log: Path) -> None:
    started = time.monotonic()
    print(f"{label}… ", end="", flush=True)
    with log.open("a") as out:
        done = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)  # noqa: S603
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}); see {log}")
    print(f"{time.monotonic() - started:.1f} s", flush=True)


@contextmanager
def server(command: list[str], env: dict[str, str], log: Path, ready: str) -> Iterator[str]:
    """Start a server in its own process group, wait for ``ready`` in its output, give its
    output so far; stop the whole group at the end."""
    out = log.open("w")
    proc = subprocess.Popen(  # noqa: S603
        command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 180
        while ready not in log.read_text():
            if proc.poll() is not None:
                raise SystemExit(f"{command[2:4]} stopped ({proc.returncode}); see {log}")
            if time.monotonic() > deadline:
                raise SystemExit(f"{command[2:4]} did not start in 180 s; see {log}")
            time.sleep(0.2)
        yield log.read_text()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        with suppress(ProcessLookupError):  # the task worker, if it outlived gunicorn
            os.killpg(proc.pid, signal.SIGKILL)
        out.close()


@contextmanager
def postgres_database(name: str) -> Iterator[str]:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- HTTP -----------------------------------------------------------------------------------
def sign_in(base: str) -> tuple[str, str]:
    """Alice's session cookie (``name=value; …``) and the path of a vote page she may open."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{base}/en/accounts/login/"
    page = opener.open(login, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise SystemExit(f"no CSRF token in {login}")
    form = {"csrfmiddlewaretoken": token.group(1), "login": EMAIL, "password": PASSWORD}
    opener.open(login, urllib.parse.urlencode(form).encode(), timeout=30).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"signing in as {EMAIL} gave no session")
    cookie = "; ".join(f"{k}={v}" for k, v in sorted(cookies.items()))
    return cookie, vote_path(lambda path: opener.open(base + path, timeout=30).read().decode())


def vote_path(get: Callable[[str], str]) -> str:
    """The vote page: the first decision of the signed-in person's list (``get`` gives a
    path's page as that person) whose page holds a voting form."""
    decisions = get(DECISIONS)
    for path in dict.fromkeys(re.findall(rf'href="({DECISIONS}\d+/)"', decisions)):
        if f'action="{path}vote/"' in html.unescape(get(path)):
            return path
    raise SystemExit(f"no decision of the list at {ORG} has a voting form")


def check(base: str, target: Target, cookie: str) -> int:
    """The target answers 200 (without following a redirect); the size of its body."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    request = urllib.request.Request(base + target.path)  # noqa: S310 -- loopback only
    if target.signed_in:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status, body = error.code, b""
    if status != 200:
        raise SystemExit(f"{target.name} ({target.path}) answered {status}, not 200")
    return len(body)


def wrk(
    base: str, target: Target, cookie: str, *, seconds: int, connections: int
) -> dict[str, Any]:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s"]
    command += ["-s", str(BENCH / "_load_report.lua")]
    if target.signed_in:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(base + target.path)
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    line = next((x for x in done.stdout.splitlines() if x.startswith("LOADJSON ")), None)
    if done.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed on {target.name}:\n{done.stdout}{done.stderr}")
    figures: dict[str, Any] = json.loads(line.removeprefix("LOADJSON "))
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["errors"] = sum(v for k, v in figures.items() if k.startswith("errors_"))
    return figures


# --- Report ---------------------------------------------------------------------------------
def table(results: list[Result], bare_rps: list[float]) -> str:
    rows = [("target", "req/s", "p50 ms", "p99 ms", "of bare", "errors", "bytes")]
    for result in results:
        shares = [r["rps"] / bare for r, bare in zip(result.rounds, bare_rps, strict=False)]
        if len(result.rounds) > 1:
            low, high = min(r["rps"] for r in result.rounds), max(r["rps"] for r in result.rounds)
            rps = f"{result.median('rps'):,.0f} ({low:,.0f} to {high:,.0f})"
        else:
            rps = f"{result.median('rps'):,.0f}"
        rows.append(
            (
                result.target.name,
                rps,
                f"{result.median('p50_us') / 1000:.1f}",
                f"{result.median('p99_us') / 1000:.1f}",
                f"{statistics.median(shares):.0%}",
                str(sum(r["errors"] for r in result.rounds)),
                str(result.rounds[0].get("body_bytes", "")),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def git_commit() -> str:
    done = subprocess.run(  # noqa: S603
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seconds", type=int, default=10, help="load per target (default 10)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds over every target")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--only", default="", help="comma-separated targets, e.g. healthz,home")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    parser.add_argument(
        "--redis", metavar="URL", help="INTERCOOP_REDIS_URL: cache, rate limits, tasks in Redis"
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="INTERCOOP_PAGE_CACHE_SECONDS=0: every page rendered, to compare with the default",
    )
    args = parser.parse_args()
    if args.seconds < 1 or args.rounds < 1 or args.connections < 1:
        parser.error("--seconds, --rounds and --connections must be at least 1")
    if shutil.which("wrk") is None:
        raise SystemExit("This benchmark needs wrk: apt-get install wrk (Debian, Ubuntu).")

    data_dir = Path(tempfile.mkdtemp(prefix="intercoop-load-"))
    try:
        if args.database == "postgresql":
            with postgres_database(f"ic_bench_load_{os.getpid()}") as url:
                run(args, data_dir, url)
        else:
            run(args, data_dir, None)
    finally:
        if args.keep:
            print(f"Data directory kept: {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def run(args: argparse.Namespace, data_dir: Path, database_url: str | None) -> None:
    env = child_env(data_dir, database_url, args.redis)
    if args.no_page_cache:
        env["INTERCOOP_PAGE_CACHE_SECONDS"] = "0"
    setup_log = data_dir / "setup.log"
    intercoop = [PYTHON, "-m", "intercoop"]
    run_step("intercoop migrate", [*intercoop, "migrate", "-v", "0"], env, setup_log)
    run_step("intercoop demo", [*intercoop, "demo"], env, setup_log)
    run_step(
        "intercoop import coops-uk --bundled",
        [*intercoop, "import", "coops-uk", "--bundled"],
        env,
        setup_log,
    )
    port, bare_port = free_port(), free_port()
    serve = [*intercoop, "serve", "--port", str(port)]
    with server(serve, env, data_dir / "serve.log", "Intercoop is running at") as started:
        serving = re.search(r"Serving with (\d+) workers? × (\d+) threads?[^\n]*", started)  # noqa: RUF001
        workers, threads = (serving.group(1), serving.group(2)) if serving else ("2", "4")
        print(serving.group(0) if serving else "intercoop serve: 2 workers × 4 threads")  # noqa: RUF001
        bare = [PYTHON, str(BENCH / "_bare_server.py"), "--port", str(bare_port)]
        bare += ["--workers", workers, "--threads", threads]
        with server(bare, env, data_dir / "bare.log", "Bare view running at"):
            measure(args, f"http://{HOST}:{port}", f"http://{HOST}:{bare_port}", workers, threads)
    report_failures(data_dir / "serve.log")


def report_failures(log: Path) -> None:
    """What wrk counts as errors, from gunicorn's access log: each status other than 2xx and
    3xx, by path; and the server's errors ("database is locked"…)."""
    failures = Counter(
        (match.group(2), match.group(1))
        for match in re.finditer(r'"GET (\S+) HTTP/1\.1" ([45]\d\d) ', log.read_text())
    )
    errors = Counter(
        line.split(": ", 1)[-1][:120]
        for line in log.read_text().splitlines()
        if " ERROR " in line and ": " in line
    )
    for (status, path), count in sorted(failures.items()):
        print(f"  {count} × {status} on {path}")  # noqa: RUF001
    for message, count in errors.most_common(5):
        print(f"  server error, {count} ×: {message}")  # noqa: RUF001


def measure(
    args: argparse.Namespace, base: str, bare_base: str, workers: str, threads: str
) -> None:
    cookie, vote_path = sign_in(base)
    chosen = targets(vote_path)
    if args.only:
        wanted = {x.strip() for x in args.only.split(",") if x.strip()}
        unknown = wanted - {short(t) for t in chosen}
        if unknown:
            known = ", ".join(short(t) for t in chosen)
            raise SystemExit(f"unknown targets {sorted(unknown)}; choose among {known}")
        chosen = [t for t in chosen if short(t) in wanted]
    sizes = {t: check(bare_base if t.bare else base, t, cookie) for t in [BARE, *chosen]}
    results = [Result(t) for t in chosen]
    bare_result = Result(BARE)
    bare_rps: list[float] = []
    load = {"seconds": args.seconds, "connections": args.connections}
    for n in range(args.rounds):
        print(f"Round {n + 1}/{args.rounds}: ", end="", flush=True)
        before = wrk(bare_base, BARE, cookie, **load)
        for result in results:
            print(f"{short(result.target)} ", end="", flush=True)
            figures = wrk(base, result.target, cookie, **load)
            figures["body_bytes"] = sizes[result.target]
            result.rounds.append(figures)
        after = wrk(bare_base, BARE, cookie, **load)
        print("done", flush=True)
        bare_rps.append((before["rps"] + after["rps"]) / 2)
        bare_result.rounds.append(
            {
                **{k: (before[k] + after[k]) / 2 for k in ("rps", "p50_us", "p99_us")},
                "errors": before["errors"] + after["errors"],
                "body_bytes": sizes[BARE],
                "before": before,
                "after": after,
            }
        )
    print()
    print(
        f"{'PostgreSQL' if args.database == 'postgresql' else 'SQLite'}, {workers} workers × "  # noqa: RUF001
        f"{threads} threads, wrk {args.connections} connections, {args.seconds} s per target, "
        f"{args.rounds} round(s); cache {'Redis' if args.redis else 'database'}; "
        f"page cache {'off' if args.no_page_cache else 'on'}; "
        f"commit {git_commit()}"
    )
    print(table([bare_result, *results], bare_rps))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "database": args.database,
                    "cache": "redis" if args.redis else "database",
                    "page_cache": not args.no_page_cache,
                    "workers": int(workers),
                    "threads": int(threads),
                    "connections": args.connections,
                    "seconds": args.seconds,
                    "commit": git_commit(),
                    "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                    "targets": [
                        {"name": r.target.name, "path": r.target.path, "rounds": r.rounds}
                        for r in [bare_result, *results]
                    ],
                },
                indent=2,
            )
            + "\n"
        )
        print(f"Figures written to {args.json}")


if __name__ == "__main__":
    main()

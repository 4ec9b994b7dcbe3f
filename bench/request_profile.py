"""Where one request's time goes: the platform's WSGI handler (what gunicorn calls) in a loop,
in one process, without a network, under cProfile.

For each path it times ``--requests`` requests after a warm-up (the request path alone, no
server), then profiles as many and shares their time among the parts of the request path:
opening and closing the database connection, SQL, sessions, the rate limit counted in the cache,
template rendering, the API's serialization, the CSP header. The parts overlap (SQL inside a
template or a rate limit counts in both); under the profiler everything is slower, so read
them as shares of the profiled total.

    .venv/bin/python bench/request_profile.py                 # builds a data dir like load.py
    .venv/bin/python bench/load.py --keep --only healthz      # or reuse the benchmark's…
    .venv/bin/python bench/request_profile.py --data-dir /tmp/intercoop-load-XXXX
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
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
    ("rate limit (cache)", "intercoop/core/ratelimit.py", "rate_limit"),
    ("templates", "django/template/base.py", "_render"),
    ("API serialization", "ninja/operation.py", "_result_to_response"),
    ("", "ninja/schema.py", "_run_root_validator"),
    ("CSP header", "csp/middleware.py", "process_response"),
)


def environ(path: str) -> dict[str, Any]:
    path_info, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }


def profile(data_dir: Path, paths: list[str], requests: int, top: int) -> None:
    os.environ["INTERCOOP_DATA_DIR"] = str(data_dir)
    os.environ["INTERCOOP_RATE_SEARCH"] = "1000000/m"  # as load.py: one address, many searches
    os.environ["DJANGO_SETTINGS_MODULE"] = "intercoop.settings"
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()

    def call(path: str) -> str:
        statuses: list[str] = []
        body = application(environ(path), lambda s, h, e=None: statuses.append(s))
        b"".join(body)
        body.close()  # request_finished: what Django does at the end of every request
        return statuses[0]

    for path in paths:
        for _ in range(20):
            status = call(path)
        if not status.startswith("200"):
            raise SystemExit(f"{path} answered {status}")
        started = time.perf_counter()
        for _ in range(requests):
            call(path)
        plain = (time.perf_counter() - started) / requests * 1000
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            call(path)
        profiler.disable()
        stats = pstats.Stats(profiler)
        entries: dict[tuple[str, int, str], Any] = stats.stats  # type: ignore[attr-defined]
        total = sum(tt for (_, _, tt, _, _) in entries.values()) / requests * 1000
        print(f"\n{path}: {plain:.2f} ms a request; profiled {total:.2f} ms a request")
        label = ""
        shares = {name: 0.0 for name, _, _ in PARTS if name}
        for name, suffix, function in PARTS:
            label = name or label
            for (filename, _, func), (_, _, _, cumulative, _) in entries.items():
                if filename.endswith(suffix) and func == function:
                    shares[label] += cumulative / requests * 1000
        for name, ms in shares.items():
            print(f"  {name:<26} {ms:6.2f} ms  {ms / total:4.0%}")
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
    parser.add_argument("paths", nargs="*", default=list(PATHS))
    args = parser.parse_args()
    if args.data_dir is not None:
        profile(args.data_dir, args.paths, args.requests, args.top)
        return
    sys.path.insert(0, str(ROOT / "bench"))
    from load import child_env, run_step

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

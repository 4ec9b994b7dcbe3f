"""An order cycle on the platform: the buying page over HTTP, and the close through the database.

In a temporary data directory it migrates a fresh database and loads the synthetic book of
``bench/exchange_close.py`` into it (``bench/_exchange_cycle_load.py``: 10,000 offers from 200
suppliers, half with price tiers, 2,000 member orders of about 15 lines, four fees; loading is
not timed). Then:

1. **The buying page.** It starts ``intercoop serve`` with its defaults and, beside it, the bare
   Django view of ``bench/load.py`` (``bench/_bare_server.py``) under the same gunicorn
   settings, and requests, one at a time, each on a new connection, as a signed-in member
   of a buying group: the first page, pages drawn across the 200 pages of offers, a word
   filter, a supplier filter and a category filter (``--requests`` of each, interleaved), and the
   bare view as many times. Every answer must be 200. It reports per kind the median, 90th
   percentile and slowest time, the largest page, and the median's ratio to the bare view's.
2. **The close.** ``services.closing.cycle_close`` on the loaded cycle (read the book from the
   database, ``close_cycle``, store the result), timed once; then closing again, which returns
   the stored result, timed too; then reading the stored result back into a ``Closing``, as
   each page of the closing does, timed. The close takes the cycle after its closing time.

Targets (the issue's): the buying page p50 under 300 ms with no page over 50 KB; the close
under 2 s.

    .venv/bin/python bench/exchange_cycle.py
    .venv/bin/python bench/exchange_cycle.py --requests 60 --database postgresql
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

from load import (  # noqa: E402 -- bench/ is put on the path just above
    HOST,
    PYTHON,
    child_env,
    free_port,
    git_commit,
    postgres_database,
    run_step,
    server,
)

BUDGET_BYTES = 50 * 1024
PER_PAGE = 50


def fetch(port: int, path: str, cookie: str) -> tuple[float, int]:
    """One GET on a new connection (as a browser's first request of a page): its time in
    seconds, connecting included, and its body's size."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}, not 200")
    return elapsed, len(body)


def buying_paths(loaded: dict, rng: random.Random, count: int) -> dict[str, list[str]]:
    base = f"/en/exchange/cycles/{loaded['cycle']}/buy/"
    pages = max(1, loaded["offers"] // PER_PAGE)
    return {
        "first page": [base] * count,
        "page n of 200": [f"{base}?page={rng.randint(2, pages)}" for _ in range(count)],
        "word filter": [f"{base}?q={rng.choice(loaded['words'])}" for _ in range(count)],
        "supplier filter": [
            f"{base}?supplier={rng.choice(loaded['supplier_ids'])}" for _ in range(count)
        ],
        "category filter": [
            f"{base}?category={rng.choice(loaded['categories'])}&page=2" for _ in range(count)
        ],
    }


def measure_pages(port: int, bare_port: int, loaded: dict, count: int, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 -- which pages to ask for, not a secret
    kinds = buying_paths(loaded, rng, count)
    jobs = [(kind, path) for kind, paths in kinds.items() for path in paths]
    jobs += [("bare Django view", "/")] * count
    rng.shuffle(jobs)
    # One request of each kind first, not counted: the workers' first requests load code.
    for paths in kinds.values():
        fetch(port, paths[0], loaded["cookie"])
    fetch(bare_port, "/", "")
    times: dict[str, list[float]] = {}
    sizes: dict[str, list[int]] = {}
    for kind, path in jobs:
        if kind == "bare Django view":
            elapsed, size = fetch(bare_port, path, "")
        else:
            elapsed, size = fetch(port, path, loaded["cookie"])
        times.setdefault(kind, []).append(elapsed)
        sizes.setdefault(kind, []).append(size)
    bare_p50 = statistics.median(times["bare Django view"])
    print(f"\n| request ({count} of each) | p50 ms | p90 ms | max ms | largest page | p50 / bare |")
    print("|---|--:|--:|--:|--:|--:|")
    for kind in [*kinds, "bare Django view"]:
        series = sorted(times[kind])
        p50 = statistics.median(series)
        p90 = series[min(len(series) - 1, int(len(series) * 0.9))]
        print(
            f"| {kind} | {p50 * 1000:.1f} | {p90 * 1000:.1f} | {series[-1] * 1000:.1f} | "
            f"{max(sizes[kind]) / 1024:.1f} KB | {p50 / bare_p50:.1f} |"
        )
    buying = [t for kind in kinds for t in times[kind]]
    largest = max(s for kind in kinds for s in sizes[kind])
    p50_all = statistics.median(buying)
    print(
        f"\nBuying page, all kinds: p50 {p50_all * 1000:.1f} ms (target < 300 ms: "
        f"{'met' if p50_all < 0.3 else 'MISSED'}); largest page {largest / 1024:.1f} KB "
        f"(budget 50 KB: {'met' if largest <= BUDGET_BYTES else 'MISSED'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--suppliers", type=int, default=200)
    parser.add_argument("--orders", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=40, help="requests of each kind (40)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="intercoop-cycle-"))
    try:
        if args.database == "postgresql":
            with postgres_database(f"ic_bench_cycle_{os.getpid()}") as url:
                run(args, data_dir, url)
        else:
            run(args, data_dir, None)
    finally:
        if args.keep:
            print(f"Data directory kept: {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def run(args: argparse.Namespace, data_dir: Path, database_url: str | None) -> None:
    env = child_env(data_dir, database_url)
    log = data_dir / "setup.log"
    intercoop = [PYTHON, "-m", "intercoop"]
    run_step("intercoop migrate", [*intercoop, "migrate", "-v", "0"], env, log)
    run_step("intercoop createcachetable", [*intercoop, "createcachetable"], env, log)
    loader = [PYTHON, str(BENCH / "_exchange_cycle_load.py")]
    book = ["--offers", str(args.offers), "--suppliers", str(args.suppliers)]
    book += ["--orders", str(args.orders), "--seed", str(args.seed)]
    print("loading the cycle… ", end="", flush=True)
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603
        [*loader, *book], env=env, capture_output=True, text=True, check=False
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("LOADED ")), None)
    if done.returncode != 0 or line is None:
        raise SystemExit(f"loading failed:\n{done.stdout[-2000:]}{done.stderr[-4000:]}")
    loaded = json.loads(line.removeprefix("LOADED "))
    print(
        f"{time.monotonic() - started:.1f} s: {loaded['offers']:,} offers, "
        f"{loaded['orders']:,} orders, {loaded['lines']:,} lines"
    )
    print(
        f"{'PostgreSQL' if database_url else 'SQLite'}, python {platform.python_version()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, commit {git_commit()}"
    )
    port, bare_port = free_port(), free_port()
    serve = [*intercoop, "serve", "--port", str(port)]
    with server(serve, env, data_dir / "serve.log", "Intercoop is running at") as started_log:
        serving = next((x for x in started_log.splitlines() if "Serving with" in x), "")
        print(serving.strip())
        workers = serving.split("Serving with ")[-1].split()[0] if serving else "2"
        threads = serving.split("× ")[-1].split()[0] if "× " in serving else "4"  # noqa: RUF001
        bare = [PYTHON, str(BENCH / "_bare_server.py"), "--port", str(bare_port)]
        bare += ["--workers", workers, "--threads", threads]
        with server(bare, env, data_dir / "bare.log", "Bare view running at"):
            measure_pages(port, bare_port, loaded, args.requests, args.seed)
    done = subprocess.run(  # noqa: S603
        [*loader, "--close", str(loaded["cycle_id"])],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("CLOSED ")), None)
    if done.returncode != 0 or line is None:
        raise SystemExit(f"closing failed:\n{done.stdout[-2000:]}{done.stderr[-4000:]}")
    closed = json.loads(line.removeprefix("CLOSED "))
    print(
        f"\nClose (read the book, close_cycle, store): {closed['first_s']:.2f} s wall, "
        f"{closed['first_cpu_s']:.2f} s CPU (target < 2 s: "
        f"{'met' if closed['first_s'] < 2 else 'MISSED'}); closing again returns the stored "
        f"result in {closed['again_s'] * 1000:.1f} ms, the same digest: {closed['same']}; "
        f"invoices {closed['invoices']:,}, load average {os.getloadavg()[0]:.2f}"
    )
    print(f"Reading the stored closing back (as a page of it does): {closed['read_s']:.2f} s wall")


if __name__ == "__main__":
    main()

"""Why SQLite's search index is keyed by place (docs/directory.md, "Spatial search keys"):
the cost of looking up N rows of a narrow 3M-row index when their keys are scattered over the
whole index, against the same N rows in a few runs of neighbours.

It builds a throwaway SQLite file (about 3.5 GB at the default size: the rows carry a wide
column, as organizations do, so that the index sits beyond SQLite's 2 GB memory map as the
benchmark directory's does), then times, best of --repeat, a join of N ids with the covering
index that reads each row's columns, as the search checks its matches.

    .venv/bin/python bench/lookup_locality.py --file /tmp/locality.sqlite3
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path

FACETS = ("a", "s", "m", "l", "k", "r", "co")


def build(path: Path, rows: int) -> None:
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, lat REAL, lon REAL, status TEXT, "
        + ", ".join(f"{f} TEXT" for f in FACETS)
        + ", wide TEXT)"
    )
    rnd = random.Random(1)  # noqa: S311 -- test data
    legal = ["Eingetragene Genossenschaft (eG)", "Società cooperativa", "SCOP", "Co-op Society"]
    regions = ["Hamburg", "Lombardia", "Île-de-France", "Scotland"]

    def generate() -> Iterator[tuple[object, ...]]:
        for i in range(1, rows + 1):
            yield (
                i,
                rnd.uniform(-60, 60),
                rnd.uniform(-180, 180),
                "active",
                f"ICA{rnd.randint(1, 30) * 10}",
                f"OS{rnd.randint(1, 15) * 5}",
                f"BMT{rnd.randint(1, 6) * 10}",
                rnd.choice(legal),
                rnd.choice(["coop", "ally"]),
                rnd.choice(regions),
                rnd.choice(["DE", "IT", "FR", "GB"]),
                "x" * rnd.randint(200, 1500),
            )

    db.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", generate())
    db.commit()
    db.execute(f"CREATE INDEX cov ON t (id, lat, lon, status, {', '.join(FACETS)})")
    db.commit()
    db.close()


def timed(db: sqlite3.Connection, ids: list[int], repeat: int) -> float:
    db.execute("DROP TABLE IF EXISTS temp.ids")
    db.execute("CREATE TEMP TABLE ids (id INTEGER PRIMARY KEY)")
    db.executemany("INSERT INTO temp.ids VALUES (?)", [(i,) for i in ids])
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT t.a) FROM temp.ids x CROSS JOIN t INDEXED BY cov "
            "ON t.id = x.id WHERE t.status <> 'dissolved' AND t.lat BETWEEN -90 AND 90"
        ).fetchone()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, required=True, help="the SQLite file (made once)")
    parser.add_argument("--rows", type=int, default=3_000_000)
    parser.add_argument("--lookups", type=int, default=19_000, help="rows looked up")
    parser.add_argument("--runs", type=int, default=20, help="runs of neighbours")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds")
    parser.add_argument("--repeat", type=int, default=5, help="best of, per round")
    args = parser.parse_args()
    if not args.file.exists():
        print(f"building {args.file} ({args.rows:,} rows)…", file=sys.stderr)
        build(args.file, args.rows)
    db = sqlite3.connect(args.file)
    db.execute("PRAGMA mmap_size = 2147418112")  # as the platform sets it
    db.execute("PRAGMA cache_size = -65536")
    rnd = random.Random(2)  # noqa: S311 -- test data
    scattered = sorted(rnd.sample(range(1, args.rows + 1), args.lookups))
    per_run = args.lookups // args.runs
    starts = rnd.sample(range(1, args.rows - per_run), args.runs)
    together = sorted({i for s in starts for i in range(s, s + per_run)})
    print(f"{len(scattered):,} lookups scattered, {len(together):,} in {args.runs} runs")
    for _ in range(args.rounds):
        for name, ids in (("scattered", scattered), ("in runs", together)):
            seconds = timed(db, ids, args.repeat)
            print(f"{name:>10}: {seconds * 1000:6.1f} ms, {seconds / len(ids) * 1e6:.2f} µs a row")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Directory search benchmark: build synthetic directories, then time searches and counts.

For each size and database it migrates a fresh database, inserts synthetic organizations and
their offers (``_directory_synth``: real cities of 12 countries, text in six languages), lets
the database triggers maintain the search indexes and region counts, and times N generated
queries of each kind:

- ``text``: words anywhere;
- ``text+bbox``: words in a box of 5 to 50 km around an organization of a real city, the words
  drawn two times in three from that organization's name, else from the city's language;
- ``text+bbox+facets``: the same with one or two of that organization's facet values;
- ``facets``: ``facet_counts`` alone, by country, country and region, or one facet;
- ``region counts``: ``region_stats`` of one region.

Each (database, size) runs in a child process with its own data directory (SQLite) or its own
database ``intercoop_bench_<size>`` (PostgreSQL), dropped at the end unless ``--keep``. The
parent prints Markdown tables; figures belong in docs/benchmarks.md with the command line.

    .venv/bin/python bench/directory_search.py                       # 10k and 300k, both DBs
    .venv/bin/python bench/directory_search.py --sizes 3m --backends postgresql --json 3m.json
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import platform
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from _directory_synth import Synth, WordSample, fold
from _directory_words import STOPWORDS
from _sizes import size_label, size_list
from psycopg import sql

logger = logging.getLogger("bench.directory_search")

KINDS = ("text", "text+bbox", "text+bbox naive", "text+bbox+facets", "facets", "region counts")
# The targets, at 3M organizations.
TARGETS: dict[str, dict[str, float]] = {
    "text+bbox+facets": {"p50_ms": 10.0, "p99_ms": 50.0},
    "region counts": {"p50_ms": 1.0},
}
TARGET_SIZE = 3_000_000
BACKENDS = ("sqlite", "postgresql")
RESULT_PREFIX = "BENCH-RESULT "
# Organizations per transaction; bulk_create splits each into statements of BULK_BATCH rows
# (fewer on SQLite, whose limit on bound parameters Django respects).
CHUNK = 5000
BULK_BATCH = 2000
# Facets a person filters by, with how often; the values come from the city's organizations.
FACET_PICKS = (("activity", 40), ("structure", 15), ("membership_type", 15), ("legal_form", 20))
FACET_FIELDS = ("activity", "structure", "membership_type", "legal_form", "kind")
ROW_FIELDS = ("name", "latitude", "longitude", *FACET_FIELDS)
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/"


def parse_sizes(text: str) -> list[int]:
    return size_list(text, minimum=100, unit="organizations")


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="10k,300k",
        type=parse_sizes,
        help="comma-separated sizes, e.g. 10k,300k,3m (default 10k,300k)",
    )
    parser.add_argument(
        "--backends",
        default=",".join(BACKENDS),
        type=lambda s: [b.strip() for b in s.split(",") if b.strip()],
        help="comma-separated: sqlite, postgresql (default both)",
    )
    parser.add_argument("--queries", type=int, default=200, help="timed queries per kind")
    parser.add_argument(
        "--best-of",
        type=int,
        default=1,
        help="run each timed query this many times in a row and keep its fastest (the later "
        "runs find the query's own pages cached: how a repeated query performs)",
    )
    parser.add_argument(
        "--kinds",
        default=",".join(KINDS),
        type=lambda s: [k.strip() for k in s.split(",") if k.strip()],
        help="comma-separated kinds of query to time (default all; the queries of a kind are "
        "the same whichever others are timed)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("INTERCOOP_BENCH_PG_URL", DEFAULT_PG_URL),
        help=f"PostgreSQL server to create the databases on (default {DEFAULT_PG_URL})",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the databases and data directories"
    )
    parser.add_argument(
        "--reuse",
        type=Path,
        help=(
            "a directory holding built directories (one data directory per database and size, "
            "and PostgreSQL databases intercoop_bench_<size>): build each into it once, then "
            "measure again without rebuilding (the same --seed replays the query sample)"
        ),
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    unknown = set(args.backends) - set(BACKENDS)
    if unknown:
        parser.error(f"unknown backend {', '.join(sorted(unknown))}; use {', '.join(BACKENDS)}")
    unknown_kinds = set(args.kinds) - set(KINDS)
    if unknown_kinds or not args.kinds:
        parser.error(f"--kinds: use some of {', '.join(KINDS)}")
    if args.queries < 1:
        parser.error("--queries must be at least 1")
    if args.best_of < 1:
        parser.error("--best-of must be at least 1")
    return args


# --- Parent: one child process per (database, size) ---------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    # Its own handler: Django's LOGGING (set up in the child) leaves this logger alone.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    args = arguments(argv)
    if args.child:
        return child(args)
    command = "bench/directory_search.py " + shlex.join(argv if argv is not None else sys.argv[1:])
    results = []
    for size in args.sizes:
        for backend in args.backends:
            results.append(run_child(backend, size, args))
    report = markdown(results, command.strip(), args.queries)
    print(report)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if all("error" not in r for r in results) else 1


def run_child(backend: str, size: int, args: argparse.Namespace) -> dict[str, Any]:
    from intercoop.testing.processes import child_env

    label = size_label(size)
    reused = False
    if args.reuse:
        data_dir = args.reuse / f"{backend}-{label}-seed{args.seed}"
        reused = (data_dir / "built").exists()
        data_dir.mkdir(parents=True, exist_ok=True)
    else:
        data_dir = Path(tempfile.mkdtemp(prefix=f"intercoop-bench-{backend}-{label}-"))
    env = child_env(
        data_dir,
        DJANGO_SETTINGS_MODULE="intercoop.settings",
        INTERCOOP_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    database = ""
    result: dict[str, Any] = {"backend": backend, "size": size, "label": label}
    started = time.perf_counter()
    try:
        if backend == "postgresql":
            database = f"intercoop_bench_{label}"
            try:
                env["DATABASE_URL"] = (
                    _pg_url(args.pg_url, database) if reused else pg_create(args.pg_url, database)
                )
            except psycopg.Error as exc:
                # Reported in the table; the other databases and sizes still run.
                logger.warning("[%s %s] PostgreSQL unavailable: %s", backend, label, exc)
                database = ""
                result["error"] = f"PostgreSQL unavailable: {exc}".splitlines()[0]
                return result
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            f"--backend={backend}",
            f"--size={size}",
            f"--queries={args.queries}",
            f"--best-of={args.best_of}",
            f"--seed={args.seed}",
            f"--kinds={','.join(args.kinds)}",
            *(["--measure-only"] if reused else []),
        ]
        logger.info("[%s %s] building and measuring…", backend, label)
        proc = subprocess.run(  # noqa: S603 -- our own script, with our own arguments
            command, env=env, stdout=subprocess.PIPE, text=True, check=False
        )
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(RESULT_PREFIX)]
        if proc.returncode != 0 or not lines:
            result["error"] = f"child exited with {proc.returncode}"
        else:
            result.update(json.loads(lines[-1][len(RESULT_PREFIX) :]))
            if args.reuse and not reused:
                (data_dir / "built").write_text(json.dumps(result), encoding="utf-8")
            if reused:
                # The build's own figures, from when it was built.
                built = json.loads((data_dir / "built").read_text(encoding="utf-8"))
                for key in (
                    "orgs",
                    "offers",
                    "build_s",
                    "insert_s",
                    "offers_insert_s",
                    "analyze_s",
                    "migrate_s",
                ):
                    if key in built:
                        result[key] = built[key]
                result["reused"] = True
        return result
    finally:
        result["wall_s"] = round(time.perf_counter() - started, 1)
        if args.keep or args.reuse:
            logger.info("[%s %s] kept %s %s", backend, label, data_dir, database)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
            if database:
                pg_drop(args.pg_url, database)


def _pg_url(server: str, database: str) -> str:
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


def pg_create(server: str, database: str) -> str:

    with psycopg.connect(_pg_url(server, "postgres"), autocommit=True, connect_timeout=5) as c:
        name = sql.Identifier(database)
        c.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        c.execute(sql.SQL("CREATE DATABASE {}").format(name))
    return _pg_url(server, database)


def pg_drop(server: str, database: str) -> None:

    try:
        with psycopg.connect(_pg_url(server, "postgres"), autocommit=True) as c:
            c.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
            )
    except psycopg.Error as exc:
        logger.warning("could not drop %s: %s", database, exc)


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def _num(record: dict[str, Any], key: str, spec: str = ".1f") -> str:
    value = record.get(key)
    return "-" if value is None else format(value, spec)


def _size(n_bytes: int | None) -> str:
    if not n_bytes:
        return "-"
    return f"{n_bytes / 1e6:,.0f} MB" if n_bytes < 10e9 else f"{n_bytes / 1e9:,.1f} GB"


def markdown(results: list[dict[str, Any]], command: str, queries: int) -> str:
    out = [
        f"Command: `.venv/bin/python {command}`",
        "",
        "| database | size | orgs | offers | migrate s | build s | insert s (offers s) | "
        "analyze s | DB size | wall s |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        if "error" in r:
            out.append(f"| {r['backend']} | {r['label']} | {r['error']} |||||||")
            continue
        # A reused directory's build figures come from its record, which may lack some.
        out.append(
            f"| {r['backend']} | {r['label']} | {_num(r, 'orgs', ',')} | "
            f"{_num(r, 'offers', ',')} | {_num(r, 'migrate_s')} | {_num(r, 'build_s')} | "
            f"{_num(r, 'insert_s')} ({_num(r, 'offers_insert_s')}) | "
            f"{_num(r, 'analyze_s')} | {_size(r.get('db_bytes'))} | {_num(r, 'wall_s', '.0f')} |"
        )
    out += [
        "",
        f"Latency over {queries} queries per kind (after a warm-up), in milliseconds; "
        '"results" is the median result count and "empty" how many found nothing. '
        "Targets (at 3M): text+bbox+facets p50 ≤ 10 ms and p99 ≤ 50 ms; "
        "region counts p50 ≤ 1 ms.",
        "",
        "| database | size | query | p50 ms | p99 ms | max ms | results | empty | target |",
        "|---|---|---|--:|--:|--:|--:|--:|---|",
    ]
    for r in results:
        for kind in KINDS:
            q = r.get("queries", {}).get(kind)
            if q is None:
                continue
            if "error" in q:
                out.append(f"| {r['backend']} | {r['label']} | {kind} | {q['error']} ||||||")
                continue
            out.append(
                f"| {r['backend']} | {r['label']} | {kind} | {_ms(q['p50_ms'])} | "
                f"{_ms(q['p99_ms'])} | {_ms(q['max_ms'])} | {q['median_count']:,} | "
                f"{q['zero_results']} | {target_mark(kind, q, r['size'])} |"
            )
    out += ["", "Slowest query of each kind:", ""]
    for r in results:
        for kind in KINDS:
            q = r.get("queries", {}).get(kind, {})
            if "slowest" in q:
                slow = q["slowest"]
                out.append(
                    f"- {r['backend']} {r['label']} {kind}: {_ms(q['max_ms'])} ms, "
                    f"{slow['count']:,} results, `{slow['query']}`"
                )
    return "\n".join(out)


def target_mark(kind: str, figures: dict[str, Any], size: int) -> str:
    target = TARGETS.get(kind)
    if not target:
        return ""
    met = all(figures[key] <= limit for key, limit in target.items())
    mark = "met" if met else "MISSED"
    return mark if size >= TARGET_SIZE else f"({mark} at this size)"


# --- Child: migrate, build, measure ---------------------------------------------------------
@dataclass
class Timed:
    """One kind of query: what to call, with which arguments."""

    kind: str
    call: Callable[[Any], int]
    warmup: list[Any]
    timed: list[Any]


def child(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    size, backend = args.size, args.backend
    tag = f"[{backend} {size_label(size)}]"
    out: dict[str, Any] = {"backend": backend, "size": size, "seed": args.seed}

    synth = Synth(args.seed)
    sample = WordSample(every=max(1, size // 40_000), seed=args.seed + 1)
    if args.measure_only:
        # Built before, perhaps by older code: bring its schema up to date (as a deployment's
        # upgrade would), then replay the generator for the query sample only.
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        out["upgrade_migrate_s"] = round(time.perf_counter() - started, 2)
        logger.info("%s migrated in %.1f s", tag, out["upgrade_migrate_s"])
        for batch in synth.batches(size, CHUNK):
            for record in batch:
                sample.observe(record)
    else:
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        out["migrate_s"] = round(time.perf_counter() - started, 2)
        out.update(build(synth, sample, size, tag))
    out["db_bytes"], out["largest"] = database_size()
    out["versions"] = versions(connection)
    if not args.measure_only:
        logger.info(
            "%s built in %.1f s (insert %.1f s, analyze %.1f s), %s",
            tag,
            out["build_s"],
            out["insert_s"],
            out["analyze_s"],
            _size(out["db_bytes"]),
        )
    out["best_of"] = args.best_of
    # Every kind's queries are drawn, so that each kind gets the same ones whatever is timed.
    plans = [
        p for p in plan_queries(synth, sample, args.queries, args.seed) if p.kind in args.kinds
    ]
    out["queries"] = measure(plans, tag, best_of=args.best_of)
    print(RESULT_PREFIX + json.dumps(out), flush=True)
    return 0


def build(synth: Synth, sample: WordSample, size: int, tag: str) -> dict[str, Any]:
    from django.db import connection, transaction

    from intercoop.directory.services import search_index_optimize
    from intercoop.organizations.models import (
        PLACE_CELL_FIELDS,
        Offer,
        Organization,
        place_cells,
    )

    started = time.perf_counter()
    insert_s = offers_s = 0.0
    orgs_done = offers_done = 0
    next_report = max(CHUNK, size // 10)
    for batch in synth.batches(size, CHUNK):
        orgs: list[Organization] = []
        offers: list[Offer] = []
        for record in batch:
            sample.observe(record)
            fields = record.org
            cells = place_cells(fields["latitude"], fields["longitude"])
            orgs.append(Organization(**fields, **dict(zip(PLACE_CELL_FIELDS, cells, strict=True))))
            offers.extend(Offer(**offer) for offer in record.offers)
        t0 = time.perf_counter()
        with transaction.atomic():
            Organization.objects.bulk_create(orgs, batch_size=BULK_BATCH)
            t1 = time.perf_counter()
            Offer.objects.bulk_create(offers, batch_size=BULK_BATCH)
        t2 = time.perf_counter()
        insert_s += t2 - t0
        offers_s += t2 - t1
        orgs_done += len(orgs)
        offers_done += len(offers)
        if orgs_done >= next_report or orgs_done == size:
            next_report += max(CHUNK, size // 10)
            logger.info(
                "%s %s/%s organizations, %.0f s",
                tag,
                f"{orgs_done:,}",
                f"{size:,}",
                time.perf_counter() - started,
            )

    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Ids were given explicitly: move the sequence past them, as loaddata does.
            from django.core.management.color import no_style

            for statement in connection.ops.sequence_reset_sql(no_style(), [Organization]):
                cursor.execute(statement)
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    # What an import does after its bulk write (directory.services.search_index_optimize).
    search_index_optimize()
    analyze_s = time.perf_counter() - t0
    return {
        "orgs": orgs_done,
        "offers": offers_done,
        "build_s": round(time.perf_counter() - started, 2),
        "insert_s": round(insert_s, 2),
        # Inserting offers re-indexes their organization, so it is timed apart.
        "offers_insert_s": round(offers_s, 2),
        "analyze_s": round(analyze_s, 2),
    }


def database_size() -> tuple[int, list[tuple[str, int]]]:
    """Bytes on disk, and the largest tables and indexes (where the database can tell)."""
    from django.db import connection

    largest: list[tuple[str, int]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            total = int(cursor.fetchone()[0])
            cursor.execute(
                "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' ORDER BY 2 DESC LIMIT 12"
            )
            largest = [(name, int(n)) for name, n in cursor.fetchall()]
            return total, largest
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            cursor.execute(
                "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12"
            )
            largest = [(name, int(n)) for name, n in cursor.fetchall()]
        except Exception:  # noqa: BLE001 -- dbstat is an optional SQLite extension
            largest = []
    path = Path(str(connection.settings_dict["NAME"]))
    total = sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
    return total, largest


def versions(connection: Any) -> dict[str, str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            db = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("SELECT sqlite_version()")
            db = f"SQLite {cursor.fetchone()[0]}"
    return {"database": db, "python": platform.python_version(), "cpus": str(os.cpu_count())}


# --- Queries ----------------------------------------------------------------------------------
def plan_queries(synth: Synth, sample: WordSample, n: int, seed: int) -> list[Timed]:
    """N queries of each kind (plus a tenth as warm-up), drawn like the data: cities as likely
    as the organizations placed there, words of the city's language, facet values that the
    city's organizations have."""
    from intercoop.directory.search.query import BBox, SearchQuery
    from intercoop.directory.search.service import facet_counts, search
    from intercoop.directory.stats import region_stats
    from intercoop.organizations.models import Organization

    rng = random.Random(seed + 2)  # noqa: S311 -- benchmark queries, not security
    rows_by_city: dict[tuple[str, str, str], list[tuple[Any, ...]]] = {}

    def city_rows(city: Any) -> list[tuple[Any, ...]]:
        key = (city.country, city.region, city.name)
        if key not in rows_by_city:
            rows_by_city[key] = list(
                # By id, so that every database is asked the same queries.
                Organization.objects.filter(country=key[0], region=key[1], locality=key[2])
                .order_by("id")
                .values_list(*ROW_FIELDS)[:500]
            )
        return rows_by_city[key]

    def bbox_near(city: Any, row: dict[str, Any]) -> BBox:
        """A box of 5 to 50 km around a point of the city, or around the organization."""
        side_km = math.exp(rng.uniform(math.log(5), math.log(50)))
        if row:
            lat = row["latitude"] + rng.uniform(-0.3, 0.3) * side_km / 111.32
            lon = row["longitude"] + rng.uniform(-0.3, 0.3) * side_km / 111.32
        else:
            lat, lon = synth.scatter(rng, city)
        dlat = side_km / 2 / 111.32
        dlon = side_km / 2 / (111.32 * max(0.01, math.cos(math.radians(lat))))
        return BBox(
            max(-180.0, lon - dlon),
            max(-90.0, lat - dlat),
            min(180.0, lon + dlon),
            min(90.0, lat + dlat),
        )

    def some_row(city: Any) -> dict[str, Any]:
        """Name, place and facet values of one organization of the city (empty if none)."""
        rows = city_rows(city)
        return dict(zip(ROW_FIELDS, rng.choice(rows), strict=True)) if rows else {}

    def facet_filters(row: dict[str, Any]) -> dict[str, tuple[str, ...]]:
        filters: dict[str, tuple[str, ...]] = {}
        wanted = 2 if rng.random() < 0.35 else 1
        names = [f for f, _ in FACET_PICKS]
        weights = [w for _, w in FACET_PICKS]
        for _ in range(10):
            if len(filters) == wanted or not row:
                break
            facet = rng.choices(names, weights)[0]
            if row[facet]:
                filters[facet] = (row[facet],)
        if rng.random() < 0.05:
            filters["kind"] = ("ally",)
        return filters

    def text(city: Any, row: dict[str, Any] | None = None) -> str:
        """Words of the city's language, or (two times in three) a word of the row's name."""
        if row and rng.random() < 2 / 3:
            words = [
                w
                for w in row["name"].split()
                if w.isalpha() and len(w) >= 3 and fold(w) not in STOPWORDS
            ]
            if words:
                return rng.choice(words)
        return sample.query_text(rng, synth.language_at(city, rng))

    def make(kind: str) -> Any:
        city = synth.pick_city(rng)
        if kind == "text":
            return SearchQuery(text=text(city))
        if kind in ("text+bbox", "text+bbox naive"):
            row = some_row(city)
            return SearchQuery(text=text(city, row), bbox=bbox_near(city, row))
        if kind == "text+bbox+facets":
            row = some_row(city)
            return SearchQuery(
                text=text(city, row), bbox=bbox_near(city, row), filters=facet_filters(row)
            )
        if kind == "facets":
            roll = rng.random()
            if roll < 0.35:
                return SearchQuery(filters={"country": (city.country,)})
            if roll < 0.65:
                return SearchQuery(filters={"country": (city.country,), "region": (city.region,)})
            filters = facet_filters(some_row(city))
            filters.pop("kind", None)
            return SearchQuery(filters=dict(list(filters.items())[:1]))
        return (city.country, city.region)

    def run_search(query: Any) -> int:
        return int(search(query).count)

    def run_facets(query: Any) -> int:
        count, _ = facet_counts(query)
        return int(count)

    def run_region(place: Any) -> int:
        return region_stats(country=place[0], region=place[1]).total

    def run_naive(query: Any) -> int:
        return naive_text_bbox_count(query)

    calls: dict[str, Callable[[Any], int]] = {
        "text": run_search,
        "text+bbox": run_search,
        "text+bbox naive": run_naive,
        "text+bbox+facets": run_search,
        "facets": run_facets,
        "region counts": run_region,
    }
    warm = max(5, n // 10)
    plans = [
        Timed(
            kind,
            calls[kind],
            [make(kind) for _ in range(warm)],
            [make(kind) for _ in range(n)],
        )
        for kind in KINDS
        if kind != "text+bbox naive"
    ]
    # The naive plan is asked exactly the queries of text+bbox, side by side.
    text_bbox = next(p for p in plans if p.kind == "text+bbox")
    plans.insert(
        plans.index(text_bbox) + 1,
        Timed("text+bbox naive", calls["text+bbox naive"], text_bbox.warmup, text_bbox.timed),
    )
    return plans


def naive_text_bbox_count(query: Any) -> int:
    """What the search replaces: the words and the box joined as they come, without the H3
    cell tokens, leaving the order to the database (SQLite: full-text, R*Tree and organization
    joined; PostgreSQL: the search rows' GIN and the organizations' GiST joined by its
    planner). It only counts, so it does less
    than the search it is compared with, which also counts facets and fetches a page."""
    from django.db import connection

    from intercoop.directory.search.query import terms
    from intercoop.organizations.places import ID_MASK

    words = terms(query.text)
    box = query.bbox
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            match = "{name body} : (" + " ".join(f'"{w}"' for w in words) + ")"
            # The document's rowid is the search key, whose low bits are the id.
            cursor.execute(
                "SELECT COUNT(*) FROM organizations_organization o "  # noqa: S608 -- a constant
                f"JOIN directory_search_fts f ON o.id = (f.rowid & {ID_MASK}) "
                "JOIN directory_search_geo g ON g.id = o.id "
                "WHERE directory_search_fts MATCH %s AND g.min_lon >= %s AND g.max_lon <= %s "
                "AND g.min_lat >= %s AND g.max_lat <= %s AND o.status <> 'dissolved'",
                [match, box.min_lon, box.max_lon, box.min_lat, box.max_lat],
            )
        else:
            tsquery = " && ".join(
                "(plainto_tsquery('simple', %s) || plainto_tsquery('english', %s) "
                "|| plainto_tsquery('french', %s))"
                for _ in words
            )
            params = [w for w in words for _ in range(3)]
            # The document is in the search rows (directory migration 0009), the GiST index
            # on the organizations.
            cursor.execute(
                "SELECT COUNT(*) FROM organizations_organization o "  # noqa: S608
                "JOIN directory_search_row r ON r.id = o.id "
                f"WHERE r.document @@ ({tsquery}) "
                "AND o.latitude IS NOT NULL AND o.longitude IS NOT NULL "
                "AND point(o.longitude, o.latitude) <@ box(point(%s, %s), point(%s, %s)) "
                "AND o.status <> 'dissolved'",
                [*params, box.min_lon, box.min_lat, box.max_lon, box.max_lat],
            )
        return int(cursor.fetchone()[0])


def measure(plans: list[Timed], tag: str, *, best_of: int = 1) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for plan in plans:
        try:
            for query in plan.warmup:
                plan.call(query)
            times: list[int] = []
            counts: list[int] = []
            for query in plan.timed:
                runs = []
                for _ in range(best_of):
                    t0 = time.perf_counter_ns()
                    count = plan.call(query)
                    runs.append(time.perf_counter_ns() - t0)
                counts.append(count)
                times.append(min(runs))
        except NotImplementedError:
            out[plan.kind] = {"error": "not implemented"}
            logger.warning("%s %s: not implemented yet", tag, plan.kind)
            continue
        except Exception as exc:
            logger.exception("%s %s failed", tag, plan.kind)
            out[plan.kind] = {"error": f"{type(exc).__name__}: {exc}"[:200]}
            continue
        ms = sorted(t / 1e6 for t in times)
        slowest = max(range(len(times)), key=times.__getitem__)
        out[plan.kind] = {
            "n": len(ms),
            "p50_ms": round(statistics.median(ms), 3),
            "p99_ms": round(percentile(ms, 99), 3),
            "mean_ms": round(statistics.fmean(ms), 3),
            "max_ms": round(ms[-1], 3),
            "median_count": int(statistics.median(counts)),
            "zero_results": sum(1 for c in counts if c == 0),
            "slowest": {"query": describe(plan.timed[slowest]), "count": counts[slowest]},
            # What bounds the p99: the five slowest, slowest first.
            "slowest_5": [
                {
                    "ms": round(times[i] / 1e6, 3),
                    "query": describe(plan.timed[i]),
                    "count": counts[i],
                }
                for i in sorted(range(len(times)), key=times.__getitem__, reverse=True)[:5]
            ],
        }
        logger.info(
            "%s %-17s p50 %7s ms  p99 %7s ms  results %s",
            tag,
            plan.kind,
            _ms(out[plan.kind]["p50_ms"]),
            _ms(out[plan.kind]["p99_ms"]),
            out[plan.kind]["median_count"],
        )
    return out


def percentile(ordered: list[float], pct: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def describe(query: Any) -> str:
    if isinstance(query, tuple):
        return f"region_stats{query!r}"
    parts = []
    if query.text:
        parts.append(f"text={query.text!r}")
    if query.bbox:
        b = query.bbox
        parts.append(f"bbox=({b.min_lon:.4f},{b.min_lat:.4f},{b.max_lon:.4f},{b.max_lat:.4f})")
    if query.filters:
        parts.append(f"filters={dict(query.filters)!r}")
    return " ".join(parts)


if __name__ == "__main__":
    sys.exit(main())

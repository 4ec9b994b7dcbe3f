"""An import killed at any moment (SIGKILL: no handler, no clean-up) leaves the directory either
as it was or fully imported, never half-written.

The real command runs in a child process on its own SQLite file. Some kills come at fixed delays
after start; the others are timed on what the child is doing: the progress bar moving, and the
database's write lock being held, which means it is inside the import's transaction. Each case
prints what it observed (run with -s to see it).
"""

from __future__ import annotations

import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from intercoop.directory.tests.conftest import UK_ROWS
from intercoop.testing.processes import child_env

COMPANIES_HOUSE_NUMBERS = 915
STARTED_TIMEOUT = 120.0
PROGRESS = re.compile(r"\s([1-9][0-9]*)/" + str(UK_ROWS))


@dataclass
class Child:
    proc: subprocess.Popen[bytes]
    database: Path
    stdout: Path
    stderr: Path
    started: float

    def running(self) -> bool:
        return self.proc.poll() is None

    def elapsed(self) -> float:
        return time.monotonic() - self.started


def write_lock_held(database: Path) -> bool:
    """Whether another connection holds SQLite's write lock: the import's transaction (Django
    opens it with BEGIN IMMEDIATE, and nothing else in the command writes)."""
    probe = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            return True
        raise
    else:
        probe.execute("ROLLBACK")
        return False
    finally:
        probe.close()


def wait_until(child: Child, condition: Callable[[], bool], poll: float = 0.002) -> None:
    while child.running() and child.elapsed() < STARTED_TIMEOUT and not condition():
        time.sleep(poll)


def after(seconds: float) -> Callable[[Child], None]:
    return lambda child: wait_until(child, lambda: child.elapsed() >= seconds)


def progress_moved(child: Child) -> None:
    wait_until(child, lambda: bool(PROGRESS.search(child.stderr.read_text(errors="replace"))))


def in_transaction(child: Child) -> bool:
    """The write lock held, and still held a moment later: the import's transaction holds it
    for seconds, while opening a connection to a fresh copy of the file (recovering its
    write-ahead log index) holds a lock for well under a millisecond."""
    if not write_lock_held(child.database):
        return False
    time.sleep(0.02)
    return write_lock_held(child.database)


def write_lock_taken(then: float) -> Callable[[Child], None]:
    def wait(child: Child) -> None:
        wait_until(child, lambda: in_transaction(child))
        time.sleep(then)

    return wait


def rows_written_uncommitted(child: Child) -> None:
    """Inside the transaction, once its inserts have spilled from SQLite's page cache into the
    write-ahead log: rows are on disk, but no commit record follows them."""
    wait_until(child, lambda: in_transaction(child))
    wal = child.database.with_name(child.database.name + "-wal")
    size_at_begin = wal.stat().st_size if wal.exists() else 0
    wait_until(
        child,
        lambda: wal.exists() and wal.stat().st_size > size_at_begin + 1_000_000,
        poll=0.001,
    )


def summary_printed(child: Child) -> None:
    """After the commit, before the process exits: the other half of all or nothing."""
    wait_until(child, lambda: "created" in child.stdout.read_text(errors="replace"))


@dataclass(frozen=True)
class Plan:
    name: str
    wait: Callable[[Child], None]
    must_land_inside: bool = False


PLANS = [
    Plan("0.5 s after start", after(0.5)),
    Plan("1 s after start", after(1.0)),
    Plan("1.5 s after start", after(1.5)),
    Plan("2 s after start", after(2.0)),
    Plan("when the progress bar first moves", progress_moved),
    Plan("as the transaction takes the write lock", write_lock_taken(0.0), must_land_inside=True),
    Plan("0.3 s into the transaction", write_lock_taken(0.3)),
    Plan("once rows are written to the log, uncommitted", rows_written_uncommitted),
    Plan("once it has printed its summary", summary_printed),
]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with a migrated, empty SQLite database, copied for each run."""
    data_dir = tmp_path_factory.mktemp("migrated")
    done = subprocess.run(
        [sys.executable, "-m", "intercoop", "migrate", "--no-input", "-v", "0"],
        env=child_env(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return data_dir


def count(db: sqlite3.Connection, table: str) -> int:
    (n,) = db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()  # noqa: S608
    return int(n)


@pytest.mark.parametrize("plan", PLANS, ids=[p.name for p in PLANS])
def test_a_killed_import_leaves_all_or_nothing(
    plan: Plan, migrated: Path, uk_file: Path, tmp_path: Path
) -> None:
    # given a migrated database of its own, and the import running in a child process
    data_dir = tmp_path / "data"
    shutil.copytree(migrated, data_dir)
    database = data_dir / "intercoop.sqlite3"
    stdout, stderr = tmp_path / "stdout", tmp_path / "stderr"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        child = Child(
            subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "intercoop", "import", "coops-uk", str(uk_file)],
                env=child_env(data_dir),
                stdout=out,
                stderr=err,
            ),
            database,
            stdout,
            stderr,
            time.monotonic(),
        )
        try:
            # when it is killed
            plan.wait(child)
            # A lock held once the summary is out is not the import's transaction, which has
            # committed by then: it is the exiting process checkpointing the write-ahead log
            # (the last connection to close a SQLite file does), or a write after the commit.
            inside = (
                child.running()
                and write_lock_held(database)
                and "created" not in stdout.read_text(errors="replace")
            )
            killed_at = child.elapsed()
            child.proc.send_signal(signal.SIGKILL)
        finally:
            child.proc.kill()
            child.proc.wait(timeout=30)

    # then the database holds all of the file or none of it, and is sound
    finished = "created" in stdout.read_text(errors="replace")
    wal = database.with_name(database.name + "-wal")
    wal_size = wal.stat().st_size if wal.exists() else 0
    db = sqlite3.connect(database)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        organizations = count(db, "organizations_organization")
        registry_ids = count(db, "organizations_registryidentifier")
        runs = count(db, "directory_importrun")
    finally:
        db.close()
    state = (
        "inside the transaction"
        if inside
        else "after the import finished"
        if finished
        else "outside the transaction, before it committed"
        if organizations == 0
        else "after the commit"
    )
    observed = (
        f"killed {plan.name} at {killed_at:.2f} s, {state} (log {wal_size} bytes): "
        f"{organizations} organizations, "
        f"{registry_ids} registry identifiers, {runs} import runs"
    )
    print(observed)
    assert organizations in (0, UK_ROWS), observed
    if organizations == UK_ROWS:
        assert (registry_ids, runs) == (COMPANIES_HOUSE_NUMBERS, 1), observed
    else:
        assert (registry_ids, runs) == (0, 0), observed
    if inside:
        assert organizations == 0, observed
    if plan.must_land_inside:
        assert inside, f"the kill missed the transaction: {observed}"

"""`intercoop serve` runs one gunicorn worker per core it may use (its CPU affinity), 4 threads
each, unless `--workers`/`--threads` or INTERCOOP_WEB_WORKERS/INTERCOOP_WEB_THREADS say
otherwise, and says so at start."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intercoop.core.serving import capacity
from intercoop.testing.processes import child_env
from intercoop.tests.test_serve_migrates_then_serves_with_a_worker import free_port


def serve_until_listening(
    tmp_path: Path, *args: str, cpus: str | None = None, **env: str
) -> tuple[str, int]:
    """Start `intercoop serve` (on the CPUs ``cpus`` only, if given) until gunicorn listens;
    its output and how many worker processes gunicorn started."""
    port = free_port()
    command = [sys.executable, "-m", "intercoop", "serve", "--port", str(port)]
    command += ["--no-task-worker", "--no-migrate", *args]
    if cpus is not None:
        command = ["taskset", "-c", cpus, *command]
    log_path = tmp_path / f"serve-{port}.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(  # noqa: S603
            command, env=child_env(tmp_path, **env), stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 90
        while "Intercoop is running at" not in log_path.read_text():
            assert proc.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        time.sleep(1)  # the workers boot beside the master's last line
        output = log_path.read_text()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    return output, len(re.findall(r"Booting worker with pid", output))


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two cores to pick from")
def test_serve_runs_one_worker_per_core_it_may_use(tmp_path: Path) -> None:
    output, booted = serve_until_listening(tmp_path, cpus="0")
    assert "Serving with 1 worker × 4 threads (1 core found).\n" in output, output  # noqa: RUF001
    assert booted == 1, output

    output, booted = serve_until_listening(tmp_path, cpus="0,1")
    assert "Serving with 2 workers × 4 threads (2 cores found).\n" in output, output  # noqa: RUF001
    assert booted == 2, output
    # What it says comes before gunicorn starts, so before the address to open.
    assert output.index("Serving with") < output.index("Intercoop is running at")


def test_serve_says_what_set_its_workers_and_threads(tmp_path: Path) -> None:
    output, booted = serve_until_listening(
        tmp_path, "--workers", "3", cpus="0", INTERCOOP_WEB_WORKERS="2", INTERCOOP_WEB_THREADS="2"
    )
    assert (
        "Serving with 3 workers × 2 threads "  # noqa: RUF001
        "(1 core found; workers from --workers; threads from INTERCOOP_WEB_THREADS).\n"
    ) in output, output
    assert booted == 3, output


def test_options_win_over_the_environment_which_wins_over_the_cores() -> None:
    assert capacity(workers=None, threads=None, cores=6).describe() == (
        "Serving with 6 workers × 4 threads (6 cores found)."  # noqa: RUF001
    )
    # Beyond 16 cores, more processes would mostly add memory and database connections.
    assert capacity(workers=None, threads=None, cores=64).workers == 16
    from_env = capacity(workers=None, threads=None, env_workers=5, env_threads=1, cores=2)
    assert (from_env.workers, from_env.threads) == (5, 1)
    assert from_env.describe() == (
        "Serving with 5 workers × 1 thread "  # noqa: RUF001
        "(2 cores found; workers from INTERCOOP_WEB_WORKERS; threads from INTERCOOP_WEB_THREADS)."
    )
    given = capacity(workers=1, threads=8, env_workers=5, env_threads=1, cores=2)
    assert (given.workers, given.threads) == (1, 8)


def test_serve_refuses_a_zero_worker_count(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "intercoop", "serve", "--workers", "0", "--no-migrate"],
        env=child_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "--workers and --threads must be at least 1." in result.stderr + result.stdout

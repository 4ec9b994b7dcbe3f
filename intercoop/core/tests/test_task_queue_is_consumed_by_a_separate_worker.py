"""The task queue in its two real deployments, across processes: a worker process started with
`intercoop worker` consumes what another process (`intercoop taskscheck`) queues.

- embedded: huey's SQLite queue in the data directory, no server needed;
- redis: huey on the Redis server named by INTERCOOP_TEST_REDIS_URL (CI sets it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from intercoop.testing.processes import child_env
from intercoop.testing.requirements import require

_env = child_env


@contextmanager
def _worker(env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "intercoop", "worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _taskscheck(env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "intercoop", "taskscheck", "--timeout", str(timeout)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout + 30,
        check=False,
    )


def test_embedded_queue_is_consumed_by_a_worker_process(tmp_path: Path) -> None:
    env = _env(tmp_path, INTERCOOP_TASKS="embedded")
    with _worker(env):
        done = _taskscheck(env, timeout=30)
    assert done.returncode == 0, done.stderr
    assert "ok: a worker on the embedded queue answered" in done.stdout


def test_without_a_worker_the_check_fails_clearly(tmp_path: Path) -> None:
    done = _taskscheck(_env(tmp_path, INTERCOOP_TASKS="embedded"), timeout=1)
    assert done.returncode != 0
    assert "No worker answered within 1 s on the embedded queue" in done.stderr


@pytest.mark.redis
def test_redis_queue_is_consumed_by_a_worker_process(tmp_path: Path) -> None:
    url = os.environ.get("INTERCOOP_TEST_REDIS_URL", "")
    require(bool(url), "INTERCOOP_TEST_REDIS_URL is not set: the Redis task path was not tested")
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError as exc:
        require(False, f"Redis at {url} is unreachable ({exc}): the Redis task path was not tested")
    env = _env(tmp_path, INTERCOOP_TASKS="redis", INTERCOOP_REDIS_URL=url)
    with _worker(env):
        done = _taskscheck(env, timeout=30)
    assert done.returncode == 0, done.stderr
    assert "ok: a worker on the redis queue answered" in done.stdout

"""How `intercoop serve` runs gunicorn: its workers and threads, taken from the cores this process
may use unless told otherwise, and its settings. No Django import here: `bench/load.py` serves a
bare Django view with the same settings, to compare the platform with what its stack can do."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication

THREADS_PER_WORKER = 4
MAX_WORKERS = 16


def cores_found() -> int:
    """The cores this process may run on: its CPU affinity (what `taskset` or a container's
    cpuset leaves it), else the machine's count, at least 1."""
    process_cpu_count = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if process_cpu_count is not None:
        return max(1, process_cpu_count() or 1)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Capacity:
    workers: int
    threads: int
    cores: int
    # What set the workers or threads ("--workers", an environment variable), if not the cores.
    workers_from: str | None
    threads_from: str | None

    def describe(self) -> str:
        """``Serving with 2 workers \N{MULTIPLICATION SIGN} 4 threads (2 cores found).``, saying
        what set a number that the cores did not."""
        workers = f"{self.workers} worker{'' if self.workers == 1 else 's'}"
        threads = f"{self.threads} thread{'' if self.threads == 1 else 's'}"
        cores = f"{self.cores} core{'' if self.cores == 1 else 's'} found"
        given = [
            f"{what} from {source}"
            for what, source in (("workers", self.workers_from), ("threads", self.threads_from))
            if source
        ]
        sources = "; ".join([cores, *given])
        return f"Serving with {workers} \N{MULTIPLICATION SIGN} {threads} ({sources})."


def capacity(
    *,
    workers: int | None,
    threads: int | None,
    env_workers: int = 0,
    env_threads: int = 0,
    cores: int | None = None,
) -> Capacity:
    """One gunicorn worker per core (the GIL lets one process use one core), at most
    ``MAX_WORKERS``, each with ``THREADS_PER_WORKER`` threads to overlap database and network
    waits. A command-line option wins over the environment (``0`` there means "from the cores"),
    which wins over the cores."""
    cores = cores if cores is not None else cores_found()
    workers_from = threads_from = None
    if workers is not None:
        workers_from = "--workers"
    elif env_workers:
        workers, workers_from = env_workers, "INTERCOOP_WEB_WORKERS"
    else:
        workers = min(cores, MAX_WORKERS)
    if threads is not None:
        threads_from = "--threads"
    elif env_threads:
        threads, threads_from = env_threads, "INTERCOOP_WEB_THREADS"
    else:
        threads = THREADS_PER_WORKER
    return Capacity(workers, threads, cores, workers_from, threads_from)


def gunicorn_options(
    *, host: str, port: int, workers: int, threads: int, when_ready: Callable[[Any], None]
) -> dict[str, Any]:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": "-",
        "timeout": 60,
        "graceful_timeout": 20,
        "forwarded_allow_ips": "127.0.0.1,::1",
        # One instance per port, several per machine: no shared control socket.
        "control_socket_disable": True,
        "when_ready": when_ready,
    }


class Gunicorn(BaseApplication):
    """Gunicorn with these options, serving what ``load`` returns (imported in each worker)."""

    def __init__(self, options: dict[str, Any], load: Callable[[], Any]) -> None:
        self.options = options
        self._load = load
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self._load()

"""Loaded with ``-p`` before Django settings are read: gives the test run its own data directory
and runs background tasks inline, unless the environment already says otherwise.

With pytest-xdist (``make test`` runs two workers), each worker is a process of its own that
inherits the controller's environment: it gets a subdirectory of the run's data directory, so two
workers never collect static files, or write media and task queues, into the same place.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

_OWN = "INTERCOOP_TEST_OWN_DATA_DIR"

if "INTERCOOP_DATA_DIR" not in os.environ:
    _data_dir = tempfile.mkdtemp(prefix="intercoop-test-")
    os.environ["INTERCOOP_DATA_DIR"] = _data_dir
    os.environ[_OWN] = _data_dir
    atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)

_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and os.environ.get(_OWN) == os.environ["INTERCOOP_DATA_DIR"]:
    # A directory this test run made: each worker gets its own part of it (removed with it).
    _worker_dir = Path(os.environ[_OWN]) / _worker
    _worker_dir.mkdir(exist_ok=True)
    os.environ["INTERCOOP_DATA_DIR"] = str(_worker_dir)
os.environ.setdefault("INTERCOOP_TASKS", "immediate")

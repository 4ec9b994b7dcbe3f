"""Loaded with ``-p`` before Django settings are read: gives the test run its own data directory
and runs background tasks inline, unless the environment already says otherwise."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

if "INTERCOOP_DATA_DIR" not in os.environ:
    _data_dir = tempfile.mkdtemp(prefix="intercoop-test-")
    os.environ["INTERCOOP_DATA_DIR"] = _data_dir
    atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)
os.environ.setdefault("INTERCOOP_TASKS", "immediate")

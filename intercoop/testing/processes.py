"""Helpers for tests that run the `intercoop` command in a child process."""

from __future__ import annotations

import os
from pathlib import Path

# What the test process itself was given must not leak into a child meant to start afresh:
# its settings, its database, and Django switches set for the browser tests.
_PRIVATE_PREFIXES = ("INTERCOOP_", "DATABASE_", "DJANGO_")


def child_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_PRIVATE_PREFIXES)}
    env["INTERCOOP_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env

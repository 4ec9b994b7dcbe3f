"""What a test needs from the machine. Missing on a developer's machine: the test is skipped with
the reason. Missing in CI (CI is set): the test fails, so CI can never pass by skipping."""

from __future__ import annotations

import os

import pytest


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)

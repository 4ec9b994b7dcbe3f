"""The schema the API serves is the one committed in ``openapi.snapshot.json``, so every change
to the API shows up in review as a change to that file."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from intercoop.api.management.commands.openapi import SNAPSHOT, current_schema

FIX = "The API changed. If that was intended, run `make snapshot` and commit the snapshot."


def _differences(live: dict[str, Any], snapshot: dict[str, Any]) -> str:
    """Which operations and schemas differ, to make a failure readable."""
    out = []
    for section, a, b in (
        ("path", live.get("paths", {}), snapshot.get("paths", {})),
        (
            "schema",
            live.get("components", {}).get("schemas", {}),
            snapshot.get("components", {}).get("schemas", {}),
        ),
    ):
        out += [
            f"{section} {name}" for name in sorted(set(a) | set(b)) if a.get(name) != b.get(name)
        ]
    return ", ".join(out) or "elsewhere (info, security schemes…)"


@pytest.mark.django_db
def test_the_served_schema_equals_the_snapshot() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200

    live = response.json()
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))

    assert live == snapshot, f"{FIX} Differences: {_differences(live, snapshot)}."


def test_the_snapshot_file_is_byte_for_byte_what_the_command_writes() -> None:
    # So `make snapshot` on an unchanged API leaves the file untouched.
    assert SNAPSHOT.read_text(encoding="utf-8") == current_schema(), FIX

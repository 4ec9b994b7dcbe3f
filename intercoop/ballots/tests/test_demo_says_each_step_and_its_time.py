"""`make run` used to be silent for about a minute while the demo loaded: the demo command now
names each step as it starts and gives its time, then the total."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db

STEPS = [
    "organizations and their offers",
    "people and their roles",
    "governance: registers, proposals, votes, general meetings",
    "verifiable ballots: two votes and their key ceremonies",
    "verifiable labels: an issuer, a course, its holders, an endorsement",
    "exchange: suppliers' catalogues, a closed group purchase and its trace, an open one",
    "data co-operative: a members' dataset, its rows and their consents",
]


def test_each_step_is_named_with_its_time_in_order(tmp_path: Path) -> None:
    out = io.StringIO()

    with override_settings(DATA_DIR=tmp_path):
        call_command("demo", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "Loading the demo:"
    for line, label in zip(lines[1 : len(STEPS) + 1], STEPS, strict=True):
        assert re.fullmatch(rf"  {re.escape(label)}… \d+\.\d s", line), line
    assert re.match(
        r"Demo data loaded in \d+\.\d s: 1 federation, 5 co-ops, 1 supplier that is not a "
        r"co-op, 9 people\.",
        lines[len(STEPS) + 1],
    )
    labels = next(line for line in lines if line.startswith("Labels: "))
    assert "issues “Co-operative governance basics”" in labels
    assert "3 people hold it" in labels


def test_a_second_run_still_names_its_steps(tmp_path: Path) -> None:
    with override_settings(DATA_DIR=tmp_path):
        call_command("demo", stdout=io.StringIO())
        out = io.StringIO()
        call_command("demo", stdout=out)

    text = out.getvalue()
    for label in STEPS:
        assert re.search(rf"^  {re.escape(label)}… \d+\.\d s$", text, re.MULTILINE), text
    assert "Governance demo already loaded: skipped." in text

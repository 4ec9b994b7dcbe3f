"""Helpers for the generic CSV format's tests: the documented columns and example, and a
command call."""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.core.management import call_command

import intercoop
from intercoop.directory.models import ImportRun

DOC = Path(intercoop.__file__).resolve().parent.parent / "docs" / "directory.md"


def _section() -> str:
    return DOC.read_text(encoding="utf-8").split("### Generic CSV columns", 1)[1].split("\n## ")[0]


def documented_columns() -> list[str]:
    return re.findall(r"^\| `([a-z_]+)` \|", _section(), flags=re.MULTILINE)


def documented_example() -> str:
    match = re.search(r"```csv\n(.*?)```", _section(), flags=re.DOTALL)
    assert match, "the documentation's example was not found"
    return match.group(1)


def import_csv(path: Path, *options: str) -> tuple[ImportRun, str]:
    out = io.StringIO()
    call_command("import", "csv", str(path), "--no-progress", *options, stdout=out)
    return ImportRun.objects.latest("finished_at"), out.getvalue()

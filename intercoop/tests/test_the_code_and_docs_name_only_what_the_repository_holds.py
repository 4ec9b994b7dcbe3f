"""A reader of this repository has only this repository: docstrings, comments and docs name
its own files, never the steering documents it was planned from, nor issue numbers of a tracker
they cannot see (what an issue asked for is said in words, and the history is in git)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import intercoop

ROOT = Path(intercoop.__file__).resolve().parent.parent
TEXT = ("*.py", "*.md", "*.html", "*.txt", "*.toml", "*.lua", "*.mjs", "*.cfg", "Makefile", ".ci/*")
OUTSIDE = re.compile(
    r"\bissues?\s+#?\d+|\bCONVENTIONS\.md\b|\bDESIGN\.md\b|steering repository", re.IGNORECASE
)


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(  # noqa: S603
        ["git", "ls-files", "-z", "--", *TEXT],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [ROOT / name for name in listed.split("\0") if name]


def test_no_file_names_an_issue_number_or_a_steering_document() -> None:
    files = tracked_text_files()
    assert len(files) > 500  # the listing worked: the project's own files are in it
    this = Path(__file__).resolve()
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in files
        if path.resolve() != this
        for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert not found, "\n".join(found)

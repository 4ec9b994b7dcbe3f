"""Say what a long command is doing while it does it: each step's name, then its time, as in
"Loading the demo: organizations and their offers… 0.4 s"."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def step(out: Any, label: str) -> Iterator[None]:
    """Write ``label…`` at once (flushed, so it shows before the work), then the seconds it
    took, or "failed" if it raised."""
    out.write(f"{label}… ", ending="")
    out.flush()
    start = time.monotonic()
    try:
        yield
    except BaseException:
        out.write("failed")
        raise
    out.write(f"{time.monotonic() - start:.1f} s")

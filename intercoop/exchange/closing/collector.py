"""Python's cyclic garbage collector, paused while a closing's objects are made.

A large closing makes or reads back millions of small objects, none of them in a reference
cycle: the collector would walk them again and again as they are made, for nothing (about half
the time of reading a stored closing of 30,000 lines back, docs/benchmarks.md). They are freed
by their reference counts; the collector's state is restored when the block ends, however it
ends."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

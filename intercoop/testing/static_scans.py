"""WhiteNoise's scan of the static files, made once per test process rather than per test client.

Each ``django.test.Client`` builds its own request handler, and with it a new
``WhiteNoiseMiddleware``, which walks the collected static files and stats each of them and its
compressed variants: 0.15 s for every client of every test, more than a route test's own
request. A server process builds its middleware once, so this is the test suite's cost alone.
``reuse_static_file_scans`` keeps each scan's result under everything it depends on (the
directory, the URL prefix, the headers settings, the static storage and URL), and a middleware
built with the same inputs takes it instead of walking the directory again; a test that changes
any of them (``settings.STORAGES``, say) gets a scan of its own."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from whitenoise.base import WhiteNoise

_SCANS: dict[tuple[object, ...], dict[str, Any]] = {}


def _key(middleware: WhiteNoise, root: str, prefix: str) -> tuple[object, ...]:
    return (
        type(middleware),
        root,
        os.stat(root).st_mtime_ns,
        prefix,
        getattr(middleware, "static_prefix", None),
        middleware.max_age,
        middleware.allow_all_origins,
        middleware.charset,
        middleware.index_file,
        middleware.add_headers_function,
        repr(getattr(settings, "WHITENOISE_MIMETYPES", None)),
        repr(getattr(settings, "WHITENOISE_IMMUTABLE_FILE_TEST", None)),
        repr(settings.STORAGES.get("staticfiles")),
        settings.STATIC_URL,
    )


@contextmanager
def reuse_static_file_scans() -> Iterator[None]:
    original = WhiteNoise.update_files_dictionary

    def update_files_dictionary(self: WhiteNoise, root: str, prefix: str) -> None:
        key = _key(self, root, prefix)
        scanned = _SCANS.get(key)
        if scanned is None:
            before = dict(self.files)
            original(self, root, prefix)
            scanned = _SCANS[key] = {
                url: found for url, found in self.files.items() if before.get(url) is not found
            }
        else:
            self.files.update(scanned)

    WhiteNoise.update_files_dictionary = update_files_dictionary
    try:
        yield
    finally:
        WhiteNoise.update_files_dictionary = original
        _SCANS.clear()

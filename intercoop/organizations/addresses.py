"""The addresses of a co-op's pages, for pages that link to many co-ops or to many pages of one.

``reverse`` walks the URL patterns on every call: some tens of microseconds, which a search page
(a link to each result, twice) or a co-op's navigation (fourteen entries on every co-op page)
paid tens of times a request. An address that takes a co-op's slug is the same text around the
slug for every co-op, so it is reversed once per process, language and URL configuration, and
each slug is put in its place. A slug needs no quoting in an address; anything the ``<slug:…>``
converter would refuse goes through ``reverse`` as before, and fails as it did.
"""

from __future__ import annotations

import re
import threading

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# What the ``<slug:…>`` path converter accepts.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# Reversed in place of a slug, then found again in the address: it must appear there once.
_PLACEHOLDER = "Zq9-slug-placeholder-9qZ"
_MAX = 1024

_around: dict[tuple[str, str | None, str, str], tuple[str, str] | None] = {}
_lock = threading.Lock()


def _text_around(url_name: str) -> tuple[str, str] | None:
    """What comes before and after the slug in this address, now; None if it cannot be told."""
    key = (
        url_name,
        get_language(),
        get_script_prefix(),
        str(get_urlconf() or settings.ROOT_URLCONF),
    )
    try:
        return _around[key]
    except KeyError:
        pass
    path = reverse(url_name, args=[_PLACEHOLDER])
    head, _found, tail = path.partition(_PLACEHOLDER)
    around = (head, tail) if path.count(_PLACEHOLDER) == 1 else None
    with _lock:
        if len(_around) >= _MAX:
            _around.clear()
        _around[key] = around
    return around


def slug_path(url_name: str, slug: str) -> str:
    """``reverse(url_name, args=[slug])`` for an address that takes a co-op's slug alone."""
    around = _text_around(url_name)
    if around is None or not _SLUG.fullmatch(slug):
        return reverse(url_name, args=[slug])
    return around[0] + slug + around[1]

"""Public pages served from memory to visitors who are not signed in.

A page decorated with :func:`public_page` is the same for every visitor without a session: the
home page, an organization's public page. Rendering it takes milliseconds of templates and
queries; serving it again takes a dictionary lookup. So each server process keeps the last
pages it rendered for such visitors, and serves them again while they are current.

What keeps it correct:

- **Only visitors without a session.** A request that carries a session cookie (anyone signed
  in, or holding session messages) or a messages cookie is never served from, nor stored in, the
  cache. A page whose view wrote to the session, queued a message or set a cookie is not
  stored.
- **The CSRF token stays per visitor.** Pages hold forms (the language switcher, at least). The
  stored copy has a placeholder where the token was, and each visitor gets their own token, as
  Django's ``{% csrf_token %}`` would give them (``get_token``; the CSRF middleware sets its
  cookie). The CSRF check itself is unchanged.
- **Any write makes every stored page old.** Every save, delete or many-to-many change of a model
  (sessions and version history aside) moves a *generation* kept in the shared cache
  (``CACHES["default"]``: the database's cache table, or Redis), once per transaction, after it
  commits. A page stored under another generation is rendered again. Writes that send no signal
  (bulk inserts, ``QuerySet.update``, other programs writing to the database) show once the page's
  time is up: ``INTERCOOP_PAGE_CACHE_SECONDS`` (30 by default; 0 turns the cache off).
- **The key** is the scheme, the host, the language and the full path with its query, so pages
  that print their own address (the widget's code, JSON-LD) get theirs.
- The CSP, the language headers and the rest of the middleware run on every answer as before:
  only the view's work is saved.

Each process keeps at most ``MAX_PAGES`` pages (least recently used go first).
"""

from __future__ import annotations

import functools
import logging
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_migrate,
)
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

P = ParamSpec("P")
logger = logging.getLogger(__name__)

MAX_PAGES = 512
GENERATION_KEY = "intercoop:pagecache:generation"
# A page is never written with this string in it: it is made anew by each process.
_PLACEHOLDER = "\x00csrf-" + secrets.token_hex(8) + "\x00"
# What Django's {% csrf_token %} writes (django/template/defaulttags.py, CsrfTokenNode).
_CSRF_INPUT = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(">)')
# Headers the middleware adds again on every answer, and cookies, are not stored.
_NOT_STORED = {"set-cookie", "content-length"}
_MESSAGES_COOKIE = "messages"


@dataclass(frozen=True)
class _Page:
    generation: str
    expires: float
    status: int
    headers: tuple[tuple[str, str], ...]
    content: str
    charset: str
    has_csrf: bool
    attributes: tuple[tuple[str, Any], ...]


_pages: OrderedDict[tuple[str, ...], _Page] = OrderedDict()
_lock = threading.Lock()


def seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def generation() -> str:
    """The current generation, from the shared cache (set there if it has none yet)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = secrets.token_hex(8)
        # Another process may have set one meanwhile: keep theirs.
        if not cache.add(GENERATION_KEY, value, timeout=None):
            value = cache.get(GENERATION_KEY) or value
    return str(value)


def _advance() -> None:
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:
        # The write itself has committed; failing its request now would say otherwise. The
        # stored pages still go when their time is up.
        logger.exception("page cache: the generation could not be advanced")


def invalidate() -> None:
    """Make every stored page old once the current transaction commits (at once outside one)."""
    connection = transaction.get_connection()
    # Once a transaction. A callback waiting is dropped only with a savepoint rolled back, and
    # then every write since, in that savepoint, went with it.
    if connection.in_atomic_block and any(
        func is _advance for _sids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_advance)


def clear_local() -> None:
    """Forget this process's pages (tests; the generation is what other processes follow)."""
    with _lock:
        _pages.clear()


def _ignored(sender: Any) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return False
    return meta.label == "sessions.Session" or meta.model_name.startswith("historical")


def _on_write(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw") or _migrating.is_set() or _ignored(sender):
        return
    if seconds() <= 0:
        return
    # This process forgets its pages at once (a page rendered meanwhile is stored under the
    # generation that the commit then leaves behind); the others when the generation moves.
    clear_local()
    invalidate()


def connect_signals() -> None:
    """Called once from the core app's ready(): any model's write advances the generation."""
    post_save.connect(_on_write, dispatch_uid="intercoop.pagecache.save")
    post_delete.connect(_on_write, dispatch_uid="intercoop.pagecache.delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="intercoop.pagecache.m2m")
    # Migrations write data before the cache table exists; a server restarts after them.
    pre_migrate.connect(_migration_starts, dispatch_uid="intercoop.pagecache.pre_migrate")
    post_migrate.connect(_migration_ends, dispatch_uid="intercoop.pagecache.post_migrate")


_migrating = threading.Event()


def _migration_starts(**kwargs: Any) -> None:
    _migrating.set()


def _migration_ends(**kwargs: Any) -> None:
    _migrating.clear()


def _m2m_changed(sender: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        _on_write(sender, **kwargs)


def _may_use(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and _MESSAGES_COOKIE not in request.COOKIES
    )


def _key(request: HttpRequest) -> tuple[str, ...]:
    return (
        request.scheme or "",
        request.get_host(),
        get_language() or "",
        request.get_full_path(),
    )


def _view_left_state(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return True
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "_queued_messages", None):
        return True
    return bool(response.cookies)


def _store(key: tuple[str, ...], gen: str, response: HttpResponse) -> None:
    if response.status_code != 200 or response.streaming:
        return
    render = getattr(response, "render", None)
    if render is not None and not getattr(response, "is_rendered", True):
        render()
    if "no-store" in response.get("Cache-Control", "") or "private" in response.get(
        "Cache-Control", ""
    ):
        return
    charset = response.charset or settings.DEFAULT_CHARSET
    text = response.content.decode(charset)
    if _PLACEHOLDER in text:
        return
    content, n = _CSRF_INPUT.subn(lambda m: m.group(1) + _PLACEHOLDER + m.group(2), text)
    page = _Page(
        generation=gen,
        expires=time.monotonic() + seconds(),
        status=response.status_code,
        headers=tuple(
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in _NOT_STORED
        ),
        content=content,
        charset=charset,
        has_csrf=n > 0,
        attributes=tuple(
            (name, value) for name, value in vars(response).items() if name.startswith("_csp")
        ),
    )
    with _lock:
        _pages[key] = page
        _pages.move_to_end(key)
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)


def _serve(request: HttpRequest, page: _Page) -> HttpResponse:
    content = page.content
    if page.has_csrf:
        content = content.replace(_PLACEHOLDER, get_token(request))
    response = HttpResponse(content.encode(page.charset), status=page.status)
    for name, value in page.headers:
        response[name] = value
    for name, value in page.attributes:
        setattr(response, name, value)
    return response


def _lookup(key: tuple[str, ...], gen: str) -> _Page | None:
    with _lock:
        page = _pages.get(key)
        if page is None:
            return None
        if page.generation != gen or page.expires <= time.monotonic():
            del _pages[key]
            return None
        _pages.move_to_end(key)
        return page


def public_page(
    view: Callable[Concatenate[HttpRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Serve this view's page from the process's memory to visitors without a session."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if seconds() <= 0 or not _may_use(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        gen = generation()
        page = _lookup(key, gen)
        if page is not None:
            return _serve(request, page)
        response = view(request, *args, **kwargs)
        if not _view_left_state(request, response):
            _store(key, gen, response)
        return response

    return wrapper

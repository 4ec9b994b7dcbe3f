"""Rate limits beyond sign-in: creations per account, searches and exports per address, casts per
credential, failed API tokens per address.

Counted in the cache, as allauth counts failed sign-ins (the database cache by default, shared
by every server process; Redis when configured), in fixed windows, one counter a window, written
once a hit: on Redis ``cache.incr`` counts (atomic), and ``cache.add`` starts the window's
counter on its first hit; on the database cache, whose ``incr`` is itself a read and a write,
the count is read and written with the window's timeout (its ``incr`` would write it with the
cache's default of 5 minutes, and an hour's count would restart after 5 minutes without a hit).
There, as with its ``incr``, two processes counting at the same instant may count one hit for
two. The rates are settings (``RATE_LIMITS``, from ``INTERCOOP_RATE_*``), so tests and
deployments can change them.

Refusals raise ``RateLimited``, which is not a service refusal: no view's ``except ServiceError``
swallows it. The API answers it with a JSON 429, the web with a 429 page, both with
``Retry-After`` (``api.api`` and ``core.middleware.RateLimitedMiddleware``).
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.http import HttpRequest
from django.utils.translation import ngettext

from intercoop.env import Rate


class RateLimited(Exception):
    code = "rate_limited"
    status = 429

    def __init__(self, *, retry_after: int, message: str | None = None) -> None:
        self.retry_after = max(1, retry_after)
        minutes = math.ceil(self.retry_after / 60)
        self.message = message or ngettext(
            "Too many requests: try again in %(count)d minute.",
            "Too many requests: try again in %(count)d minutes.",
            minutes,
        ) % {"count": minutes}
        super().__init__(self.message)


def client_address(request: HttpRequest) -> str:
    """The caller's address as the sign-in limits see it (allauth's, which knows about trusted
    proxies); an IPv6 address stands for its /64, which one host usually holds whole."""
    from allauth.core.internal.httpkit import get_client_ip

    # allauth's adapter refuses a request with no address (403); here all such requests (a
    # server on a Unix socket, a test client) share one count instead.
    address = str(get_client_ip(request) or "unknown")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False).network_address)
    return address


def _window(scope: str, key: str, rate: Rate, now: float) -> tuple[str, int]:
    digest = hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()[:32]
    window = int(now // rate.seconds)
    retry_after = math.ceil((window + 1) * rate.seconds - now)
    return f"intercoop:rl:{scope}:{rate}:{digest}:{window}", retry_after


def rate_limit(scope: str, key: object, *, count: bool = True) -> None:
    """Counts one more ``scope`` for ``key`` (an account's id, an address, a credential) and
    raises ``RateLimited`` past the rate ``settings.RATE_LIMITS[scope]``. With ``count=False``
    it only checks that the limit is not reached yet (for failures, counted once known)."""
    rate: Rate = settings.RATE_LIMITS[scope]
    cache_key, retry_after = _window(scope, str(key), rate, time.time())
    if not count:
        if (cache.get(cache_key) or 0) >= rate.amount:
            raise RateLimited(retry_after=retry_after)
        return
    # One second more than the window: the counter outlives it, never the reverse.
    if _count(cache_key, timeout=rate.seconds + 1) > rate.amount:
        raise RateLimited(retry_after=retry_after)


def _count(cache_key: str, *, timeout: int) -> int:
    """One more hit on a window's counter, which lasts ``timeout`` seconds from its first hit
    (from its last on the database cache); the hits counted so far."""
    if isinstance(caches[DEFAULT_CACHE_ALIAS], DatabaseCache):
        used = int(cache.get(cache_key) or 0) + 1
        cache.set(cache_key, used, timeout=timeout)
        return used
    try:
        return int(cache.incr(cache_key))
    except ValueError:  # the window's first hit
        pass
    if cache.add(cache_key, 1, timeout=timeout):
        return 1
    try:  # another process started the window meanwhile
        return int(cache.incr(cache_key))
    except ValueError:  # and its counter was evicted since
        cache.add(cache_key, 1, timeout=timeout)
        return 1

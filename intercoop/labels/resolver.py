"""Whose key signed: a verification method's key, wherever its issuer is.

- an issuer of this site (``did:web:<this host>:…``): read from the database
  (``selectors.local_key``), never fetched;
- a ``did:key``: the identifier holds the key;
- a did:web of another host: its DID document is fetched over HTTPS (``vc/didweb.py``) within
  the settings' limits (``LABELS_DID_WEB_*``), and kept in the cache for a few minutes (a
  failure for one), so that the public verifier cannot be used to hammer a host.

Status lists of other hosts are fetched the same way (``fetch_document``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache

from intercoop.labels import selectors
from intercoop.labels.vc import didweb
from intercoop.labels.vc.errors import CredentialError
from intercoop.labels.vc.keys import DID_KEY, ResolvedKey, resolve_did_key

CACHE_SECONDS = 5 * 60
FAILURE_CACHE_SECONDS = 60


@dataclass(frozen=True)
class Resolution:
    key: ResolvedKey
    # Where the key was found: the URL fetched, "did:key", or None for an issuer of this site.
    source: str | None


def _this_host() -> str:
    """This site's host as its did:web writes it (``host%3Aport``), in lower case."""
    return selectors._did_prefix().split(":")[2].lower()


def is_local_did(did: str) -> bool:
    parts = did.split(":")
    return len(parts) > 2 and parts[:2] == ["did", "web"] and parts[2].lower() == _this_host()


def is_local_url(url: str) -> bool:
    try:
        parts, public = urlsplit(url), urlsplit(settings.PUBLIC_URL)
    except ValueError:
        return False
    return (parts.scheme, parts.netloc.lower()) == (public.scheme, public.netloc.lower())


def _limits(max_bytes: int) -> didweb.Limits:
    return didweb.Limits(
        timeout=float(settings.LABELS_DID_WEB_TIMEOUT),
        max_bytes=max_bytes,
        allow_private=bool(settings.LABELS_DID_WEB_ALLOW_PRIVATE),
        ca_file=settings.LABELS_DID_WEB_CA_FILE,
    )


def fetch_document(url: str, *, max_bytes: int) -> dict[str, Any]:
    """The JSON object at ``url`` (https, another host), from the cache or fetched."""
    digest = hashlib.sha256(f"{max_bytes} {url}".encode()).hexdigest()
    cache_key = f"labels:remote:{digest}"
    kept = cache.get(cache_key)
    if isinstance(kept, dict) and isinstance(kept.get("document"), dict):
        return dict(kept["document"])
    if isinstance(kept, dict) and isinstance(kept.get("error"), str):
        raise CredentialError("unknown_key", kept["error"])
    try:
        document = didweb.fetch_json(url, _limits(max_bytes))
    except CredentialError as error:
        cache.set(cache_key, {"error": error.message}, FAILURE_CACHE_SECONDS)
        raise
    cache.set(cache_key, {"document": document}, CACHE_SECONDS)
    return document


def resolve(verification_method: str) -> Resolution:
    """The key of ``verification_method`` and where it was found; ``CredentialError`` if it
    cannot be had."""
    did = verification_method.partition("#")[0]
    if did.startswith(DID_KEY):
        return Resolution(resolve_did_key(verification_method), "did:key")
    if is_local_did(did):
        return Resolution(selectors.local_key(verification_method), None)
    if not did.startswith(didweb.DID_WEB):
        raise CredentialError(
            "unknown_key",
            f"'{verification_method}': only did:web and did:key issuers are resolved",
        )
    url = didweb.did_web_url(did)
    document = fetch_document(url, max_bytes=settings.LABELS_DID_WEB_MAX_BYTES)
    return Resolution(didweb.key_from_document(document, did, verification_method), url)


def resolve_key(verification_method: str) -> ResolvedKey:
    """``resolve``'s key alone: a ``KeyResolver`` for ``dataintegrity.verify``."""
    return resolve(verification_method).key

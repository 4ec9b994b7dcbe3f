"""The platform's name and public address, as every email states them.

allauth's emails read ``current_site.name`` and ``current_site.domain`` ("Hello from
Intercoop!"); without ``django.contrib.sites`` they would name the request's host, or nothing
when a message is rendered outside a request. ``public_site()`` answers from
``INTERCOOP_PUBLIC_URL`` instead, and ``email_body_signed`` ends every message the platform
sends with the same two lines, whoever wrote its template.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

SITE_NAME = "Intercoop"
SIGNATURE_DELIMITER = "-- \n"  # the usual e-mail signature separator (RFC 3676)


@dataclass(frozen=True)
class PublicSite:
    """What allauth's templates need of a ``Site``: its name and domain; and its address."""

    name: str
    domain: str
    url: str

    def __str__(self) -> str:
        return self.domain


def public_site() -> PublicSite:
    parts = urlsplit(settings.PUBLIC_URL)
    return PublicSite(
        name=SITE_NAME, domain=parts.netloc, url=settings.PUBLIC_URL.rstrip("/") + "/"
    )


def email_signature() -> str:
    site = public_site()
    return f"{SIGNATURE_DELIMITER}{site.name}\n{site.url}\n"


def email_body_signed(body: str) -> str:
    """``body`` followed by the platform's signature, added once."""
    signature = email_signature()
    if body.endswith(signature):
        return body
    return body.rstrip("\n") + "\n\n" + signature

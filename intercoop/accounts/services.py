from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.accounts.models import ApiToken, User
from intercoop.accounts.selectors import check_token_name
from intercoop.core.errors import ServiceError

TOKEN_PREFIX_LENGTH = 8
_PREFIX = re.compile(rf"[0-9a-f]{{{TOKEN_PREFIX_LENGTH}}}")


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, user: User, name: str, expires_at: datetime | None = None) -> IssuedToken:
    name = check_token_name(name)
    prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
    secret = f"ic_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, digest=_digest(secret), expires_at=expires_at
    )
    return IssuedToken(token=token, secret=secret)


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_token_authenticate(*, secret: str) -> User | None:
    """The active user a presented token belongs to, or None for any wrong, revoked or
    expired token. Comparison is constant-time on the digest."""
    parts = secret.split("_", 2)
    # Only the shape issued tokens have reaches the database: a prefix of lower-case hex.
    # (Anything else, a NUL byte say, would otherwise be an error on PostgreSQL.)
    if len(parts) != 3 or parts[0] != "ic" or not _PREFIX.fullmatch(parts[1]):
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not secrets.compare_digest(token.digest, _digest(secret)):
        return None
    now = timezone.now()
    if token.revoked_at is not None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if not token.user.is_active:
        return None
    # Recorded at most once a minute, so busy clients do not turn every read into a write.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def user_language_set(*, user: User, language: str) -> None:
    """Record the language a person chose, so emails and later visits follow it."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ServiceError(_("This language is not offered."), code="invalid_language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])

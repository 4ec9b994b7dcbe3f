from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from intercoop.accounts.models import ApiToken, User

TOKEN_PREFIX_LENGTH = 8


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, user: User, name: str, expires_at: datetime | None = None) -> IssuedToken:
    prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
    secret = f"ic_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=prefix, digest=_digest(secret), expires_at=expires_at
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
    if len(parts) != 3 or parts[0] != "ic" or len(parts[1]) != TOKEN_PREFIX_LENGTH:
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

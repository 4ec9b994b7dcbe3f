"""Who must use multi-factor authentication."""

from __future__ import annotations

from typing import Any

from allauth.mfa.utils import is_mfa_enabled


def mfa_required(user: Any) -> bool:
    """Platform staff hold moderation and admin powers, so they must sign in with a second factor.

    Election trustees join this rule when the ballots module adds them.
    """
    return bool(user.is_authenticated and user.is_staff)


def mfa_missing(user: Any) -> bool:
    return mfa_required(user) and not is_mfa_enabled(user)

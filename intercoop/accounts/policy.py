"""Who must use multi-factor authentication."""

from __future__ import annotations

from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.apps import apps


def mfa_required(user: Any) -> bool:
    """Platform staff hold moderation and admin powers, and the trustees and the credential
    authority of an election not yet published hand in the files that make and use its keys, so
    all must sign in with a second factor."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    cache = user.__dict__
    if "_is_trustee" not in cache:
        trustee = apps.get_model("ballots", "Trustee")
        election = apps.get_model("ballots", "Election")
        cache["_is_trustee"] = (
            trustee.objects.filter(user=user).exclude(election__state="published").exists()
            or election.objects.filter(credential_authority=user)
            .exclude(state="published")
            .exists()
        )
    return bool(cache["_is_trustee"])


def mfa_missing(user: Any) -> bool:
    return mfa_required(user) and not is_mfa_enabled(user)

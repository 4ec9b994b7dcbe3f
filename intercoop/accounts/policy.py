"""Who must use multi-factor authentication."""

from __future__ import annotations

from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.apps import apps
from django.db.models import Q


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
        # One query on every signed-in request (RequireMFAMiddleware asks): an election not
        # yet published that has this person as its credential authority or as a trustee.
        trustee = apps.get_model("ballots", "Trustee")
        election = apps.get_model("ballots", "Election")
        cache["_is_trustee"] = (
            election.objects.exclude(state="published")
            .filter(
                Q(credential_authority=user)
                | Q(pk__in=trustee.objects.filter(user=user).values("election_id"))
            )
            .exists()
        )
    return bool(cache["_is_trustee"])


def mfa_missing(user: Any) -> bool:
    return mfa_required(user) and not is_mfa_enabled(user)

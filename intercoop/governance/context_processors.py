from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from intercoop.governance.selectors.proposals import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """How many notifications the signed-in person has not read, counted only if a page
    shows it (one indexed COUNT)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}

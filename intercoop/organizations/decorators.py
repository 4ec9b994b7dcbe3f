from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, authorize, authorize_moderated

View = Callable[..., HttpResponse]


def org_permission(perm: Perm, *, moderated: bool = False) -> Callable[[View], View]:
    """Load the organization named by ``slug`` and require ``perm`` on it.

    Anonymous visitors are sent to sign in; signed-in people without the permission get 403.
    With ``moderated``, platform staff pass too (``policy.can``). The view receives the
    organization in place of the slug.
    """
    check = authorize_moderated if moderated else authorize

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            organization = get_object_or_404(Organization, slug=slug)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check(request.user, perm, organization)
            return view(request, organization, *args, **kwargs)

        return wrapper

    return decorator

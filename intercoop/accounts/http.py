from __future__ import annotations

from django.http import HttpRequest

from intercoop.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request that authentication (a login_required view or an API route with ``auth=``)
    has already given a signed-in user."""

    user: User

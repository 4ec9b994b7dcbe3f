"""Who must use multi-factor authentication."""

from __future__ import annotations

import functools
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.apps import apps
from django.db import connections, router


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
        cache["_is_trustee"] = _holds_election_keys(user.pk)
    return bool(cache["_is_trustee"])


def _holds_election_keys(user_id: int) -> bool:
    """Whether an election not yet published has this person as its credential authority or
    as a trustee. RequireMFAMiddleware asks on every signed-in request, so the query is written
    once per process in SQL: building it through the ORM took about 0.4 ms of CPU a request,
    twenty times its run on SQLite."""
    election = apps.get_model("ballots", "Election")
    alias = router.db_for_read(election)
    with connections[alias].cursor() as cursor:
        cursor.execute(_election_keys_sql(alias), [election.State.PUBLISHED, user_id, user_id])
        return cursor.fetchone() is not None


@functools.cache
def _election_keys_sql(alias: str) -> str:
    election = apps.get_model("ballots", "Election")._meta
    trustee = apps.get_model("ballots", "Trustee")._meta
    q = connections[alias].ops.quote_name

    def column(meta: Any, name: str) -> str:
        return q(meta.get_field(name).column)

    # Only the models' own table and column names are formatted in; the values are parameters.
    return (
        f"SELECT 1 FROM {q(election.db_table)} WHERE {column(election, 'state')} <> %s AND "  # noqa: S608
        f"({column(election, 'credential_authority')} = %s OR {column(election, 'id')} IN "
        f"(SELECT {column(trustee, 'election')} FROM {q(trustee.db_table)} "
        f"WHERE {column(trustee, 'user')} = %s)) LIMIT 1"
    )


def mfa_missing(user: Any) -> bool:
    return mfa_required(user) and not is_mfa_enabled(user)

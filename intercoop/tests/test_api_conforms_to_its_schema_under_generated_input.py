"""Schemathesis sends generated and hostile requests to every API operation, straight into the
WSGI application, with every check it has: nothing answers 500, every status code, content type,
header and body is the one the schema declares, data the schema allows is accepted and data it
refuses is refused, and authentication is not ignored. Anonymously and with a token."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import LazySettings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks

from intercoop.accounts.services import api_token_create
from intercoop.env import Rate
from intercoop.organizations.models import Role
from intercoop.testing.factories import OrganizationFactory, RoleFactory, UserFactory
from intercoop.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

load_all_checks()
ALL_CHECKS: list[Any] = list(CHECKS.get_all())
# Responses are compressed when the client accepts it; the WSGI client would not decompress them.
IDENTITY = {"Accept-Encoding": "identity"}
# Verifying a credential answers 400 when it does not verify, as the W3C VC API says: almost every
# body the schema allows is a well-formed request for a credential that does not verify, so
# "schema-valid data is accepted" does not hold there by design. Every other check does: the 400
# is declared, its body has the declared shape (tested with real credentials in
# intercoop/labels/tests/test_anyone_verifies_a_label_baked_or_pasted.py).
# Importing a catalogue is the same: the schema says only "a JSON object", and almost none is a
# DFC catalogue, so the import refuses it with a 400 that names the problem (tested with OFN's
# files in intercoop/exchange/tests/test_a_catalogue_is_read_and_imported_through_the_api.py).
REFUSES_WHAT_DOES_NOT_VERIFY = {
    ("POST", "/api/v1/credentials/verify"),
    ("POST", "/api/v1/organizations/{org_id}/products/import"),
}


def checks_for(case: schemathesis.Case) -> list[Any]:
    if (case.method.upper(), case.operation.path) in REFUSES_WHAT_DOES_NOT_VERIFY:
        return [c for c in ALL_CHECKS if c.__name__ != "positive_data_acceptance"]
    return ALL_CHECKS


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    # Calls go straight into the WSGI app, whose request signals would close the connection
    # holding the test's transaction (on PostgreSQL); Django's test Client detaches them too.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings: LazySettings) -> None:
    # Hundreds of requests from one address and one account: the limits have their own tests.
    settings.RATE_LIMITS = {scope: Rate(1_000_000, 3600) for scope in settings.RATE_LIMITS}


@pytest.fixture
def token(db: None) -> str:
    user = UserFactory.create()
    for _ in range(2):
        RoleFactory.create(
            organization=OrganizationFactory.create(), user=user, role=Role.Name.ADMIN
        )
    return api_token_create(user=user, name="schemathesis").secret


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_operation_as_anonymous(case: schemathesis.Case) -> None:
    case.call_and_validate(headers=IDENTITY, checks=checks_for(case))


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_operation_with_a_token(case: schemathesis.Case, token: str) -> None:
    case.call_and_validate(
        headers={**IDENTITY, "Authorization": f"Bearer {token}"}, checks=checks_for(case)
    )

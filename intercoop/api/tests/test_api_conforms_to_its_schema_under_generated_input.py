"""Schemathesis sends generated and hostile requests to every API operation, straight into the
WSGI application, and checks that nothing answers 500 and every response matches the schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from intercoop.accounts.services import api_token_create
from intercoop.organizations.models import Role
from intercoop.testing.factories import OrganizationFactory, RoleFactory, UserFactory
from intercoop.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

# Business rules (a co-op has no ally category, an address is invited once) refuse some
# requests that JSON Schema cannot tell apart from good ones: those refusals are correct, so the
# "schema-valid data must be accepted" check is left out. Every other check stays: no 500, only
# documented status codes and content types, responses that match their schema.
EXCLUDED: list[Any] = [positive_data_acceptance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    # Calls go straight into the WSGI app, whose request signals would close the connection
    # holding the test's transaction (on PostgreSQL); Django's test Client detaches them too.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


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
    case.call_and_validate(excluded_checks=EXCLUDED)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_operation_with_a_token(case: schemathesis.Case, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=EXCLUDED)

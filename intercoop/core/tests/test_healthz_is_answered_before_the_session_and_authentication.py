"""``GET /healthz`` is answered by ``HealthCheckMiddleware``, before the session, language,
CSRF, authentication and MFA layers: one query (the database check), whoever asks, with the
security headers and never cached; any other method still reaches the view, which refuses it."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from intercoop.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_signed_in_staff_member_without_mfa_gets_the_answer_for_one_query() -> None:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    # Only the database check: no session, no user, no MFA or role lookup.
    assert [q["sql"] for q in queries.captured_queries] == ["SELECT 1"]
    assert "Cookie" not in response.get("Vary", "")
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_database_down_is_a_503() -> None:
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_other_methods_are_still_refused_by_the_view(method: str) -> None:
    response = getattr(Client(), method)("/healthz")
    assert response.status_code == 405

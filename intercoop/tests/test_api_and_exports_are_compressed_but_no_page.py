"""API answers and exports go out compressed to those who accept gzip; HTML pages and anything
answered to a browser's session never do (BREACH)."""

from __future__ import annotations

import gzip
import json

import pytest
from django.conf import settings
from django.test import Client

from intercoop.directory.tests.open_data import streamed
from intercoop.testing.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture(autouse=True)
def directory() -> None:
    for i in range(30):
        OrganizationFactory(name=f"Food co-op number {i}", description="Bread and vegetables " * 5)


def _body(response: object) -> bytes:
    return streamed(response) if getattr(response, "streaming", False) else response.content  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organizations?q=food",
        "/api/v1/exports/organizations.csv",
        "/api/v1/exports/organizations.geojson",
        "/api/v1/exports/organizations.jsonld",
        "/api/v1/openapi.json",
    ],
)
def test_the_api_and_the_exports_are_compressed(client: Client, path: str) -> None:
    plain = _body(client.get(path))
    response = client.get(path, headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(_body(response)) == plain
    assert len(_body(response)) < len(plain)


def test_without_accept_encoding_nothing_is_compressed(client: Client) -> None:
    response = client.get("/api/v1/organizations?q=food")
    assert not response.has_header("Content-Encoding")
    assert json.loads(response.content)["count"] == 30


@pytest.mark.parametrize("path", ["/en/", "/en/directory/?q=food", "/en/accounts/login/"])
def test_html_pages_are_never_compressed(client: Client, path: str) -> None:
    response = client.get(path, headers=GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_nothing_answered_to_a_signed_in_browser_is_compressed(client: Client) -> None:
    client.force_login(UserFactory.create())
    assert settings.SESSION_COOKIE_NAME in client.cookies
    response = client.get("/api/v1/organizations?q=food", headers=GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")

"""A body over the size limit is a 413 on every route: the API's JSON error envelope, or a page
in the reader's language; never a 500 (the API once answered ``internal_error``)."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client
from django.test.client import encode_multipart

from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db

TOO_MANY_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1


def _api(personas: Personas) -> Client:
    secret = api_token_create(user=personas.alice, name="tests").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _big_json() -> str:
    return json.dumps({"name": "x" * TOO_MANY_BYTES})


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/organizations"),
        ("patch", "/api/v1/organizations/{org}"),
        ("put", "/api/v1/organizations/{org}/offers"),
        ("post", "/api/v1/organizations/{org}/invitations"),
        ("delete", "/api/v1/organizations/{org}/invitations/1"),
    ],
)
def test_every_api_method_answers_413_in_the_json_envelope(
    personas: Personas, method: str, path: str
) -> None:
    # Given a body one byte over the limit
    url = path.format(org=personas.coop_a.pk)
    before = Organization.objects.count()
    # When it is sent with any method
    response = getattr(_api(personas), method)(url, _big_json(), content_type="application/json")
    # Then the answer is 413 in the API's error format, and nothing changed
    assert response.status_code == 413, response.content
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == "too_large"
    assert "2.5 MB" in error["message"]
    assert Organization.objects.count() == before


def test_an_anonymous_api_call_too_is_413_not_401_or_500() -> None:
    response = Client().post("/api/v1/organizations", _big_json(), content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "too large"), ("fr", "trop volumineux"), ("es", "demasiado grande")],
)
def test_a_web_form_answers_a_413_page_in_the_readers_language(
    personas: Personas, language: str, words: str
) -> None:
    client = personas.client_for("alice")
    before = Organization.objects.count()
    response = client.post(
        f"/{language}/orgs/new/",
        f"name={'x' * TOO_MANY_BYTES}&kind=coop",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert words in response.content.decode().lower()
    assert Organization.objects.count() == before


def test_a_multipart_upload_over_the_upload_limit_is_413(
    personas: Personas, settings: object
) -> None:
    settings.UPLOAD_MAX_BYTES = 1024  # type: ignore[attr-defined]
    client = personas.client_for("alice")
    body = encode_multipart("BoUnDaRy", {"file": ("x" * 2048)})
    response = client.post(
        "/en/orgs/coop-a/members/import/",
        body,
        content_type="multipart/form-data; boundary=BoUnDaRy",
    )
    assert response.status_code == 413
    assert "too large" in response.content.decode().lower()


def test_multipart_text_fields_over_the_memory_limit_are_413(personas: Personas) -> None:
    client = personas.client_for("alice")
    body = encode_multipart("BoUnDaRy", {"name": "x" * TOO_MANY_BYTES})
    response = client.post(
        "/en/orgs/new/", body, content_type="multipart/form-data; boundary=BoUnDaRy"
    )
    assert response.status_code == 413


def test_a_body_within_the_limit_still_works(personas: Personas) -> None:
    response = _api(personas).post(
        "/api/v1/organizations", {"name": "Small"}, content_type="application/json"
    )
    assert response.status_code == 201

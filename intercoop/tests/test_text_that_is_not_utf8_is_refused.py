"""Text that is not UTF-8 is refused with a clear error, and nothing is stored: it was stored
with replacement characters (U+FFFD) in place of each bad byte."""

from __future__ import annotations

import pytest
from django.test import Client
from django.test.client import encode_multipart

from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "words"), [("en", "utf-8"), ("fr", "utf-8"), ("es", "utf-8")])
def test_a_web_form_with_a_bad_byte_is_a_400_page_and_nothing_is_stored(
    personas: Personas, language: str, words: str
) -> None:
    client = personas.client_for("alice")
    before = Organization.objects.count()
    # When a form is posted with %FF, which is no UTF-8 character
    response = client.post(
        f"/{language}/orgs/new/",
        "name=Bad%FFName&kind=coop",
        content_type="application/x-www-form-urlencoded",
    )
    # Then it is refused with a page that says why, and nothing is created
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert words in response.content.decode().lower()
    assert Organization.objects.count() == before
    assert not Organization.objects.filter(name__contains="\ufffd").exists()


def test_a_bad_byte_in_the_raw_body_is_refused_too(personas: Personas) -> None:
    client = personas.client_for("alice")
    response = client.post(
        "/en/orgs/new/",
        b"name=Bad\xffName&kind=coop",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_an_api_json_body_with_a_bad_byte_is_a_400_json_error(personas: Personas) -> None:
    secret = api_token_create(user=personas.alice, name="tests").secret
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    before = Organization.objects.count()
    response = client.post(
        "/api/v1/organizations", b'{"name": "Bad\xffName"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_encoding"
    assert Organization.objects.count() == before


def test_an_api_form_body_with_a_bad_byte_is_refused(personas: Personas) -> None:
    secret = api_token_create(user=personas.alice, name="tests").secret
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    response = client.post(
        "/api/v1/organizations", "name=%FF", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_encoding"


def test_a_query_string_with_a_bad_byte_is_refused() -> None:
    response = Client().get("/api/v1/organizations?q=%FF")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_encoding"
    assert Client().get("/en/directory/?q=caf%FF").status_code == 400


def test_multipart_text_fields_are_checked_but_not_files(personas: Personas) -> None:
    client = personas.client_for("alice")
    bad = encode_multipart("BoUnDaRy", {"name": "x", "kind": "coop"}).replace(
        b"\r\n\r\nx\r\n", b"\r\n\r\nBad\xffName\r\n"
    )
    response = client.post(
        "/en/orgs/new/", bad, content_type="multipart/form-data; boundary=BoUnDaRy"
    )
    assert response.status_code == 400
    assert Organization.objects.filter(name__startswith="Bad").count() == 0


def test_good_utf8_is_accepted(personas: Personas) -> None:
    client = personas.client_for("alice")
    response = client.post(
        "/en/orgs/new/",
        "name=Caf%C3%A9+Coop%C3%A9rative&kind=coop",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    assert Organization.objects.filter(name="Café Coopérative").exists()
    assert Client().get("/api/v1/organizations?q=caf%C3%A9").status_code == 200


def test_a_files_content_may_be_any_bytes(personas: Personas) -> None:
    client = personas.client_for("alice")
    body = encode_multipart("BoUnDaRy", {"name": "Binary Coop", "kind": "coop"})
    body = body.replace(
        b"--BoUnDaRy--",
        b'--BoUnDaRy\r\nContent-Disposition: form-data; name="logo"; filename="a.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n\xff\xfe\x00\x80\r\n--BoUnDaRy--",
    )
    response = client.post(
        "/en/orgs/new/", body, content_type="multipart/form-data; boundary=BoUnDaRy"
    )
    assert response.status_code == 302
    assert Organization.objects.filter(name="Binary Coop").exists()

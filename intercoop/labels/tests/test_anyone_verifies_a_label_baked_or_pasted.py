"""A label downloads baked into a PNG or an SVG image, with its stored JSON byte for byte; anyone
uploads the image (or the JSON, or pastes it) to the verifier page and sees every check pass. A
changed credential, an image without one, a damaged or dangerous SVG, a file that is too large
or not JSON get a clear message, never a server error. The API answers as the W3C VC API."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from intercoop.conftest import Personas
from intercoop.env import Rate
from intercoop.labels import services
from intercoop.labels.models import Achievement, Credential
from intercoop.labels.tests.test_a_label_is_issued_accepted_checked_and_revoked import TEXTS
from intercoop.labels.vc.baking import bake_png, png_chunks, unbake_png, unbake_svg

pytestmark = pytest.mark.django_db

VERIFY = "/en/labels/verify/"
API = "/api/v1/credentials/verify"
# The verifier's own checks, after those of verifier.verify_credential (proof first).
OWN_CHECKS = ["fields", "schema", "directory"]


def _png(colour: str = "teal", size: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def credential(personas: Personas) -> Credential:
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    achievement = services.achievement_create(
        issuer=issuer, by=personas.alice, kind=Achievement.Kind.COURSE, texts=TEXTS
    )
    return services.credential_issue(
        achievement=achievement, by=personas.alice, email="lea@example.org", notify=False
    ).credential


def _upload(name: str, content: bytes) -> dict[str, Any]:
    return {"file": SimpleUploadedFile(name, content)}


def _checks(response: Any) -> dict[str, bool]:
    return {c.key: c.ok for c in response.context["verification"].checks}


def _all_pass(checks: dict[str, bool]) -> bool:
    keys = list(checks)
    return keys[:1] == ["proof"] and keys[-3:] == OWN_CHECKS and all(checks.values())


def _page(response: Any) -> str:
    return str(response.content.decode())


def test_a_baked_png_uploaded_to_the_verifier_passes_every_check(
    client: Client, credential: Credential
) -> None:
    download = client.get(f"/labels/credentials/{credential.uuid}/badge.png")
    baked = download.content

    verified = client.post(VERIFY, _upload("badge.png", baked))

    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert unbake_png(baked) == credential.document  # byte for byte
    Image.open(io.BytesIO(baked)).load()
    assert verified.status_code == 200
    assert _all_pass(_checks(verified))
    assert "This label is valid: every check passes." in _page(verified)
    assert 'href="/en/orgs/coop-a/"' in _page(verified)


def test_a_baked_svg_uploaded_to_the_verifier_passes_every_check(
    client: Client, credential: Credential
) -> None:
    download = client.get(f"/labels/credentials/{credential.uuid}/badge.svg")

    verified = client.post(VERIFY, _upload("badge.svg", download.content))

    assert download["Content-Type"] == "image/svg+xml"
    assert unbake_svg(download.content) == credential.document
    assert TEXTS["name_en"].encode() in download.content
    assert _all_pass(_checks(verified))


def test_the_png_is_the_achievement_s_image_when_it_has_one(
    client: Client, credential: Credential, personas: Personas
) -> None:
    achievement = credential.achievement
    achievement.image.save("a.png", ContentFile(_png("red", 12)))

    baked = client.get(f"/labels/credentials/{credential.uuid}/badge.png").content

    assert Image.open(io.BytesIO(baked)).size == (12, 12)
    assert unbake_png(baked) == credential.document


def test_an_achievement_image_already_baked_gives_way_to_a_drawn_badge(
    client: Client, credential: Credential
) -> None:
    credential.achievement.image.save("a.png", ContentFile(bake_png(_png(), "{}")))

    baked = client.get(f"/labels/credentials/{credential.uuid}/badge.png").content

    assert unbake_png(baked) == credential.document
    assert [c.type for c in png_chunks(baked)].count(b"iTXt") == 1


def test_the_svg_escapes_the_achievement_s_name(client: Client, credential: Credential) -> None:
    Achievement.objects.filter(pk=credential.achievement_id).update(
        name_en='<script>alert("x")</script> & co'
    )

    svg = client.get(f"/labels/credentials/{credential.uuid}/badge.svg").content

    assert b"<script>" not in svg
    assert b"&lt;script&gt;" in svg
    assert unbake_svg(svg) == credential.document


def test_the_label_s_page_links_its_baked_images_and_the_verifier(
    client: Client, credential: Credential
) -> None:
    page = _page(client.get(f"/en/labels/credentials/{credential.uuid}/"))

    assert f"/labels/credentials/{credential.uuid}/badge.png" in page
    assert f"/labels/credentials/{credential.uuid}/badge.svg" in page
    assert "Download it baked in a PNG image" in page
    assert 'href="/en/labels/verify/"' in page


def test_pasted_json_verifies_and_a_changed_one_does_not(
    client: Client, credential: Credential
) -> None:
    document = json.loads(credential.document)
    document["credentialSubject"]["achievement"]["name"] = "Something else"

    pasted = client.post(VERIFY, {"text": credential.document})
    tampered = client.post(VERIFY, {"text": json.dumps(document)})

    assert _all_pass(_checks(pasted))
    assert tampered.status_code == 200
    assert _checks(tampered)["proof"] is False
    assert "This label is not valid." in _page(tampered)


def test_a_revoked_label_fails_its_revocation_check(
    client: Client, credential: Credential, personas: Personas
) -> None:
    services.credential_revoke(credential=credential, by=personas.alice)

    verified = client.post(VERIFY, {"text": credential.document})

    assert [k.split(":")[0] for k, ok in _checks(verified).items() if not ok] == ["status"]


def test_a_credential_without_the_open_badges_fields_fails_those_checks(client: Client) -> None:
    verified = client.post(VERIFY, {"text": '{"@context": [], "type": "Thing"}'})

    checks = _checks(verified)
    assert verified.status_code == 200
    assert not any(checks.values())
    assert "credentialSubject.achievement" in _page(verified)
    assert "not an organization of this directory" in _page(verified)


def test_an_undefined_term_is_named(client: Client, credential: Credential) -> None:
    document = json.loads(credential.document)
    document["colour"] = "gold"

    verified = client.post(VERIFY, {"text": json.dumps(document)})

    assert _checks(verified)["proof"] is False
    assert "undefined term &#x27;colour&#x27;" in _page(verified)


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"text": "not json"}, 400, "This is not valid JSON"),
        ({"text": '{"a": 1, "a": 2}'}, 400, "duplicate key"),
        ({"text": '{"a": NaN}'}, 400, "NaN is not JSON"),
        ({"text": "[1]"}, 400, "A credential is a JSON object."),
        ({"text": "[" * 5000 + "]" * 5000}, 400, "nested too deeply"),
        ({"text": '{"a":' * 40 + "1" + "}" * 40}, 400, "nested too deeply"),
        ({}, 400, "Paste a credential or choose a file, one of the two."),
        (_upload("x.png", _png()), 400, "This image holds no credential."),
        (_upload("x.png", _png()[:-5]), 400, "This PNG image is damaged or not a PNG image."),
        (_upload("x.svg", b"<svg"), 400, "This SVG image cannot be read safely"),
        (
            _upload(
                "x.svg",
                b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
            ),
            400,
            "This SVG image cannot be read safely",
        ),
        (_upload("x.bin", b"\xff\xfe\x00"), 400, "neither JSON (UTF-8) nor a PNG or SVG"),
        (_upload("big.json", b" " * (1024 * 1024 + 1)), 400, "The file is over 1 MB."),
    ],
)
def test_bad_input_gets_a_clear_message(
    client: Client, data: dict[str, Any], status: int, message: str
) -> None:
    refused = client.post(VERIFY, data)

    assert refused.status_code == status
    assert message in _page(refused)
    assert "verification" not in refused.context


def test_the_verifier_page_is_csrf_protected(credential: Credential) -> None:
    client = Client(enforce_csrf_checks=True)

    assert client.post(VERIFY, {"text": credential.document}).status_code == 403


def test_the_verifier_is_rate_limited(
    client: Client, credential: Credential, settings: LazySettings
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "credential_verify": Rate(2, 60)}

    answers = [client.post(VERIFY, {"text": "{}"}).status_code for _ in range(3)]
    api = client.post(API, {"verifiableCredential": {}}, content_type="application/json")

    assert answers == [200, 200, 429]
    assert api.status_code == 429


# --- the API ---------------------------------------------------------------------------------


def test_the_api_answers_200_with_the_checks_when_the_credential_verifies(
    client: Client, credential: Credential
) -> None:
    body = {"verifiableCredential": json.loads(credential.document)}

    answer = client.post(API, body, content_type="application/json")

    assert answer.status_code == 200
    assert answer.json()["warnings"] == answer.json()["errors"] == []
    assert answer.json()["checks"][0] == "proof"
    assert answer.json()["checks"][-3:] == OWN_CHECKS


def test_the_api_answers_400_with_the_failed_checks_when_it_does_not(
    credential: Credential,
) -> None:
    document = json.loads(credential.document)
    document["validFrom"] = "2020-01-01T00:00:00Z"
    client = Client(enforce_csrf_checks=True)  # public: no session, no CSRF token needed

    answer = client.post(API, {"verifiableCredential": document}, content_type="application/json")

    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "not_verified"
    assert answer.json()["error"]["message"] == "The credential does not verify: Signature."
    assert answer.json()["warnings"] == []
    assert answer.json()["checks"][-3:] == OWN_CHECKS
    assert [e["check"] for e in answer.json()["errors"]] == ["proof"]
    assert answer.json()["errors"][0]["title"] == "Signature"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"not json", 400, "not_json"),
        (b'{"verifiableCredential": {"a": 1, "a": 1}}', 400, "not_json"),
        (b"[" * 5000 + b"]" * 5000, 400, "too_deep"),
        (b"\xff", 400, "invalid_encoding"),
        (b"{}", 422, "validation_error"),
        (b'{"verifiableCredential": "x"}', 422, "validation_error"),
    ],
)
def test_the_api_refuses_a_body_it_cannot_read(
    client: Client, body: bytes, status: int, code: str
) -> None:
    answer = client.post(API, body, content_type="application/json")

    assert answer.status_code == status
    assert answer.json()["error"]["code"] == code

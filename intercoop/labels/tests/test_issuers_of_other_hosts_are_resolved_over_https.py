"""A label signed by an issuer of another host (a did:web elsewhere) is checked like one of this
site's: the issuer's DID document is fetched over HTTPS, within the settings' limits, and the
verifier says where the key was found (the "resolution" check) or why it could not be had. Its
status lists are fetched the same way. Against a real HTTPS server on 127.0.0.1, which the tests
allow (``LABELS_DID_WEB_ALLOW_PRIVATE``) and whose test CA they trust."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import LazySettings
from django.test import Client

from intercoop.conftest import Personas
from intercoop.labels import services
from intercoop.labels.models import Achievement
from intercoop.labels.tests.remote_issuer import (
    Certificates,
    HttpsServer,
    RemoteIssuer,
    Served,
    make_certificates,
    serve,
    trickle,
)
from intercoop.labels.tests.test_a_label_is_issued_accepted_checked_and_revoked import TEXTS
from intercoop.labels.vc import statuslist
from intercoop.labels.verifier import Check, verify_credential

pytestmark = pytest.mark.django_db

API = "/api/v1/credentials/verify"
VERIFY = "/en/labels/verify/"


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("certificates"))


@pytest.fixture
def server(certificates: Certificates) -> Iterator[HttpsServer]:
    with serve(certificates) as running:
        yield running


@pytest.fixture
def loopback_allowed(settings: LazySettings, certificates: Certificates) -> None:
    settings.LABELS_DID_WEB_ALLOW_PRIVATE = True
    settings.LABELS_DID_WEB_CA_FILE = str(certificates.ca_file)


@pytest.fixture
def issuer(server: HttpsServer) -> RemoteIssuer:
    issuer = RemoteIssuer(server)
    issuer.publish()
    return issuer


def _by_key(checks: list[Check]) -> dict[str, Check]:
    return {c.key: c for c in checks}


def _failed(checks: list[Check]) -> list[str]:
    return [c.key for c in checks if not c.ok]


@pytest.mark.usefixtures("loopback_allowed")
def test_a_label_of_another_host_verifies_and_says_where_its_key_was_found(
    issuer: RemoteIssuer, server: HttpsServer
) -> None:
    revocation = issuer.status_list("/status/1", purpose="revocation")
    credential = issuer.credential(
        status=[statuslist.entry(list_id=revocation, purpose="revocation", index=7)]
    )

    verification = verify_credential(credential)

    assert [c.key for c in verification.checks] == [
        "proof",
        "resolution",
        "issuer",
        "dates",
        "status:revocation",
    ]
    assert verification.ok
    checks = _by_key(verification.checks)
    assert checks["resolution"].detail == server.url(issuer.document_path)
    assert str(checks["resolution"].label) == "Issuer resolution"
    assert checks["issuer"].detail == issuer.did
    assert checks["status:revocation"].detail == f"{revocation}#7"


@pytest.mark.usefixtures("loopback_allowed")
def test_the_api_checks_a_label_of_another_host(issuer: RemoteIssuer, server: HttpsServer) -> None:
    revocation = issuer.status_list("/status/1", purpose="revocation")
    credential = issuer.credential(
        status=[statuslist.entry(list_id=revocation, purpose="revocation", index=7)]
    )

    answer = Client().post(
        API, {"verifiableCredential": credential}, content_type="application/json"
    )

    assert answer.json()["checks"][:5] == [
        "proof",
        "resolution",
        "issuer",
        "dates",
        "status:revocation",
    ]
    # Every check of the credential passes; the one the API adds about this site's directory
    # says, as a warning, that the issuer is not one of its organizations: the label verifies.
    assert answer.status_code == 200, answer.content
    assert answer.json()["errors"] == []
    assert [w["check"] for w in answer.json()["warnings"]] == ["directory"]
    assert server.fetched(issuer.document_path) == 1


@pytest.mark.usefixtures("loopback_allowed")
def test_a_remote_status_list_with_the_bit_set_revokes_the_label(issuer: RemoteIssuer) -> None:
    revocation = issuer.status_list("/status/1", purpose="revocation", set_bits=(7,))
    credential = issuer.credential(
        status=[statuslist.entry(list_id=revocation, purpose="revocation", index=7)]
    )

    verification = verify_credential(credential)

    assert _failed(verification.checks) == ["status:revocation"]
    assert _by_key(verification.checks)["status:revocation"].detail == (
        f"{revocation}#7: revocation"
    )


@pytest.mark.usefixtures("loopback_allowed")
def test_a_remote_status_list_of_another_issuer_proves_nothing(
    issuer: RemoteIssuer, server: HttpsServer
) -> None:
    other = RemoteIssuer(server, path=("issuers", "other"))
    other.publish()
    revocation = other.status_list("/status/other", purpose="revocation")
    credential = issuer.credential(
        status=[statuslist.entry(list_id=revocation, purpose="revocation", index=7)]
    )

    checks = verify_credential(credential).checks

    assert _failed(checks) == ["status:revocation"]
    assert "not this credential's issuer's list" in checks[-1].detail


@pytest.mark.usefixtures("loopback_allowed")
def test_a_remote_status_list_over_plain_http_is_not_fetched(
    issuer: RemoteIssuer, server: HttpsServer
) -> None:
    issuer.status_list("/status/1", purpose="revocation")
    plain = f"http://localhost:{server.port}/status/1"
    credential = issuer.credential(
        status=[statuslist.entry(list_id=plain, purpose="revocation", index=7)]
    )

    checks = verify_credential(credential).checks

    assert _failed(checks) == ["status:revocation"]
    assert "(not HTTPS)" in checks[-1].detail
    assert server.fetched("/status/1") == 0


@pytest.mark.usefixtures("loopback_allowed")
def test_a_document_that_cannot_be_had_fails_the_resolution_not_the_signature(
    issuer: RemoteIssuer, server: HttpsServer
) -> None:
    credential = issuer.credential()
    server.routes.pop(issuer.document_path)

    verification = verify_credential(credential)
    answer = Client().post(
        API, {"verifiableCredential": credential}, content_type="application/json"
    )

    assert [(c.key, c.ok) for c in verification.checks] == [("resolution", False)]
    assert verification.checks[0].detail == f"{server.url(issuer.document_path)}: HTTP status 404"
    assert answer.status_code == 400
    assert answer.json()["errors"][0] == {
        "check": "resolution",
        "title": "Issuer resolution",
        "detail": f"{server.url(issuer.document_path)}: HTTP status 404",
    }


@pytest.mark.usefixtures("loopback_allowed")
def test_a_key_the_document_does_not_let_assert_fails_the_resolution(
    issuer: RemoteIssuer,
) -> None:
    issuer.publish({**issuer.did_document(), "assertionMethod": []})

    verification = verify_credential(issuer.credential())

    assert _failed(verification.checks) == ["resolution"]
    assert "is not in the assertionMethod" in verification.checks[0].detail


@pytest.mark.usefixtures("loopback_allowed")
def test_a_document_of_another_did_fails_the_resolution(
    issuer: RemoteIssuer, server: HttpsServer
) -> None:
    issuer.publish({**issuer.did_document(), "id": server.did("issuers", "y")})

    verification = verify_credential(issuer.credential())

    assert _failed(verification.checks) == ["resolution"]
    assert "the DID document's id is" in verification.checks[0].detail


@pytest.mark.usefixtures("loopback_allowed")
def test_a_redirect_is_not_followed(issuer: RemoteIssuer, server: HttpsServer) -> None:
    credential = issuer.credential()
    moved = "/moved/did.json"
    server.routes[moved] = server.routes.pop(issuer.document_path)
    server.routes[issuer.document_path] = Served(301, b"", {"Location": moved})

    verification = verify_credential(credential)

    assert _failed(verification.checks) == ["resolution"]
    assert "HTTP status 301" in verification.checks[0].detail
    assert "not followed" in verification.checks[0].detail
    assert server.fetched(moved) == 0


@pytest.mark.usefixtures("loopback_allowed")
def test_a_slow_server_times_out_within_the_setting(
    issuer: RemoteIssuer, server: HttpsServer, settings: LazySettings
) -> None:
    settings.LABELS_DID_WEB_TIMEOUT = 1
    credential = issuer.credential()
    server.routes[issuer.document_path] = trickle(300, 0.1)  # 30 s, a byte at a time

    verification = verify_credential(credential)

    assert _failed(verification.checks) == ["resolution"]
    assert "no complete answer within 1 s (timeout)" in verification.checks[0].detail


@pytest.mark.usefixtures("loopback_allowed")
def test_a_document_over_the_size_setting_is_refused(
    issuer: RemoteIssuer, server: HttpsServer, settings: LazySettings
) -> None:
    settings.LABELS_DID_WEB_MAX_BYTES = 2048
    issuer.publish({**issuer.did_document(), "service": [{"padding": "x" * 3000}]})

    verification = verify_credential(issuer.credential())

    assert _failed(verification.checks) == ["resolution"]
    assert "over the limit of 2048 (too large)" in verification.checks[0].detail


def test_by_default_a_private_address_is_never_asked(
    issuer: RemoteIssuer, server: HttpsServer, settings: LazySettings
) -> None:
    assert settings.LABELS_DID_WEB_ALLOW_PRIVATE is False

    verification = verify_credential(issuer.credential())

    assert _failed(verification.checks) == ["resolution"]
    assert "which is loopback" in verification.checks[0].detail
    assert "(private address)" in verification.checks[0].detail
    assert server.requests == []


@pytest.mark.usefixtures("loopback_allowed")
def test_a_document_is_kept_for_a_while_so_a_host_is_not_hammered(
    issuer: RemoteIssuer, server: HttpsServer
) -> None:
    credential = issuer.credential()

    results = [verify_credential(credential).ok for _ in range(3)]

    assert results == [True, True, True]
    assert server.fetched(issuer.document_path) == 1


@pytest.mark.usefixtures("loopback_allowed")
def test_a_failure_is_kept_too(issuer: RemoteIssuer, server: HttpsServer) -> None:
    credential = issuer.credential()
    document = server.routes.pop(issuer.document_path)

    first = verify_credential(credential)
    server.routes[issuer.document_path] = document
    second = verify_credential(credential)

    assert _failed(first.checks) == _failed(second.checks) == ["resolution"]
    assert server.fetched(issuer.document_path) == 1


@pytest.mark.usefixtures("loopback_allowed")
def test_a_signature_that_does_not_verify_still_says_where_the_key_was_found(
    issuer: RemoteIssuer, server: HttpsServer
) -> None:
    credential: dict[str, Any] = issuer.credential()
    credential["name"] = "Something else"

    checks = verify_credential(credential).checks

    assert [(c.key, c.ok) for c in checks] == [("proof", False), ("resolution", True)]
    assert checks[1].detail == server.url(issuer.document_path)


def test_an_issuer_of_this_site_is_resolved_here(personas: Personas) -> None:
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    achievement = services.achievement_create(
        issuer=issuer, by=personas.alice, kind=Achievement.Kind.COURSE, texts=TEXTS
    )
    credential = services.credential_issue(
        achievement=achievement, by=personas.alice, email="lea@example.org", notify=False
    ).credential

    checks = verify_credential(json.loads(credential.document)).checks

    assert [c.key for c in checks][:3] == ["proof", "resolution", "issuer"]
    assert _by_key(checks)["resolution"].detail == "this site"
    assert all(c.ok for c in checks)


def test_an_unknown_did_of_this_site_is_not_fetched(personas: Personas) -> None:
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    achievement = services.achievement_create(
        issuer=issuer, by=personas.alice, kind=Achievement.Kind.COURSE, texts=TEXTS
    )
    credential = services.credential_issue(
        achievement=achievement, by=personas.alice, email="lea@example.org", notify=False
    ).credential
    document = json.loads(credential.document)
    host = document["issuer"]["id"].split(":")[2]
    document["proof"]["verificationMethod"] = f"did:web:{host}:elsewhere#key-1"

    checks = verify_credential(document).checks

    assert _failed(checks) == ["resolution"]
    assert "is not an issuer of this site" in checks[0].detail


@pytest.mark.usefixtures("loopback_allowed")
def test_the_verifier_page_shows_the_resolution(issuer: RemoteIssuer, server: HttpsServer) -> None:
    page = Client().post(VERIFY, {"text": json.dumps(issuer.credential())})

    assert page.status_code == 200
    text = page.content.decode()
    assert "Issuer resolution" in text
    assert server.url(issuer.document_path) in text


@pytest.mark.usefixtures("loopback_allowed")
def test_a_label_gets_at_most_four_status_lists_of_other_hosts_fetched(
    issuer: RemoteIssuer, server: HttpsServer
) -> None:
    lists = [issuer.status_list(f"/status/{n}", purpose="revocation") for n in range(5)]
    credential = issuer.credential(
        status=[statuslist.entry(list_id=url, purpose="revocation", index=7) for url in lists]
    )

    checks = verify_credential(credential).checks

    assert _failed(checks) == ["status:revocation"]
    assert checks[-1].detail == f"{lists[4]}: more than 4 status lists of other hosts"
    assert [server.fetched(f"/status/{n}") for n in range(5)] == [1, 1, 1, 1, 0]

"""The credential core's did:web resolution (``vc/didweb.py``), against a real HTTPS server on
127.0.0.1: where a did:web's document is, the bounds of a fetch (one deadline, a size limit, no
redirect, HTTPS only, a valid certificate, public addresses only unless allowed) and what a DID
document must say for its key to be taken. No database."""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from intercoop.labels.tests.remote_issuer import (
    Certificates,
    HttpsServer,
    RemoteIssuer,
    Served,
    endless,
    json_answer,
    make_certificates,
    serve,
    trickle,
    unframed,
)
from intercoop.labels.vc import dataintegrity, didweb
from intercoop.labels.vc.errors import CredentialError
from intercoop.labels.vc.keys import public_key_of


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("certificates"))


@pytest.fixture
def server(certificates: Certificates) -> Iterator[HttpsServer]:
    with serve(certificates) as running:
        yield running


@pytest.fixture
def limits(certificates: Certificates) -> didweb.Limits:
    return didweb.Limits(timeout=5.0, allow_private=True, ca_file=str(certificates.ca_file))


@pytest.fixture
def issuer(server: HttpsServer) -> RemoteIssuer:
    issuer = RemoteIssuer(server)
    issuer.publish()
    return issuer


def _refusal(call: Any, *args: Any) -> str:
    with pytest.raises(CredentialError) as refused:
        call(*args)
    assert refused.value.code == "unknown_key"
    return refused.value.message


# --- where the document is ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("did", "url"),
    [
        ("did:web:example.org", "https://example.org/.well-known/did.json"),
        ("did:web:Example.ORG", "https://example.org/.well-known/did.json"),
        ("did:web:example.org%3A8443", "https://example.org:8443/.well-known/did.json"),
        ("did:web:example.org:issuers:x", "https://example.org/issuers/x/did.json"),
        (
            "did:web:w3c-ccg.github.io:user:alice",
            "https://w3c-ccg.github.io/user/alice/did.json",
        ),
        ("did:web:%C3%A9cole.example", "https://xn--cole-9oa.example/.well-known/did.json"),
    ],
)
def test_a_did_web_names_its_document_s_https_url(did: str, url: str) -> None:
    assert didweb.did_web_url(did) == url


@pytest.mark.parametrize(
    "did",
    [
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "did:web:",
        "did:web:example.org#key-1",
        "did:web:example.org?service=x",
        "did:web:user%40example.org",
        "did:web:user@example.org",
        "did:web:example.org/issuers",
        "did:web:example.org::x",
        "did:web:example.org:..",
        "did:web:example.org:a%2Fb",
        "did:web:example.org%3A99999",
        "did:web:example.org%3Ahttps",
        "did:web:%5B%3A%3A1%5D",
        "did:web:exa mple.org",
        "did:web:école.example",
        "did:web:%FF.example",
        "did:web:-bad-.example",
    ],
)
def test_a_malformed_did_web_is_refused(did: str) -> None:
    assert _refusal(didweb.did_web_url, did)


# --- a fetch and its bounds -----------------------------------------------------------------------


def test_a_did_document_is_fetched_and_its_key_read(
    issuer: RemoteIssuer, server: HttpsServer, limits: didweb.Limits
) -> None:
    key = didweb.resolve_did_web(issuer.verification_method, limits)

    assert key.public_key == public_key_of(issuer.seed)
    assert key.controller == issuer.did
    # The name went on the wire as the Host header and in SNI, though the connection went to the
    # address checked: the certificate was checked for the name.
    assert server.requests == [
        (issuer.document_path, f"localhost:{server.port}", "localhost"),
    ]


def test_a_server_that_trickles_is_cut_off_at_the_deadline(
    server: HttpsServer, limits: didweb.Limits
) -> None:
    # A byte every 0.1 s for 30 s: every read gets something, so only a deadline for the whole
    # exchange (1 s here) stops it; without one, the answer would end cut short after 30 s.
    server.routes["/slow/did.json"] = trickle(300, 0.1)

    message = _refusal(
        didweb.fetch_json, server.url("/slow/did.json"), dataclasses.replace(limits, timeout=1.0)
    )

    assert "(timeout)" in message
    assert "within 1 s" in message


def test_a_document_over_the_size_limit_is_refused(
    server: HttpsServer, limits: didweb.Limits
) -> None:
    server.routes["/big/did.json"] = json_answer({"padding": "x" * 70_000})

    message = _refusal(didweb.fetch_json, server.url("/big/did.json"), limits)

    assert "70015 bytes, over the limit of 65536 (too large)" in message


def test_reading_stops_past_the_limit_when_the_answer_gives_no_length(
    server: HttpsServer, limits: didweb.Limits
) -> None:
    # 800 MB that never end: reading stops past the limit, long before the deadline.
    server.routes["/endless/did.json"] = endless()

    message = _refusal(didweb.fetch_json, server.url("/endless/did.json"), limits)

    assert "over the limit of 65536 bytes (too large)" in message


@pytest.mark.parametrize("chunked", [False, True])
def test_an_answer_without_a_length_is_read_to_its_end(
    issuer: RemoteIssuer, server: HttpsServer, limits: didweb.Limits, chunked: bool
) -> None:
    body = json.dumps(issuer.did_document()).encode()
    server.routes[issuer.document_path] = unframed(body, chunked=chunked)

    key = didweb.resolve_did_web(issuer.verification_method, limits)

    assert key.public_key == public_key_of(issuer.seed)


@pytest.mark.parametrize(
    ("served", "cause"),
    [
        (Served(404, b"not here"), "HTTP status 404"),
        (Served(500, b"oops"), "HTTP status 500"),
        (Served(200, b"<html>a page</html>"), "the document is not JSON"),
        (Served(200, b"[1, 2]"), "the document is not a JSON object"),
        (Served(200, b'{"id": 1, "id": 2}'), "duplicate key 'id'"),
        (Served(200, b'{"a": NaN}'), "NaN is not JSON"),
        (Served(200, b'{"a": "\xff"}'), "the document is not JSON"),
        (Served(200, b"{}", {"Content-Encoding": "gzip"}), "the answer is compressed (gzip)"),
    ],
)
def test_an_answer_that_is_not_a_json_object_is_refused_with_its_cause(
    server: HttpsServer, limits: didweb.Limits, served: Served, cause: str
) -> None:
    server.routes["/bad/did.json"] = served

    assert cause in _refusal(didweb.fetch_json, server.url("/bad/did.json"), limits)


def test_a_redirect_is_not_followed(
    issuer: RemoteIssuer, server: HttpsServer, limits: didweb.Limits
) -> None:
    server.routes["/moved/did.json"] = Served(302, b"", {"Location": issuer.document_path})

    message = _refusal(didweb.fetch_json, server.url("/moved/did.json"), limits)

    assert f"HTTP status 302, a redirect to '{issuer.document_path}', which is not followed" in (
        message
    )
    assert server.fetched(issuer.document_path) == 0


@pytest.mark.parametrize(
    ("url", "cause"),
    [
        ("http://localhost/did.json", "not HTTPS"),
        ("ftp://localhost/did.json", "not HTTPS"),
        ("https://user:secret@localhost/did.json", "user name"),
        ("https://localhost:notaport/did.json", "is not a URL"),
    ],
)
def test_only_plain_https_addresses_are_fetched(
    limits: didweb.Limits, url: str, cause: str
) -> None:
    assert cause in _refusal(didweb.fetch_json, url, limits)


def test_a_plain_http_server_is_never_asked(server: HttpsServer, limits: didweb.Limits) -> None:
    message = _refusal(didweb.fetch_json, f"http://localhost:{server.port}/x/did.json", limits)

    assert "only https:// addresses are fetched (not HTTPS)" in message
    assert server.requests == []


def test_a_certificate_the_system_does_not_trust_is_refused(
    issuer: RemoteIssuer, server: HttpsServer
) -> None:
    # The system's trust store, not the test CA.
    limits = didweb.Limits(timeout=2.0, allow_private=True)

    message = _refusal(didweb.fetch_json, server.url(issuer.document_path), limits)

    assert "(bad certificate)" in message
    assert server.requests == []


def test_a_ca_bundle_that_cannot_be_read_is_named(
    issuer: RemoteIssuer, server: HttpsServer, tmp_path: Path
) -> None:
    limits = didweb.Limits(allow_private=True, ca_file=str(tmp_path / "missing.pem"))

    message = _refusal(didweb.fetch_json, server.url(issuer.document_path), limits)

    assert "missing.pem' cannot be read" in message
    assert server.requests == []


def test_a_private_address_is_refused_unless_allowed(
    issuer: RemoteIssuer, server: HttpsServer, certificates: Certificates
) -> None:
    limits = didweb.Limits(timeout=2.0, ca_file=str(certificates.ca_file))

    message = _refusal(didweb.resolve_did_web, issuer.verification_method, limits)

    assert "which is loopback" in message
    assert "(private address)" in message
    assert server.requests == []


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),  # noqa: S104 -- an address refused, not bound
        ("::ffff:127.0.0.1", "loopback"),
        ("100.64.0.1", "not public"),
        ("240.0.0.1", "reserved"),
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
    ],
)
def test_only_public_addresses_are_connected_to(address: str, problem: str | None) -> None:
    assert didweb._address_problem(address) == problem


# --- what the DID document must say ---------------------------------------------------------------


def _method(issuer: RemoteIssuer, **changes: Any) -> dict[str, Any]:
    method = issuer.did_document()["verificationMethod"][0]
    return {**method, **changes}


def test_the_document_s_id_must_be_the_did(
    issuer: RemoteIssuer, limits: didweb.Limits, server: HttpsServer
) -> None:
    issuer.publish({**issuer.did_document(), "id": server.did("issuers", "someone-else")})

    message = _refusal(didweb.resolve_did_web, issuer.verification_method, limits)

    assert f"the DID document's id is '{server.did('issuers', 'someone-else')}'" in message


def test_a_key_not_in_assertion_method_may_not_sign(
    issuer: RemoteIssuer, limits: didweb.Limits
) -> None:
    issuer.publish({**issuer.did_document(), "assertionMethod": []})

    message = _refusal(didweb.resolve_did_web, issuer.verification_method, limits)

    assert "is not in the assertionMethod" in message


def test_a_key_controlled_by_another_did_is_refused(
    issuer: RemoteIssuer, limits: didweb.Limits
) -> None:
    method = _method(issuer, controller="did:web:elsewhere.example")
    issuer.publish({**issuer.did_document(), "verificationMethod": [method]})

    message = _refusal(didweb.resolve_did_web, issuer.verification_method, limits)

    assert "is controlled by 'did:web:elsewhere.example'" in message


def test_a_key_missing_from_the_document_is_named(
    issuer: RemoteIssuer, limits: didweb.Limits
) -> None:
    message = _refusal(didweb.resolve_did_web, f"{issuer.did}#key-9", limits)

    assert f"'{issuer.did}#key-9' is not in the DID document" in message


def test_relative_ids_embedded_methods_and_json_web_keys_are_read(
    issuer: RemoteIssuer, limits: didweb.Limits
) -> None:
    # A relative id in assertionMethod; the key as a JsonWebKey (OKP, Ed25519) embedded in it.
    public = public_key_of(issuer.seed)
    x = base64.urlsafe_b64encode(public).decode().rstrip("=")
    embedded = {
        "id": "#key-1",
        "type": "JsonWebKey",
        "controller": issuer.did,
        "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": x},
    }
    issuer.publish({"id": issuer.did, "assertionMethod": [embedded]})

    key = didweb.resolve_did_web(issuer.verification_method, limits)

    assert key.public_key == public
    signed = issuer.credential()
    assert dataintegrity.verify(
        signed, resolve_key=lambda vm: didweb.resolve_did_web(vm, limits)
    ).controller == (issuer.did)


@pytest.mark.parametrize(
    "changes",
    [
        {"type": "Ed25519VerificationKey2018"},
        {"publicKeyMultibase": "zNotBase58!"},
        {"publicKeyMultibase": "z" + "2" * 200},
        {
            "type": "JsonWebKey2020",
            "publicKeyJwk": {"kty": "EC", "crv": "P-256", "x": "a", "y": "b"},
        },
        {
            "type": "JsonWebKey2020",
            "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "short"},
        },
        {
            "type": "JsonWebKey2020",
            "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "A" * 43, "d": "A" * 43},
        },
    ],
)
def test_a_key_that_is_not_an_ed25519_public_key_is_refused(
    issuer: RemoteIssuer, limits: didweb.Limits, changes: dict[str, Any]
) -> None:
    issuer.publish({**issuer.did_document(), "verificationMethod": [_method(issuer, **changes)]})

    assert _refusal(didweb.resolve_did_web, issuer.verification_method, limits)

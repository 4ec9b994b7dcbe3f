"""The W3C VC Data Model 2.0 test suite's inputs, sent as the suite sends them.

A credential goes to ``POST /api/v1/credentials/issue``, as the suite sends it to an issuer: its
``issuer`` set to ours first (the string, or the object's ``id``), and its date placeholders
replaced. A presentation goes to ``POST /api/v1/presentations/prove``, a holder's endpoint: its
``holder`` set to ours (the string, or the object's ``id``), and, as the suite's ``createVp``
does, each of its credentials without a proof issued first (its issuer set to ours) so that it
is secured by its own proof. Every ``-ok`` input is issued or proved (201), and the document
returned verifies with the key of our issuer; every ``-fail`` input (``-fail-or-inject`` too:
neither endpoint injects contexts) is refused with a 4xx whose message names its problem.

The self-asserted presentations (``presentation-self-asserted-vc-*``) are about credentials that
only the presentation's proof secures: they are sent as they are, the suite's own key
(``did:key:z6MkpJy…``, its ``localIssuer``) standing for ours. The VC Data Model 2.0
("Presentations Including Holder Claims") says such a presentation must have a holder, and the
credential's issuer must be that holder; the suite's tests expect ``-vc-ok`` to verify and the
three others (named neither ``-ok`` nor ``-fail``) to be rejected: here they are refused, each
naming its problem (``-holder-mismatch`` because its holder, ``did:example:alice``, is not ours:
a holder endpoint signs only as its own holder).

The inputs are read from the checkout's ``../shared/standards``, never the network."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.labels import selectors, services
from intercoop.labels.tests.conftest import with_mfa
from intercoop.labels.tests.vectors import STANDARDS
from intercoop.labels.vc import dataintegrity

pytestmark = pytest.mark.django_db

SUITE = STANDARDS / "vc-data-model-2.0-test-suite" / "tests" / "input"
INPUTS = sorted(SUITE.rglob("*.json"))

# The inputs about a malformed issuer: the suite sends them as they are.
KEEPS_ITS_ISSUER = {
    "credential-issuer-no-url-fail.json",
    "credential-issuer-null-fail.json",
    "credential-issuer-object-id-no-url-fail.json",
    "credential-issuer-object-id-null-fail.json",
}

# For each -fail input: a word (or a few) of the problem that the answer's message must name.
REFUSED: dict[str, str] = {
    "credential-context-combo3-fail.json": "https ://not-a-url/contexts/example/v1",
    "credential-context-combo4-fail.json": "@context",
    "credential-evidence-missing-type-fail.json": "evidence must have a type",
    "credential-id-multi-fail.json": "id must be a single URL",
    "credential-id-nonidentifier-fail.json": "id must be a single URL: null",
    "credential-id-not-url-fail.json": "id must be a single URL: https ://not-a-url",
    "credential-id-subject-multi-fail.json": "credentialSubject.id must be a single URL",
    "credential-issuer-no-url-fail.json": "issuer must be a URL",
    "credential-issuer-null-fail.json": "issuer must be a URL",
    "credential-issuer-object-id-no-url-fail.json": "issuer must be a URL",
    "credential-issuer-object-id-null-fail.json": "issuer must be a URL",
    "credential-missing-base-context-fail-or-inject.json": "first @context",
    "credential-missing-required-type-fail.json": "VerifiableCredential",
    "credential-no-context-fail-or-inject.json": "first @context",
    # Named so by the suite; its problem is a subject without claims.
    "credential-no-issuer-fail.json": "credentialSubject must be an object with claims",
    "credential-no-subject-fail.json": "no credentialSubject",
    "credential-no-type-fail.json": "VerifiableCredential",
    "credential-proof-missing-type-fail.json": "proof must have a type",
    "credential-redef-type-fail.json": "protected term",
    "credential-redef-type2-fail.json": "protected term",
    "credential-refresh-no-type-fail.json": "refreshService must have a type",
    "credential-schema-no-id-fail.json": "credentialSchema must have an id",
    "credential-schema-no-type-fail.json": "credentialSchema must have a type",
    "credential-schema-non-url-id-fail.json": "credentialSchema.id must be a single URL",
    "credential-status-missing-type-fail.json": "credentialStatus must have a type",
    "credential-status-multiple-id-fail.json": "credentialStatus.id must be a single URL",
    "credential-status-nonurl-id-fail.json": "credentialStatus.id must be a single URL",
    "credential-status-type-nonurl-fail.json": "credentialStatus must have a type",
    "credential-subject-multiple-empty-fail.json": "credentialSubject must be an object with",
    "credential-subject-no-claims-fail.json": "credentialSubject must be an object with claims",
    "credential-termsofuse-missing-type-fail.json": "termsOfUse must have a type",
    "credential-termsofuse-no-type-fail.json": "termsOfUse must have a type",
    "credential-type-mapped-nonurl-fail.json": "absolute IRI",
    # The term the JSON-LD processor stops at: "@vocab": null leaves the type unmapped.
    "credential-type-unmapped-fail.json": "@vocab",
    "credential-validUntil-validFrom-fail.json": "validUntil must not be before validFrom",
    "credential-validfrom-invalid-fail.json": "validFrom must be an XML Schema date and time",
    "credential-validuntil-invalid-fail.json": "validUntil must be an XML Schema date and time",
    "credential-description-extra-prop-en-fail.json": "description must be a string or a language",
    "credential-name-extra-prop-en-fail.json": "name must be a string or a language value",
    "issuer-description-extra-prop-en-fail.json": "issuer.description must be a string",
    "issuer-name-extra-prop-en-fail.json": "issuer.name must be a string",
}

# The suite's own key, which its inputs name as the holder or the issuer: ours stands for it.
SUITE_KEY = "did:key:z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj"
# The presentations about a malformed or missing holder: sent with theirs.
KEEPS_ITS_HOLDER = {
    "presentation-holder-fail.json",
    "presentation-holder-name-fail.json",
    "presentation-holder-object-fail.json",
    "presentation-self-asserted-vc-holder-mismatch.json",
    "presentation-self-asserted-vc-no-holder.json",
}
# For each presentation that is not -ok: a few words of the problem the message must name.
PRESENTATION_REFUSED: dict[str, str] = {
    "presentation-context-order-fail.json": "first @context",
    "presentation-enveloped-vc-missing-type-fail.json": (
        "verifiableCredential[0]: An enveloped credential's type must be "
        "EnvelopedVerifiableCredential"
    ),
    "presentation-holder-fail.json": "holder must be a URL",
    "presentation-holder-name-fail.json": "holder must be a URL, or an object whose id is a URL",
    "presentation-holder-object-fail.json": "holder must be a URL",
    "presentation-missing-base-context-fail.json": "first @context",
    "presentation-missing-required-type-fail.json": "type must include VerifiablePresentation",
    "presentation-no-context-fail-or-inject.json": "first @context",
    "presentation-no-type-fail.json": "type must include VerifiablePresentation",
    "presentation-vc-as-string-fail.json": "verifiableCredential[0] must be an object",
    "presentation-vc-missing-required-type-fail.json": (
        "verifiableCredential[0]: The type must include VerifiableCredential"
    ),
    "presentation-self-asserted-vc-holder-mismatch.json": (
        "did:example:alice is not an issuer of this site"
    ),
    "presentation-self-asserted-vc-issuer-mismatch.json": (
        "its issuer (did:example:alice) must be the holder"
    ),
    "presentation-self-asserted-vc-no-holder.json": "The presentation has no holder",
}
CHALLENGE = {"challenge": "u0123456789abcdef", "domain": "partner.example"}


def _case(path: Path) -> Any:
    return pytest.param(path, id=str(path.relative_to(SUITE)))


def _as_sent(path: Path, did: str) -> dict[str, Any]:
    """The input as the suite sends it: our issuer, and the dates put in."""
    now = timezone.now().replace(microsecond=0)
    text = path.read_text(encoding="utf-8")
    text = text.replace("FUTURE DATE", (now + timedelta(days=365)).isoformat())
    text = text.replace("PAST DATE", (now - timedelta(days=365)).isoformat())
    credential: dict[str, Any] = json.loads(text)
    if path.name not in KEEPS_ITS_ISSUER:
        if isinstance(credential.get("issuer"), dict):
            credential["issuer"]["id"] = did
        else:
            credential["issuer"] = did
    return credential


def _presentation_as_sent(client: Client, path: Path, did: str) -> dict[str, Any]:
    """The presentation as the suite sends it: our holder, its credentials secured first."""
    text = path.read_text(encoding="utf-8")
    self_asserted = path.name.startswith("presentation-self-asserted-")
    if self_asserted:
        text = text.replace(SUITE_KEY, did)
    presentation: dict[str, Any] = json.loads(text)
    if path.name not in KEEPS_ITS_HOLDER:
        if isinstance(presentation.get("holder"), dict):
            presentation["holder"]["id"] = did
        else:
            presentation["holder"] = did
    if path.name.endswith("-ok.json") and not self_asserted:
        presentation["verifiableCredential"] = [
            _issued(client, {**entry, "issuer": did})
            if entry.get("type") != "EnvelopedVerifiableCredential"
            else entry
            for entry in presentation.get("verifiableCredential", [])
        ]
        if not presentation["verifiableCredential"]:
            del presentation["verifiableCredential"]
    return presentation


def _issued(client: Client, credential: dict[str, Any]) -> dict[str, Any]:
    response = client.post(
        "/api/v1/credentials/issue", {"credential": credential}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    issued: dict[str, Any] = response.json()["verifiableCredential"]
    return issued


@pytest.fixture
def issuing(personas: Personas) -> tuple[Client, str]:
    with_mfa(personas.alice)
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    secret = api_token_create(user=personas.alice, name="suite").secret
    return Client(headers={"Authorization": f"Bearer {secret}"}), selectors.issuer_did(issuer)


CREDENTIALS = [p for p in INPUTS if not p.name.startswith("presentation-")]
PRESENTATIONS = [p for p in INPUTS if p.name.startswith("presentation-")]


def test_every_input_has_its_expectation() -> None:
    assert len(CREDENTIALS) > 90
    assert len(PRESENTATIONS) == 25
    assert {p.name for p in CREDENTIALS if "-fail" in p.name} == set(REFUSED)
    assert {p.name for p in PRESENTATIONS if not p.name.endswith("-ok.json")} == set(
        PRESENTATION_REFUSED
    )


@pytest.mark.parametrize("path", [_case(p) for p in CREDENTIALS])
def test_the_suite_input_is_issued_or_refused(issuing: tuple[Client, str], path: Path) -> None:
    client, did = issuing
    credential = _as_sent(path, did)

    response = client.post(
        "/api/v1/credentials/issue",
        {"credential": credential, "options": {}},
        content_type="application/json",
    )

    name = path.name
    if "-fail" in name:
        assert 400 <= response.status_code < 500, response.content
        assert REFUSED[name] in response.json()["error"]["message"]
        return
    assert response.status_code == 201, response.content
    signed = response.json()["verifiableCredential"]
    found = dataintegrity.verify_proof_set(signed, resolve_key=selectors.local_key)
    (proof,) = found.verified
    assert proof.controller == did
    assert proof.verification_method == f"{did}#key-1"
    assert proof.proof_purpose == "assertionMethod"
    ours = signed["proof"][-1] if isinstance(signed["proof"], list) else signed["proof"]
    assert ours["cryptosuite"] == "eddsa-rdfc-2022"
    if "proof" in credential:
        # A proof set: the proof it came with is kept as it was, beside ours, and named as one
        # this site cannot check.
        assert signed["proof"] == [credential["proof"], ours]
        assert found.unchecked == ["Ed25519Signature2020"]
    else:
        assert found.unchecked == []
    assert {k: v for k, v in signed.items() if k != "proof"} == {
        k: v for k, v in credential.items() if k != "proof"
    }


@pytest.mark.parametrize("path", [_case(p) for p in PRESENTATIONS])
def test_the_suite_presentation_is_proved_or_refused(
    issuing: tuple[Client, str], path: Path
) -> None:
    client, did = issuing
    presentation = _presentation_as_sent(client, path, did)

    response = client.post(
        "/api/v1/presentations/prove",
        {"presentation": presentation, "options": CHALLENGE},
        content_type="application/json",
    )

    name = path.name
    if name in PRESENTATION_REFUSED:
        assert 400 <= response.status_code < 500, response.content
        assert PRESENTATION_REFUSED[name] in response.json()["error"]["message"]
        return
    assert response.status_code == 201, response.content
    signed = response.json()["verifiablePresentation"]
    proof = dataintegrity.verify(
        signed, resolve_key=selectors.local_key, expected_proof_purpose="authentication"
    )
    assert proof.controller == did
    assert proof.verification_method == f"{did}#key-1"
    assert {k: signed["proof"][k] for k in CHALLENGE} == CHALLENGE
    assert signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert {k: v for k, v in signed.items() if k != "proof"} == presentation
    # Each credential it holds keeps its own proof, which still verifies: the presentation's
    # proof covers them without changing them.
    for entry in presentation.get("verifiableCredential", []):
        if "proof" in entry:
            assert dataintegrity.verify(entry, resolve_key=selectors.local_key).controller == did

"""The W3C VC Data Model 2.0 test suite's inputs, sent to ``POST /api/v1/credentials/issue`` as
the suite sends them to an issuer: its ``issuer`` set to ours first (the string, or the object's
``id``), and its date placeholders replaced. Every ``-ok`` input is issued (201), and the
credential returned verifies with the key of our issuer; every ``-fail`` input (``-fail-or-inject``
too: this issuer does not inject contexts) is refused with a 4xx whose message names its
problem. The inputs are read from the checkout's ``../shared/standards``, never the network."""

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
    "credential-proof-missing-type-fail.json": "already has a proof",
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

PRESENTATION = (
    "a verifiable presentation: the suite sends presentations to a holder's presentation "
    "endpoints, and this endpoint issues credentials only (it answers 400: its type has no "
    "VerifiableCredential)"
)
# Inputs this issuer does not honour on purpose, each with its reason.
NOT_HONOURED: dict[str, str] = {
    "credential-proof-ok.json": (
        "it already has a proof (Ed25519Signature2020): this endpoint signs a credential "
        "without one and refuses the rest, naming the proof"
    ),
}


def _case(path: Path) -> Any:
    name = path.name
    marks = []
    if name in NOT_HONOURED:
        marks.append(pytest.mark.xfail(strict=True, reason=NOT_HONOURED[name]))
    elif name.startswith("presentation-") and "-fail" not in name:
        marks.append(pytest.mark.xfail(strict=True, reason=PRESENTATION))
    return pytest.param(path, id=str(path.relative_to(SUITE)), marks=marks)


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


@pytest.fixture
def issuing(personas: Personas) -> tuple[Client, str]:
    with_mfa(personas.alice)
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    secret = api_token_create(user=personas.alice, name="suite").secret
    return Client(headers={"Authorization": f"Bearer {secret}"}), selectors.issuer_did(issuer)


def test_every_input_has_its_expectation() -> None:
    assert len(INPUTS) > 100
    fails = {p.name for p in INPUTS if "-fail" in p.name and not p.name.startswith("presentation-")}
    assert fails == set(REFUSED)


@pytest.mark.parametrize("path", [_case(p) for p in INPUTS])
def test_the_suite_input_is_issued_or_refused(issuing: tuple[Client, str], path: Path) -> None:
    client, did = issuing
    credential = _as_sent(path, did)

    response = client.post(
        "/api/v1/credentials/issue",
        {"credential": credential, "options": {}},
        content_type="application/json",
    )

    name = path.name
    if name.startswith("presentation-") and "-fail" in name:
        assert response.status_code == 400, response.content
        assert "VerifiableCredential" in response.json()["error"]["message"]
    elif "-fail" in name:
        assert 400 <= response.status_code < 500, response.content
        assert REFUSED[name] in response.json()["error"]["message"]
    else:
        assert response.status_code == 201, response.content
        signed = response.json()["verifiableCredential"]
        proof = dataintegrity.verify(signed, resolve_key=selectors.local_key)
        assert proof.controller == did
        assert proof.verification_method == f"{did}#key-1"
        assert proof.proof_purpose == "assertionMethod"
        assert signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
        assert {k: v for k, v in signed.items() if k != "proof"} == credential

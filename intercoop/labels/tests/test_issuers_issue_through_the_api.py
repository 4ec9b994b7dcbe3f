"""``POST /api/v1/credentials/issue``: who may issue in an issuer's name (a token of someone who
may issue labels in its organization, with two-factor authentication), and what is refused
before anything is signed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from intercoop.accounts.models import User
from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.env import Rate
from intercoop.labels import selectors, services
from intercoop.labels.tests.conftest import with_mfa
from intercoop.labels.vc import dataintegrity

pytestmark = pytest.mark.django_db

ISSUE = "/api/v1/credentials/issue"


@pytest.fixture
def did(personas: Personas) -> str:
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    return selectors.issuer_did(issuer)


def credential(issuer: Any) -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2",
        ],
        "type": ["VerifiableCredential", "ExampleMembershipCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:member", "memberOf": "Co-op A"},
    }


def client_of(user: User | None) -> Client:
    if user is None:
        return Client(enforce_csrf_checks=True)
    secret = api_token_create(user=user, name="tests").secret
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})


def issue(user: User | None, body: dict[str, Any]) -> Any:
    return client_of(user).post(ISSUE, json.dumps(body), content_type="application/json")


def error_of(response: Any) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


def test_without_a_token_the_answer_is_401(did: str) -> None:
    assert error_of(issue(None, {"credential": credential(did)})) == (401, "not_authenticated")


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_someone_who_may_not_issue_labels_in_the_organization_gets_403(
    personas: Personas, did: str, who: str
) -> None:
    user = with_mfa(getattr(personas, who))

    assert error_of(issue(user, {"credential": credential(did)})) == (403, "forbidden")


def test_an_administrator_without_two_factor_authentication_gets_403(
    personas: Personas, did: str
) -> None:
    response = issue(personas.alice, {"credential": credential(did)})

    assert error_of(response) == (403, "mfa_required")
    assert "two-factor" in response.json()["error"]["message"]


@pytest.mark.parametrize("as_object", [False, True])
def test_the_administrator_with_two_factor_authentication_gets_it_signed(
    personas: Personas, did: str, as_object: bool
) -> None:
    sent = credential({"id": did, "name": "Co-op A"} if as_object else did)

    response = issue(with_mfa(personas.alice), {"credential": sent, "options": {}})

    assert response.status_code == 201, response.content
    signed = response.json()["verifiableCredential"]
    proof = dataintegrity.verify(signed, resolve_key=selectors.local_key)
    assert (proof.controller, proof.proof_purpose) == (did, "assertionMethod")
    assert proof.verification_method == f"{did}#key-1"
    assert signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert signed["proof"]["created"].endswith("Z")
    assert {k: v for k, v in signed.items() if k != "proof"} == sent


def test_it_is_signed_by_the_current_key_after_a_rotation(personas: Personas, did: str) -> None:
    issuer = selectors.issuer_by_path("coop-a")
    assert issuer is not None
    services.issuer_key_rotate(issuer=issuer, by=personas.alice)

    response = issue(with_mfa(personas.alice), {"credential": credential(did)})

    assert response.json()["verifiableCredential"]["proof"]["verificationMethod"] == (
        f"{did}#key-2"
    )


@pytest.mark.parametrize(
    ("make", "expected", "words"),
    [
        (lambda did: credential("did:web:elsewhere.example:labels:issuers:x"), 404, "issuer of"),
        (
            # The contexts map every term with @vocab; an identifier must still be absolute.
            lambda did: {
                **credential(did),
                "credentialSubject": {"id": "did:example:member", "page": {"id": "members/42"}},
            },
            400,
            "relative IRI 'members/42'",
        ),
        (
            lambda did: {
                **credential(did),
                "@context": [*credential(did)["@context"], "https://x.example/c"],
            },
            400,
            "unknown context 'https://x.example/c'",
        ),
        (lambda did: {**credential(did), "validFrom": "yesterday"}, 400, "validFrom"),
    ],
    ids=["another-issuer", "undefined-term", "unknown-context", "bad-date"],
)
def test_a_credential_that_cannot_be_issued_is_refused_naming_its_problem(
    personas: Personas, did: str, make: Any, expected: int, words: str
) -> None:
    response = issue(with_mfa(personas.alice), {"credential": make(did)})

    assert response.status_code == expected, response.content
    assert words in response.json()["error"]["message"]


def test_options_it_does_not_take_are_refused_by_name(personas: Personas, did: str) -> None:
    response = issue(
        with_mfa(personas.alice), {"credential": credential(did), "options": {"credentialId": "x"}}
    )

    assert error_of(response) == (400, "unknown_option")
    assert "credentialId" in response.json()["error"]["message"]


def test_a_body_without_a_credential_object_is_a_422(personas: Personas, did: str) -> None:
    response = issue(with_mfa(personas.alice), {"verifiableCredential": credential(did)})

    assert error_of(response) == (422, "validation_error")


def test_issuing_is_rate_limited_per_account(personas: Personas, did: str, settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "credential_issue": Rate(1, 60)}
    alice = with_mfa(personas.alice)
    client = client_of(alice)
    body = json.dumps({"credential": credential(did)})

    first = client.post(ISSUE, body, content_type="application/json")
    second = client.post(ISSUE, body, content_type="application/json")

    assert (first.status_code, second.status_code) == (201, 429)

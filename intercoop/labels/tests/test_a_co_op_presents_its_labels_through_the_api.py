"""``POST /api/v1/presentations/prove``: a co-op that holds a label (a credential whose subject is
the co-op) presents it to a partner, in a presentation signed by the co-op's own key with the
partner's challenge. Who may present in an organization's name (a token of someone who may issue
labels in it, with two-factor authentication), and what is refused before anything is signed."""

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
from intercoop.labels.verifier import verify_credential
from intercoop.organizations.models import Role

pytestmark = pytest.mark.django_db

PROVE = "/api/v1/presentations/prove"
ISSUE = "/api/v1/credentials/issue"


@pytest.fixture
def did(personas: Personas) -> str:
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    return selectors.issuer_did(issuer)


def presentation(holder: Any, *credentials: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": holder,
    }
    if credentials:
        found["verifiableCredential"] = list(credentials)
    return found


def client_of(user: User | None) -> Client:
    if user is None:
        return Client(enforce_csrf_checks=True)
    secret = api_token_create(user=user, name="tests").secret
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})


def post(user: User | None, path: str, body: dict[str, Any]) -> Any:
    return client_of(user).post(path, json.dumps(body), content_type="application/json")


def _make_admin_of_b(personas: Personas) -> None:
    """Charlie, a member of Co-op B, becomes its administrator."""
    Role.objects.filter(organization=personas.coop_b, user=personas.charlie).update(
        role=Role.Name.ADMIN
    )


def error_of(response: Any) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


def test_co_op_a_presents_the_label_co_op_b_gave_it(personas: Personas, did: str) -> None:
    # Given: Co-op B's administrator issues a label whose subject is Co-op A.
    charlie = with_mfa(personas.charlie)
    _make_admin_of_b(personas)
    b_did = selectors.issuer_did(services.issuer_create(organization=personas.coop_b, by=charlie))
    label = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2",
        ],
        "type": ["VerifiableCredential", "ExampleMembershipCredential"],
        "issuer": b_did,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": did, "memberOf": "Co-op B's network"},
    }
    issued = post(charlie, ISSUE, {"credential": label})
    assert issued.status_code == 201, issued.content
    held = issued.json()["verifiableCredential"]

    # When: Co-op A's administrator presents it to a partner that sent a challenge.
    sent = presentation({"id": did, "name": "Co-op A"}, held)
    response = post(
        with_mfa(personas.alice),
        PROVE,
        {
            "presentation": sent,
            "options": {"challenge": "n-0S6_WzA2Mj", "domain": "partner.example"},
        },
    )

    # Then: the presentation is signed by A's key for authentication, with the challenge, and
    # the label inside still verifies as B's.
    assert response.status_code == 201, response.content
    signed = response.json()["verifiablePresentation"]
    proof = dataintegrity.verify(
        signed, resolve_key=selectors.local_key, expected_proof_purpose="authentication"
    )
    assert (proof.controller, proof.verification_method) == (did, f"{did}#key-1")
    assert (signed["proof"]["challenge"], signed["proof"]["domain"]) == (
        "n-0S6_WzA2Mj",
        "partner.example",
    )
    assert {k: v for k, v in signed.items() if k != "proof"} == sent
    assert verify_credential(signed["verifiableCredential"][0]).ok


def test_without_a_token_the_answer_is_401(did: str) -> None:
    assert error_of(post(None, PROVE, {"presentation": presentation(did)})) == (
        401,
        "not_authenticated",
    )


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_someone_who_may_not_issue_labels_in_the_organization_gets_403(
    personas: Personas, did: str, who: str
) -> None:
    user = with_mfa(getattr(personas, who))

    assert error_of(post(user, PROVE, {"presentation": presentation(did)})) == (403, "forbidden")


def test_an_administrator_of_another_organization_gets_403(personas: Personas, did: str) -> None:
    charlie = with_mfa(personas.charlie)
    _make_admin_of_b(personas)
    services.issuer_create(organization=personas.coop_b, by=charlie)

    response = post(charlie, PROVE, {"presentation": presentation(did)})

    assert error_of(response) == (403, "forbidden")


def test_an_administrator_without_two_factor_authentication_gets_403(
    personas: Personas, did: str
) -> None:
    response = post(personas.alice, PROVE, {"presentation": presentation(did)})

    assert error_of(response) == (403, "mfa_required")
    assert "two-factor" in response.json()["error"]["message"]


def _self_asserted(issuer: str) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "credentialSubject": {"id": "did:example:partner"},
    }


@pytest.mark.parametrize(
    ("make", "expected", "words"),
    [
        (
            lambda did: {"presentation": presentation("did:web:elsewhere.example:x")},
            (404, "unknown_holder"),
            "did:web:elsewhere.example:x is not an issuer of this site",
        ),
        (
            lambda did: {"presentation": {**presentation(did), "proof": {"type": "X"}}},
            (400, "invalid_presentation"),
            "already has a proof",
        ),
        (
            lambda did: {"presentation": presentation(did, _self_asserted("did:example:x"))},
            (400, "invalid_presentation"),
            "its issuer (did:example:x) must be the holder",
        ),
        (
            lambda did: {
                "presentation": presentation(did, {**_self_asserted(did), "wat": 1}),
            },
            (400, "undefined_term"),
            "wat",
        ),
        (
            lambda did: {"presentation": presentation(did), "options": {"proofType": "x"}},
            (400, "unknown_option"),
            "proofType",
        ),
        (
            lambda did: {"presentation": presentation(did), "options": {"challenge": 42}},
            (400, "invalid_presentation"),
            "challenge must be a string",
        ),
        (
            lambda did: {"verifiablePresentation": presentation(did)},
            (422, "validation_error"),
            "no presentation object",
        ),
    ],
    ids=[
        "another-holder",
        "a-proof",
        "self-asserted-by-another",
        "undefined-term",
        "unknown-option",
        "challenge-not-a-string",
        "no-presentation",
    ],
)
def test_a_presentation_that_cannot_be_proved_is_refused_naming_its_problem(
    personas: Personas, did: str, make: Any, expected: tuple[int, str], words: str
) -> None:
    response = post(with_mfa(personas.alice), PROVE, make(did))

    assert error_of(response) == expected, response.content
    assert words in response.json()["error"]["message"]


def test_a_self_asserted_credential_of_the_holder_is_presented(
    personas: Personas, did: str
) -> None:
    sent = presentation(did, _self_asserted(did))

    response = post(with_mfa(personas.alice), PROVE, {"presentation": sent})

    assert response.status_code == 201, response.content
    signed = response.json()["verifiablePresentation"]
    assert "challenge" not in signed["proof"]
    assert (
        dataintegrity.verify(
            signed, resolve_key=selectors.local_key, expected_proof_purpose="authentication"
        ).controller
        == did
    )


def test_presenting_shares_the_rate_limit_of_issuing(
    personas: Personas, did: str, settings: Any
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "credential_issue": Rate(1, 60)}
    client = client_of(with_mfa(personas.alice))
    body = json.dumps({"presentation": presentation(did)})

    first = client.post(PROVE, body, content_type="application/json")
    second = client.post(ISSUE, json.dumps({"credential": _self_asserted(did)}), "application/json")

    assert (first.status_code, second.status_code) == (201, 429)

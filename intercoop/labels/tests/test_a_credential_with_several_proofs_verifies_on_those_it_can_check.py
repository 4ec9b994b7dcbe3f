"""A credential with a proof set (its issuer's proof beside a co-signer's): the verifier checks
every proof of a suite it implements, and all of them must hold, one being the issuer's; a proof
of a suite it does not implement (Ed25519Signature2020) is named in a warning, "Proofs not
checked", and never passed over in silence. A proof's ``challenge`` and ``domain`` are signed."""

from __future__ import annotations

import copy
import os
from typing import Any

import pytest

from intercoop.conftest import Personas
from intercoop.labels import keystore, selectors, services
from intercoop.labels.vc import dataintegrity
from intercoop.labels.vc.errors import CredentialError
from intercoop.labels.vc.keys import did_key_verification_method, public_key_of
from intercoop.labels.verifier import verify_credential

pytestmark = pytest.mark.django_db

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    {"Ed25519Signature2020": "https://w3id.org/security#Ed25519Signature2020"},
]
# The suite's input credential-proof-ok.json: a proof of a suite this site does not implement.
FOREIGN_PROOF = {
    "type": "Ed25519Signature2020",
    "created": "2023-03-01T16:53:26Z",
    "proofPurpose": "assertionMethod",
    "proofValue": "z58DAdFfa9SkqZMVPxAQpic7ndSayn1PzZs6ZjWp1CktyGesjuTSwRdoWhAfGFCF5bppETSTojQ"
    "CrfFPP2oumHKtz",
}
CO_SIGNER = os.urandom(32)


def _credential(issuer: str) -> dict[str, Any]:
    return {
        "@context": CONTEXTS,
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:subject"},
    }


def _signed_by_issuer(personas: Personas, document: dict[str, Any]) -> dict[str, Any]:
    issuer = selectors.issuer_of(personas.coop_a) or services.issuer_create(
        organization=personas.coop_a, by=personas.alice
    )
    key = selectors.signing_key(issuer)
    assert key is not None
    return dataintegrity.sign(
        document,
        secret_key=keystore.unseal(bytes(key.sealed_private_key)),
        verification_method=f"{selectors.issuer_did(issuer)}#{key.fragment}",
        created="2026-01-01T00:00:00Z",
    )


def _co_signed(document: dict[str, Any]) -> dict[str, Any]:
    return dataintegrity.sign(
        document,
        secret_key=CO_SIGNER,
        verification_method=did_key_verification_method(public_key_of(CO_SIGNER)),
        created="2026-01-02T00:00:00Z",
    )


@pytest.fixture
def did(personas: Personas) -> str:
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    return selectors.issuer_did(issuer)


def _by_key(document: dict[str, Any]) -> dict[str, tuple[bool, str, bool]]:
    return {c.key: (c.ok, c.detail, c.warning) for c in verify_credential(document).checks}


def test_a_proof_of_another_suite_is_named_and_the_credential_stands_on_ours(
    personas: Personas, did: str
) -> None:
    document = _signed_by_issuer(personas, {**_credential(did), "proof": FOREIGN_PROOF})

    verification = verify_credential(document)
    checks = _by_key(document)

    assert document["proof"][0] == FOREIGN_PROOF
    assert checks["proof"][0] and f"{did}#key-1" in checks["proof"][1]
    assert checks["unchecked_proofs"] == (False, "Ed25519Signature2020", True)
    assert checks["issuer"][0]
    assert verification.ok


def test_every_proof_it_implements_must_hold(personas: Personas, did: str) -> None:
    document = _co_signed(_signed_by_issuer(personas, _credential(did)))
    assert verify_credential(document).ok
    assert "unchecked_proofs" not in _by_key(document)

    damaged = copy.deepcopy(document)
    damaged["proof"][1]["proofValue"] = document["proof"][0]["proofValue"]

    verification = verify_credential(damaged)
    assert not verification.ok
    assert _by_key(damaged)["proof"][0] is False


def test_one_of_the_proofs_checked_must_be_the_issuer_s(did: str) -> None:
    # The issuer's proof is of a suite the verifier cannot check; the one it can is another's.
    document = _co_signed({**_credential(did), "proof": FOREIGN_PROOF})

    checks = _by_key(document)

    assert checks["proof"][0]
    assert checks["issuer"] == (False, did, False)
    assert not verify_credential(document).ok


def test_a_credential_with_only_proofs_it_cannot_check_does_not_verify(did: str) -> None:
    document = {**_credential(did), "proof": FOREIGN_PROOF}

    checks = _by_key(document)

    assert checks["proof"][0] is False
    assert "Ed25519Signature2020" in checks["proof"][1]
    assert not verify_credential(document).ok


def test_a_challenge_and_a_domain_are_signed() -> None:
    presentation = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": "did:example:holder",
    }
    signed = dataintegrity.sign(
        presentation,
        secret_key=CO_SIGNER,
        verification_method=did_key_verification_method(public_key_of(CO_SIGNER)),
        proof_purpose="authentication",
        challenge="abc123",
        domain="partner.example",
    )
    assert (signed["proof"]["challenge"], signed["proof"]["domain"]) == (
        "abc123",
        "partner.example",
    )
    assert dataintegrity.verify(signed, expected_proof_purpose="authentication")

    for field, other in (("challenge", "abc124"), ("domain", "elsewhere.example")):
        replayed = copy.deepcopy(signed)
        replayed["proof"][field] = other
        with pytest.raises(CredentialError) as refused:
            dataintegrity.verify(replayed, expected_proof_purpose="authentication")
        assert refused.value.code == "bad_proof"

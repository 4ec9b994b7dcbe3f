"""Safe mode: a term or type that the document's contexts do not define, or a relative IRI,
would be dropped silently by JSON-LD, so the signature would not cover it. The core refuses
such a document, signing or verifying, with ``undefined_term`` and the term's name, never with
"signature invalid"."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from intercoop.labels.tests.vectors import EDDSA, OB3, load
from intercoop.labels.vc.dataintegrity import sign, verify
from intercoop.labels.vc.errors import CredentialError
from intercoop.labels.vc.keys import did_key_verification_method, public_key_of
from intercoop.labels.vc.rdf import canonical_nquads

SEED = bytes(range(32))
VM = did_key_verification_method(public_key_of(SEED))


def _badge() -> dict[str, Any]:
    badge = load(OB3 / "signed-ob3-credential.json")
    del badge["proof"]
    return dict(badge)


def _with(change: str) -> tuple[dict[str, Any], str]:
    badge = _badge()
    if change == "property":
        badge["colour"] = "green"
        return badge, "undefined term 'colour'"
    if change == "nested property":
        badge["credentialSubject"]["achievement"]["criteria"]["score"] = 12
        return badge, "undefined term 'score'"
    if change == "type":
        badge["type"] = ["VerifiableCredential", "OpenBadgeCredential", "GoldBadge"]
        return badge, "undefined type 'GoldBadge'"
    if change == "nested type":
        badge["credentialSubject"]["achievement"]["type"] = ["Achievement", "Trophy"]
        return badge, "undefined type 'Trophy'"
    if change == "relative id":
        badge["credentialSubject"]["id"] = "learners/42"
        return badge, "relative IRI 'learners/42'"
    assert change == "null term"
    badge["@context"] = [*badge["@context"], {"nothing": None}]
    badge["nothing"] = "at all"
    return badge, "defined as null"


CHANGES = ["property", "nested property", "type", "nested type", "relative id", "null term"]


@pytest.mark.parametrize("change", CHANGES)
def test_canonicalizing_refuses_and_names_the_term(change: str) -> None:
    document, named = _with(change)
    with pytest.raises(CredentialError) as refused:
        canonical_nquads(document)
    assert refused.value.code == "undefined_term"
    assert named in refused.value.message


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
@pytest.mark.parametrize("change", CHANGES)
def test_signing_refuses_and_names_the_term(change: str, suite: str) -> None:
    document, named = _with(change)
    with pytest.raises(CredentialError) as refused:
        sign(document, secret_key=SEED, verification_method=VM, cryptosuite=suite)
    assert refused.value.code == "undefined_term"
    assert named in refused.value.message


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_verifying_refuses_an_undefined_term_before_the_signature(suite: str) -> None:
    signed = sign(_badge(), secret_key=SEED, verification_method=VM, cryptosuite=suite)
    assert verify(signed).controller == VM.split("#")[0]
    added = copy.deepcopy(signed)
    added["credentialSubject"]["nickname"] = "Sam"
    with pytest.raises(CredentialError) as refused:
        verify(added)
    assert refused.value.code == "undefined_term"
    assert "'nickname'" in refused.value.message


def test_terms_a_context_defines_through_its_vocabulary_are_defined() -> None:
    """The examples context maps every term to its vocabulary: the vectors use it."""
    document = load(EDDSA / "unsigned.json")
    document["credentialSubject"]["favouriteColour"] = "green"
    assert "examples#favouriteColour" in canonical_nquads(document)

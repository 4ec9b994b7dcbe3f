"""Every official vector of Data Integrity EdDSA (eddsa-rdfc-2022 and eddsa-jcs-2022, one
proof, proof sets and chains) and the Open Badges 3.0 vector verify, and signing their unsigned
documents with their key pairs gives their proofs byte for byte (Ed25519 is deterministic).

The vectors' ``issuer`` is not their did:key controller, on purpose: a proof check passes them,
and gives the controller for the credential layer to compare with the issuer."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from intercoop.labels.tests.vectors import EDDSA, OB3, load, text
from intercoop.labels.vc.dataintegrity import sign, verify, verify_proofs
from intercoop.labels.vc.errors import CredentialError
from intercoop.labels.vc.keys import (
    ResolvedKey,
    did_key_verification_method,
    public_key_of,
    secret_key_from_multibase,
)
from intercoop.labels.vc.multibase import decode_z, ed25519_from_multikey
from intercoop.labels.vc.rdf import canonical_nquads

SUITES = {
    "eddsa-rdfc-2022": ("eddsa-rdfc-2022", "DataInt"),
    "eddsa-jcs-2022": ("eddsa-jcs-2022", "JCS"),
}


def _vector(suite: str, name: str) -> Any:
    folder, tag = SUITES[suite]
    path = EDDSA / folder / f"{name}{tag}"
    return (
        load(path.with_suffix(".json"))
        if name in ("signed", "proofConfig")
        else text(path.with_suffix(".txt")).strip()
    )


def _dumps(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("suite", SUITES)
def test_the_suite_vector_verifies_and_names_its_did_key(suite: str) -> None:
    signed = _vector(suite, "signed")
    proof = verify(signed)
    key_pair = load(EDDSA / "keyPair.json")
    assert proof.cryptosuite == suite
    assert proof.public_key == ed25519_from_multikey(key_pair["publicKeyMultibase"])
    assert proof.controller == "did:key:" + key_pair["publicKeyMultibase"]
    assert proof.verification_method == did_key_verification_method(proof.public_key)
    assert proof.proof_purpose == "assertionMethod"
    assert proof.created == "2023-02-24T23:36:38Z"
    # On purpose, the vector's issuer is another party: that check is the credential layer's.
    assert signed["issuer"] != proof.controller


@pytest.mark.parametrize("suite", SUITES)
def test_signing_the_unsigned_vector_gives_its_proof_byte_for_byte(suite: str) -> None:
    signed = _vector(suite, "signed")
    config = _vector(suite, "proofConfig")
    secret = secret_key_from_multibase(load(EDDSA / "keyPair.json")["privateKeyMultibase"])
    mine = sign(
        load(EDDSA / "unsigned.json"),
        secret_key=secret,
        verification_method=config["verificationMethod"],
        cryptosuite=suite,
        created=config["created"],
    )
    assert mine["proof"]["proofValue"] == _vector(suite, "sigBTC58")
    assert _dumps(mine) == _dumps(signed)


@pytest.mark.parametrize("suite", SUITES)
def test_the_intermediate_values_are_the_vectors(suite: str) -> None:
    config = _vector(suite, "proofConfig")
    unsigned = load(EDDSA / "unsigned.json")
    if suite == "eddsa-rdfc-2022":
        canonical_document = canonical_nquads(unsigned)
        canonical_config = canonical_nquads(config)
        assert canonical_document.strip() == _vector(suite, "canonDoc")
        assert canonical_config.strip() == _vector(suite, "proofCanon")
    else:
        canonical_document = _vector(suite, "canonDoc")
        canonical_config = _vector(suite, "proofCanon")
    document_hash = hashlib.sha256(canonical_document.encode()).hexdigest()
    config_hash = hashlib.sha256(canonical_config.encode()).hexdigest()
    assert document_hash == _vector(suite, "docHash")
    assert config_hash == _vector(suite, "proofHash")
    assert config_hash + document_hash == _vector(suite, "combinedHash")
    secret = secret_key_from_multibase(load(EDDSA / "keyPair.json")["privateKeyMultibase"])
    signature = decode_z(_vector(suite, "sigBTC58"))
    assert signature.hex() == _vector(suite, "sigHex")
    Ed25519PublicKey.from_public_bytes(public_key_of(secret)).verify(
        signature, bytes.fromhex(config_hash + document_hash)
    )


def test_the_employment_vector_needs_a_context_that_is_not_held() -> None:
    """Its context (citizenship v4rc1) is not among the held ones: the proof is refused naming
    it, and nothing is fetched. Its own canonical forms and signature still check out."""
    folder = EDDSA / "eddsa-rdfc-2022/employ"
    signed = load(folder / "signedDataInt.json")
    with pytest.raises(CredentialError) as refused:
        verify(signed)
    assert refused.value.code == "unknown_context"
    assert "https://w3id.org/citizenship/v4rc1" in refused.value.message
    hashed = hashlib.sha256(text(folder / "proofCanonDataInt.txt").encode()).hexdigest()
    hashed += hashlib.sha256(text(folder / "canonDocDataInt.txt").encode()).hexdigest()
    assert hashed == text(folder / "combinedHashDataInt.txt").strip()
    public_key = ed25519_from_multikey(load(EDDSA / "keyPair.json")["publicKeyMultibase"])
    Ed25519PublicKey.from_public_bytes(public_key).verify(
        decode_z(signed["proof"]["proofValue"]), bytes.fromhex(hashed)
    )


def test_an_ed25519signature2020_proof_is_not_a_supported_suite() -> None:
    with pytest.raises(CredentialError) as refused:
        verify(load(EDDSA / "Ed25519Signature2020/signedEdSig.json"))
    assert refused.value.code == "unsupported_proof"


@pytest.mark.parametrize(
    ("signed", "count"),
    [
        ("signedProofSet1.json", 1),
        ("signedProofSet2.json", 2),
        ("signedProofChain1.json", 3),
        ("signedProofChain2.json", 4),
    ],
)
def test_proof_sets_and_chains_verify(signed: str, count: int) -> None:
    proofs = verify_proofs(load(EDDSA / "proof-set-chain" / signed))
    assert len(proofs) == count


def test_proof_sets_and_chains_are_reproduced_byte_for_byte() -> None:
    folder = EDDSA / "proof-set-chain"
    pairs = load(folder / "multiKeyPairs.json")
    document = load(folder / "unsigned.json")
    steps = [
        (1, "proofSetConfig1.json", "signedProofSet1.json"),
        (2, "proofSetConfig2.json", "signedProofSet2.json"),
        (3, "proofChainConfig1.json", "signedProofChain1.json"),
        (4, "proofChainConfig2.json", "signedProofChain2.json"),
    ]
    for pair, config_file, signed_file in steps:
        config = load(folder / config_file)
        document = sign(
            document,
            secret_key=secret_key_from_multibase(pairs[f"keyPair{pair}"]["privateKeyMultibase"]),
            verification_method=config["verificationMethod"],
            cryptosuite=config["cryptosuite"],
            created=config["created"],
            proof_id=config.get("id"),
            previous_proof=config.get("previousProof"),
        )
        assert _dumps(document) == _dumps(load(folder / signed_file)), signed_file


def _ob3_key(verification_method: str) -> ResolvedKey:
    key_pair = load(OB3 / "keypair.json")
    assert verification_method == key_pair["verificationMethod"]
    return ResolvedKey(bytes.fromhex(key_pair["publicKeyHex"]), key_pair["controller"])


def test_the_open_badges_vector_verifies_with_its_issuer_key() -> None:
    signed = load(OB3 / "signed-ob3-credential.json")
    proof = verify(signed, resolve_key=_ob3_key)
    assert proof.controller == signed["issuer"]["id"]
    assert proof.cryptosuite == "eddsa-rdfc-2022"


def test_the_open_badges_vector_is_reproduced_with_its_intermediate_values() -> None:
    signed = load(OB3 / "signed-ob3-credential.json")
    key_pair = load(OB3 / "keypair.json")
    expected = load(OB3 / "expected-intermediates.json")
    unsigned = {key: value for key, value in signed.items() if key != "proof"}
    config = {k: v for k, v in signed["proof"].items() if k != "proofValue"}
    assert canonical_nquads(unsigned) == text(OB3 / "document-canon.txt")
    assert canonical_nquads({**config, "@context": signed["@context"]}) == text(
        OB3 / "proof-canon.txt"
    )
    assert (
        hashlib.sha256(text(OB3 / "document-canon.txt").encode()).hexdigest()
        == (expected["documentHashHex"])
    )
    assert (
        hashlib.sha256(text(OB3 / "proof-canon.txt").encode()).hexdigest()
        == (expected["proofHashHex"])
    )
    secret = secret_key_from_multibase(key_pair["secretKeyMultibase"])
    assert secret == bytes.fromhex(key_pair["privateKeyHex"])[:32]
    mine = sign(
        unsigned,
        secret_key=secret,
        verification_method=config["verificationMethod"],
        created=config["created"],
    )
    assert decode_z(mine["proof"]["proofValue"]).hex() == expected["signatureHex"]
    assert mine["proof"]["proofValue"] == expected["proofValue"]
    assert mine == signed

"""Data Integrity proofs with Ed25519: ``eddsa-rdfc-2022`` and ``eddsa-jcs-2022``.

As the W3C Recommendation "Data Integrity EdDSA Cryptosuites v1.0" says:

1. transform the document without its proof: RDFC-1.0 canonical N-Quads of its JSON-LD
   (``eddsa-rdfc-2022``), or its JCS serialization (``eddsa-jcs-2022``);
2. make the proof configuration (the proof's options without ``proofValue``, with the document's
   ``@context``) and transform it the same way;
3. hash both with SHA-256, and sign (or verify) SHA-256(proof configuration) followed by
   SHA-256(document) with Ed25519;
4. ``proofValue`` is ``z`` + base58btc(the 64-byte signature).

Both suites first expand the document in safe mode (``rdf.py``): a term its contexts do not
define is refused by name, whatever the suite. A proof checked here says that the key of its
verification method signed this document; whether that key may speak for the credential's
``issuer`` is the credential layer's question (``VerifiedProof.controller``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from intercoop.labels.vc.canon import DEFAULT_MAX_WORK
from intercoop.labels.vc.errors import CredentialError
from intercoop.labels.vc.keys import ResolvedKey, resolve_did_key
from intercoop.labels.vc.multibase import MultibaseError, decode_z, encode_z
from intercoop.labels.vc.rdf import canonical_nquads, expand

RDFC = "eddsa-rdfc-2022"
JCS = "eddsa-jcs-2022"
CRYPTOSUITES = (RDFC, JCS)
PROOF_TYPE = "DataIntegrityProof"

# An XML Schema dateTimeStamp, as ``created`` and ``expires`` are.
_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

KeyResolver = Callable[[str], ResolvedKey]


@dataclass(frozen=True)
class VerifiedProof:
    """What a verified proof tells: which key signed, for which purpose, under which suite."""

    cryptosuite: str
    verification_method: str
    # The DID or URL the verification method belongs to (its part before ``#``, or what the
    # resolver said): the credential layer checks that it may speak for the ``issuer``.
    controller: str
    public_key: bytes
    proof_purpose: str
    created: str | None


def _transform(document: Mapping[str, Any], cryptosuite: str, max_work: int) -> bytes:
    if cryptosuite == RDFC:
        return canonical_nquads(document, max_work=max_work).encode("utf-8")
    expand(document)  # safe mode: the terms must be defined, though JCS signs the JSON
    try:
        return bytes(rfc8785.dumps(document))
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as error:
        raise CredentialError("malformed", f"this document has no JCS form: {error}") from error


def _hash_data(
    document: Mapping[str, Any], proof_config: Mapping[str, Any], max_work: int
) -> bytes:
    cryptosuite = str(proof_config["cryptosuite"])
    config_hash = hashlib.sha256(_transform(proof_config, cryptosuite, max_work)).digest()
    document_hash = hashlib.sha256(_transform(document, cryptosuite, max_work)).digest()
    return config_hash + document_hash


def _check_options(options: Mapping[str, Any]) -> None:
    if options.get("type") != PROOF_TYPE or options.get("cryptosuite") not in CRYPTOSUITES:
        raise CredentialError(
            "unsupported_proof",
            f"a proof of type {options.get('type')!r} and cryptosuite "
            f"{options.get('cryptosuite')!r} is not supported: only {PROOF_TYPE} with "
            f"{' or '.join(CRYPTOSUITES)}",
        )
    for field in ("created", "expires"):
        value = options.get(field)
        if value is not None and not (isinstance(value, str) and _DATETIME.match(value)):
            raise CredentialError(
                "unsupported_proof", f"the proof's {field} is not a date and time: {value!r}"
            )
    for field in ("verificationMethod", "proofPurpose"):
        if not isinstance(options.get(field), str) or not options[field]:
            raise CredentialError("unsupported_proof", f"the proof has no {field}")


def _unsecured(document: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(document, Mapping):
        raise CredentialError("malformed", "a credential is a JSON object")
    return {key: value for key, value in document.items() if key != "proof"}


def _proofs(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    proof = document.get("proof")
    proofs = [proof] if isinstance(proof, Mapping) else proof
    if proof is None:
        return []
    if not isinstance(proofs, list) or not all(isinstance(p, Mapping) for p in proofs):
        raise CredentialError("malformed", "the document's proof is not an object or a list")
    return proofs


def _with_previous(
    unsecured: dict[str, Any], previous: Any, proofs: list[Mapping[str, Any]]
) -> dict[str, Any]:
    """The document a proof of a chain covers: with the proofs its ``previousProof`` names."""
    if previous is None:
        return unsecured
    ids = [previous] if isinstance(previous, str) else previous
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise CredentialError("unsupported_proof", "previousProof is not a string or a list")
    matching = [p for p in proofs if p.get("id") in ids]
    missing = sorted(set(ids) - {p.get("id") for p in matching})
    if missing:
        raise CredentialError(
            "bad_proof", f"the previous proof '{missing[0]}' is not in the document"
        )
    return {**unsecured, "proof": matching}


def _config(options: Mapping[str, Any], unsecured: Mapping[str, Any]) -> dict[str, Any]:
    config = dict(options)
    if "@context" in unsecured:
        config["@context"] = unsecured["@context"]
    return config


def sign(
    document: Mapping[str, Any],
    *,
    secret_key: bytes,
    verification_method: str,
    cryptosuite: str = RDFC,
    created: str | None = None,
    proof_purpose: str = "assertionMethod",
    proof_id: str | None = None,
    previous_proof: str | list[str] | None = None,
    challenge: str | None = None,
    domain: str | None = None,
    max_work: int = DEFAULT_MAX_WORK,
) -> dict[str, Any]:
    """A copy of ``document`` with a Data Integrity proof made with the 32-byte Ed25519 seed
    ``secret_key``. Ed25519 is deterministic: the same inputs give the same ``proofValue``.

    A document that has proofs gets one more: of a set (it covers the document without them),
    or of a chain when ``previous_proof`` names the ones it covers too. ``challenge`` and
    ``domain`` (a presentation's, against replay) are proof options, signed with the rest."""
    unsecured = _unsecured(document)
    proofs = _proofs(document)
    options: dict[str, Any] = {"type": PROOF_TYPE}
    if proof_id is not None:
        options["id"] = proof_id
    options["cryptosuite"] = cryptosuite
    if created is not None:
        options["created"] = created
    options["verificationMethod"] = verification_method
    options["proofPurpose"] = proof_purpose
    if challenge is not None:
        options["challenge"] = challenge
    if domain is not None:
        options["domain"] = domain
    if previous_proof is not None:
        options["previousProof"] = previous_proof
    # The JCS proof carries the document's contexts (the RDFC proof takes them from the
    # document when it is verified), as the Recommendation's examples do.
    if cryptosuite == JCS and "@context" in unsecured:
        options["@context"] = unsecured["@context"]
    _check_options(options)
    covered = _with_previous(unsecured, previous_proof, proofs)
    try:
        key = Ed25519PrivateKey.from_private_bytes(secret_key)
    except ValueError as error:
        raise CredentialError("malformed", "an Ed25519 secret key is a 32-byte seed") from error
    signature = key.sign(_hash_data(covered, _config(options, unsecured), max_work))
    proof = {**options, "proofValue": encode_z(signature)}
    return {**unsecured, "proof": [*proofs, proof] if proofs else proof}


def _verify_one(
    unsecured: dict[str, Any],
    proof: Mapping[str, Any],
    proofs: list[Mapping[str, Any]],
    resolve_key: KeyResolver,
    expected_proof_purpose: str | None,
    max_work: int,
) -> VerifiedProof:
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    _check_options(options)
    if expected_proof_purpose is not None and options["proofPurpose"] != expected_proof_purpose:
        raise CredentialError(
            "bad_proof",
            f"the proof is for {options['proofPurpose']!r}, not {expected_proof_purpose!r}",
        )
    if "@context" in options:
        # The proof's contexts must be the first of the document's, and are the ones it signed.
        contexts = options["@context"]
        contexts = contexts if isinstance(contexts, list) else [contexts]
        document_contexts = unsecured.get("@context")
        if not isinstance(document_contexts, list):
            document_contexts = [document_contexts]
        if document_contexts[: len(contexts)] != contexts:
            raise CredentialError(
                "bad_proof", "the proof's @context is not the start of the document's"
            )
        unsecured = {**unsecured, "@context": options["@context"]}
    proof_value = proof.get("proofValue")
    try:
        signature = decode_z(proof_value) if isinstance(proof_value, str) else b""
    except MultibaseError:
        signature = b""
    if len(signature) != 64:
        raise CredentialError(
            "bad_proof", "the proofValue is not z + base58btc of a 64-byte Ed25519 signature"
        )
    key = resolve_key(options["verificationMethod"])
    covered = _with_previous(unsecured, options.get("previousProof"), proofs)
    data = _hash_data(covered, _config(options, unsecured), max_work)
    try:
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(signature, data)
    except (InvalidSignature, ValueError) as error:
        raise CredentialError(
            "bad_proof",
            "the signature does not verify: the credential or its proof was changed after "
            "signing, or another key signed it",
        ) from error
    return VerifiedProof(
        cryptosuite=str(options["cryptosuite"]),
        verification_method=str(options["verificationMethod"]),
        controller=key.controller,
        public_key=key.public_key,
        proof_purpose=str(options["proofPurpose"]),
        created=options.get("created"),
    )


def verify_proofs(
    document: Mapping[str, Any],
    *,
    resolve_key: KeyResolver = resolve_did_key,
    expected_proof_purpose: str | None = "assertionMethod",
    max_work: int = DEFAULT_MAX_WORK,
) -> list[VerifiedProof]:
    """Check every Data Integrity proof of the document (one, a set or a chain), in order;
    ``CredentialError`` at the first that does not hold.

    ``resolve_key`` gives the public key of a verification method: by default did:key only
    (which holds its key); the credential layer passes one that reads an issuer's DID document.
    """
    unsecured = _unsecured(document)
    proofs = _proofs(document)
    if not proofs:
        raise CredentialError("malformed", "the document has no proof")
    return [
        _verify_one(unsecured, proof, proofs, resolve_key, expected_proof_purpose, max_work)
        for proof in proofs
    ]


def verify(
    document: Mapping[str, Any],
    *,
    resolve_key: KeyResolver = resolve_did_key,
    expected_proof_purpose: str | None = "assertionMethod",
    max_work: int = DEFAULT_MAX_WORK,
) -> VerifiedProof:
    """Check the document's one Data Integrity proof (see ``verify_proofs``)."""
    proofs = _proofs(document) if isinstance(document, Mapping) else []
    if len(proofs) > 1:
        raise CredentialError(
            "unsupported_proof", "this document has several proofs: use verify_proofs"
        )
    (result,) = verify_proofs(
        document,
        resolve_key=resolve_key,
        expected_proof_purpose=expected_proof_purpose,
        max_work=max_work,
    )
    return result


@dataclass(frozen=True)
class ProofSet:
    """What ``verify_proof_set`` found: the proofs it checked, and those it could not."""

    verified: list[VerifiedProof]
    # Each proof of a suite this module does not implement, as "type" or "type/cryptosuite".
    unchecked: list[str]


def _implemented(proof: Mapping[str, Any]) -> bool:
    return proof.get("type") == PROOF_TYPE and proof.get("cryptosuite") in CRYPTOSUITES


def _named(proof: Mapping[str, Any]) -> str:
    kind = str(proof.get("type"))[:100]
    suite = proof.get("cryptosuite")
    return f"{kind}/{str(suite)[:100]}" if suite is not None else kind


def verify_proof_set(
    document: Mapping[str, Any],
    *,
    resolve_key: KeyResolver = resolve_did_key,
    expected_proof_purpose: str | None = "assertionMethod",
    max_work: int = DEFAULT_MAX_WORK,
) -> ProofSet:
    """Check every proof of the document whose suite this module implements, in order
    (``CredentialError`` at the first that does not hold), and name the others: a proof of
    another suite (Ed25519Signature2020, say) is not checked, and the caller says so. A document
    with no proof this module can check is refused as ``verify_proofs`` refuses it."""
    unsecured = _unsecured(document)
    proofs = _proofs(document)
    checkable = [proof for proof in proofs if _implemented(proof)]
    if not checkable:
        return ProofSet(
            verify_proofs(
                document,
                resolve_key=resolve_key,
                expected_proof_purpose=expected_proof_purpose,
                max_work=max_work,
            ),
            [],
        )
    verified = [
        _verify_one(unsecured, proof, proofs, resolve_key, expected_proof_purpose, max_work)
        for proof in checkable
    ]
    return ProofSet(verified, [_named(proof) for proof in proofs if not _implemented(proof)])

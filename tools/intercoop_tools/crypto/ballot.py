"""Encrypted ballots: one ciphertext per selection with a 0/1 proof, and per question a proof
that the number of selections made lies in [min, max]; signed with the voter's credential.

Every proof of a ballot is bound (through the transcript binding) to the voter's credential
public key and to its position, so a ballot's ciphertexts cannot be copied into another voter's
ballot or moved to another question without the proofs failing:

* a selection's proof: credential (32 bytes) || u32(question) || u32(selection);
* a question's sum proof: credential (32 bytes) || u32(question).

The signature is an Ed25519 signature (``nacl.signing``) by the credential over
``F("intercoop/ballots/crypto/v1") || F("ballot-signature") || F(canonical ballot JSON)``
(F as in :mod:`.transcript`), where the canonical JSON is :meth:`EncryptedBallot.canonical_bytes`.

For a Benaloh audit ("cast or audit"), :func:`ballot_encrypt_with_opening` also returns the
:class:`BallotOpening` (choices and randomness), and :func:`ballot_check_opening` checks that an
audited ballot encrypts what its opening says. The browser booth
(``intercoop/ballots/static/ballots/booth-crypto.js``) makes the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import nacl.exceptions
import nacl.signing

from intercoop_tools.crypto.elgamal import NEUTRAL, Ciphertext, ciphertext_sum, encrypt
from intercoop_tools.crypto.errors import CryptoError, EncodingError, VerificationError
from intercoop_tools.crypto.group import (
    ZERO,
    Point,
    Scalar,
    base_mul,
    mul,
    parse_hex,
    small_multiple,
)
from intercoop_tools.crypto.jsonshape import expect_int, expect_list, expect_object
from intercoop_tools.crypto.proofs import (
    DisjunctiveProof,
    prove_sum_in_range,
    prove_zero_or_one,
    verify_sum_in_range,
    verify_zero_or_one,
)
from intercoop_tools.crypto.transcript import (
    MANIFEST_HASH_BYTES,
    PROTOCOL,
    Context,
    field,
    u32,
)

SIGNATURE_LABEL = b"ballot-signature"
SIGNATURE_BYTES = 64


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    """A question of the manifest: ``selections`` options, of which a voter selects between
    ``min_selected`` and ``max_selected``."""

    selections: int
    min_selected: int
    max_selected: int

    def __post_init__(self) -> None:
        if not 1 <= self.selections <= 1000:
            raise CryptoError("a question has 1 to 1000 selections")
        if not 0 <= self.min_selected <= self.max_selected <= self.selections:
            raise CryptoError("0 <= min_selected <= max_selected <= selections is required")


def credential_generate() -> nacl.signing.SigningKey:
    """A new voter credential (an Ed25519 signing key); its public key goes on the voter roll."""
    return nacl.signing.SigningKey.generate()


def credential_public_key(key: nacl.signing.SigningKey) -> bytes:
    return bytes(key.verify_key)


def check_credential(data: bytes, *, where: str = "credential") -> bytes:
    """An Ed25519 public key, as received: a valid point of the prime-order subgroup (what
    every honestly generated key is), not the identity."""
    Point.from_bytes(data, where=where)
    return data


def _selection_binding(credential: bytes, question: int, selection: int) -> bytes:
    return credential + u32(question) + u32(selection)


def _question_binding(credential: bytes, question: int) -> bytes:
    return credential + u32(question)


@dataclass(frozen=True, slots=True)
class EncryptedSelection:
    ciphertext: Ciphertext
    proof: DisjunctiveProof

    def to_json(self) -> dict[str, Any]:
        return {"ciphertext": self.ciphertext.to_json(), "proof": self.proof.to_json()}

    @classmethod
    def from_json(cls, value: object, *, where: str) -> EncryptedSelection:
        obj = expect_object(value, ("ciphertext", "proof"), where=where)
        return cls(
            Ciphertext.from_json(obj["ciphertext"], where=f"{where}.ciphertext"),
            DisjunctiveProof.from_json(obj["proof"], where=f"{where}.proof"),
        )


@dataclass(frozen=True, slots=True)
class EncryptedQuestion:
    selections: tuple[EncryptedSelection, ...]
    sum_proof: DisjunctiveProof

    def sum(self) -> Ciphertext:
        return ciphertext_sum(s.ciphertext for s in self.selections)

    def to_json(self) -> dict[str, Any]:
        return {
            "selections": [s.to_json() for s in self.selections],
            "sum_proof": self.sum_proof.to_json(),
        }

    @classmethod
    def from_json(cls, value: object, *, where: str) -> EncryptedQuestion:
        obj = expect_object(value, ("selections", "sum_proof"), where=where)
        items = expect_list(obj["selections"], where=f"{where}.selections")
        return cls(
            tuple(
                EncryptedSelection.from_json(s, where=f"{where}.selections[{i}]")
                for i, s in enumerate(items)
            ),
            DisjunctiveProof.from_json(obj["sum_proof"], where=f"{where}.sum_proof"),
        )


@dataclass(frozen=True, slots=True)
class EncryptedBallot:
    manifest_hash: bytes
    credential: bytes
    questions: tuple[EncryptedQuestion, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "manifest_hash": self.manifest_hash.hex(),
            "credential": self.credential.hex(),
            "questions": [q.to_json() for q in self.questions],
        }

    @classmethod
    def from_json(cls, value: object, *, where: str = "ballot") -> EncryptedBallot:
        obj = expect_object(value, ("manifest_hash", "credential", "questions"), where=where)
        manifest_hash = parse_hex(
            obj["manifest_hash"], length=MANIFEST_HASH_BYTES, where=f"{where}.manifest_hash"
        )
        credential = check_credential(
            parse_hex(obj["credential"], length=32, where=f"{where}.credential"),
            where=f"{where}.credential",
        )
        items = expect_list(obj["questions"], where=f"{where}.questions")
        return cls(
            manifest_hash,
            credential,
            tuple(
                EncryptedQuestion.from_json(q, where=f"{where}.questions[{i}]")
                for i, q in enumerate(items)
            ),
        )

    def canonical_bytes(self) -> bytes:
        """UTF-8 JSON with sorted keys, no whitespace, ASCII only: what the signature covers."""
        return canonical_json(self.to_json())


def canonical_json(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def signature_message(ballot: EncryptedBallot) -> bytes:
    """The bytes the credential signs: F(PROTOCOL) || F("ballot-signature") || F(canonical JSON)."""
    return field(PROTOCOL) + field(SIGNATURE_LABEL) + field(ballot.canonical_bytes())


@dataclass(frozen=True, slots=True)
class SignedBallot:
    ballot: EncryptedBallot
    signature: bytes

    def to_json(self) -> dict[str, Any]:
        return {"ballot": self.ballot.to_json(), "signature": self.signature.hex()}

    @classmethod
    def from_json(cls, value: object, *, where: str = "signed_ballot") -> SignedBallot:
        obj = expect_object(value, ("ballot", "signature"), where=where)
        return cls(
            EncryptedBallot.from_json(obj["ballot"], where=f"{where}.ballot"),
            parse_hex(obj["signature"], length=SIGNATURE_BYTES, where=f"{where}.signature"),
        )


@dataclass(frozen=True, slots=True)
class BallotOpening:
    """What opens an encrypted ballot for a Benaloh audit ("cast or audit"): per question and
    selection, the choice (0 or 1) and the encryption randomness r. An audited ballot is never
    cast; revealing its opening lets the voter (or any device they trust) check that the booth
    encrypted what the voter chose.

    JSON: ``{"choices": [[0|1, ...], ...], "randomness": [[hex32, ...], ...]}``.
    """

    choices: tuple[tuple[int, ...], ...]
    randomness: tuple[tuple[Scalar, ...], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "choices": [list(answer) for answer in self.choices],
            "randomness": [[r.hex() for r in rs] for rs in self.randomness],
        }

    @classmethod
    def from_json(
        cls, value: object, *, specs: Sequence[QuestionSpec], where: str = "opening"
    ) -> BallotOpening:
        obj = expect_object(value, ("choices", "randomness"), where=where)
        choices = expect_list(obj["choices"], where=f"{where}.choices", length=len(specs))
        randomness = expect_list(obj["randomness"], where=f"{where}.randomness", length=len(specs))
        out_choices = []
        out_randomness = []
        for q, spec in enumerate(specs):
            cs = expect_list(choices[q], where=f"{where}.choices[{q}]", length=spec.selections)
            rs = expect_list(
                randomness[q], where=f"{where}.randomness[{q}]", length=spec.selections
            )
            out_choices.append(
                tuple(
                    expect_int(c, where=f"{where}.choices[{q}][{s}]", maximum=1)
                    for s, c in enumerate(cs)
                )
            )
            out_randomness.append(
                tuple(
                    Scalar.from_hex(r, where=f"{where}.randomness[{q}][{s}]")
                    for s, r in enumerate(rs)
                )
            )
        return cls(tuple(out_choices), tuple(out_randomness))


def ballot_encrypt(
    *,
    choices: Sequence[Sequence[int]],
    specs: Sequence[QuestionSpec],
    public_key: Point,
    manifest_hash: bytes,
    credential: nacl.signing.SigningKey,
) -> SignedBallot:
    """Encrypt ``choices`` (per question, one 0/1 per selection), prove it valid, and sign it.

    Refuses (:class:`ProverError`) a selection other than 0 or 1 or a number of selections
    outside [min, max]: a valid proof of an invalid ballot cannot be made.
    """
    signed, _ = ballot_encrypt_with_opening(
        choices=choices,
        specs=specs,
        public_key=public_key,
        manifest_hash=manifest_hash,
        credential=credential,
    )
    return signed


def ballot_encrypt_with_opening(
    *,
    choices: Sequence[Sequence[int]],
    specs: Sequence[QuestionSpec],
    public_key: Point,
    manifest_hash: bytes,
    credential: nacl.signing.SigningKey,
) -> tuple[SignedBallot, BallotOpening]:
    """:func:`ballot_encrypt`, also returning the :class:`BallotOpening` (the randomness), for
    a Benaloh audit. The opening must be forgotten if the ballot is cast."""
    if len(choices) != len(specs):
        raise CryptoError(f"{len(specs)} questions expected, {len(choices)} answered")
    context = Context(manifest_hash)
    pk_bytes = credential_public_key(credential)
    questions = []
    randomness: list[tuple[Scalar, ...]] = []
    for q, (answer, spec) in enumerate(zip(choices, specs, strict=True)):
        if len(answer) != spec.selections:
            raise CryptoError(f"question {q}: {spec.selections} selections expected")
        selections = []
        rs: list[Scalar] = []
        r_sum = ZERO
        for s, value in enumerate(answer):
            ciphertext, r = encrypt(public_key, value)
            proof = prove_zero_or_one(
                ciphertext=ciphertext,
                randomness=r,
                plaintext=value,
                public_key=public_key,
                context=context.bound_to(_selection_binding(pk_bytes, q, s)),
            )
            selections.append(EncryptedSelection(ciphertext, proof))
            rs.append(r)
            r_sum = r_sum + r
        total = ciphertext_sum(sel.ciphertext for sel in selections)
        sum_proof = prove_sum_in_range(
            ciphertext=total,
            randomness=r_sum,
            plaintext=sum(answer),
            minimum=spec.min_selected,
            maximum=spec.max_selected,
            public_key=public_key,
            context=context.bound_to(_question_binding(pk_bytes, q)),
        )
        questions.append(EncryptedQuestion(tuple(selections), sum_proof))
        randomness.append(tuple(rs))
    ballot = EncryptedBallot(bytes(manifest_hash), pk_bytes, tuple(questions))
    signature = credential.sign(signature_message(ballot)).signature
    opening = BallotOpening(tuple(tuple(a) for a in choices), tuple(randomness))
    return SignedBallot(ballot, bytes(signature)), opening


def ballot_check_opening(
    *,
    ballot: EncryptedBallot,
    opening: BallotOpening,
    specs: Sequence[QuestionSpec],
    public_key: Point,
) -> tuple[tuple[int, ...], ...]:
    """Check a Benaloh opening: every selection's ciphertext is exactly the encryption of the
    stated choice (0 or 1) with the stated non-zero randomness r (alpha == r·G,
    beta == m·G + r·PK), and each question's number of selections is in [min, max]. Returns the
    choices; raises :class:`VerificationError` otherwise. (The ballot's proofs and signature are
    :func:`ballot_verify`'s business.)"""
    if len(ballot.questions) != len(specs) or len(opening.choices) != len(specs):
        raise VerificationError("the opening's shape does not match the questions")
    for q, (question, spec) in enumerate(zip(ballot.questions, specs, strict=True)):
        answer, rs = opening.choices[q], opening.randomness[q]
        if not len(question.selections) == len(answer) == len(rs) == spec.selections:
            raise VerificationError(f"question {q}: the opening's shape does not match")
        for s, (selection, m, r) in enumerate(zip(question.selections, answer, rs, strict=True)):
            if m not in (0, 1):
                raise VerificationError(f"question {q} selection {s}: a choice is 0 or 1")
            if r.is_zero():
                raise VerificationError(f"question {q} selection {s}: randomness 0 is never used")
            ciphertext = selection.ciphertext
            if base_mul(r) != ciphertext.alpha or (
                small_multiple(m) + mul(r, public_key) != ciphertext.beta
            ):
                raise VerificationError(
                    f"question {q} selection {s}: the ciphertext does not open to {m} "
                    "with this randomness"
                )
        if not spec.min_selected <= sum(answer) <= spec.max_selected:
            raise VerificationError(f"question {q}: the number of selections is not allowed")
    return opening.choices


def verify_ballot_signature(signed: SignedBallot) -> None:
    try:
        nacl.signing.VerifyKey(signed.ballot.credential).verify(
            signature_message(signed.ballot), signed.signature
        )
    except nacl.exceptions.BadSignatureError as exc:
        raise VerificationError("the ballot signature does not verify") from exc


def ballot_verify(
    *,
    signed: SignedBallot,
    specs: Sequence[QuestionSpec],
    public_key: Point,
    manifest_hash: bytes,
) -> None:
    """Every check a bulletin board (or anyone) makes before accepting a ballot: the manifest,
    the shape, the signature, each selection's 0/1 proof and each question's sum proof.
    Whether the credential is on the voter roll, and not already used, is the caller's check."""
    ballot = signed.ballot
    if ballot.manifest_hash != manifest_hash:
        raise VerificationError("the ballot is for another election (manifest hash differs)")
    check_credential(ballot.credential)
    if len(ballot.questions) != len(specs):
        raise VerificationError(f"{len(specs)} questions expected, {len(ballot.questions)} found")
    for q, (question, spec) in enumerate(zip(ballot.questions, specs, strict=True)):
        if len(question.selections) != spec.selections:
            raise VerificationError(f"question {q}: {spec.selections} selections expected")
    verify_ballot_signature(signed)
    ballot_verify_proofs(
        ballot=ballot, specs=specs, public_key=public_key, manifest_hash=manifest_hash
    )


def ballot_verify_proofs(
    *,
    ballot: EncryptedBallot,
    specs: Sequence[QuestionSpec],
    public_key: Point,
    manifest_hash: bytes,
) -> None:
    """The checks of :func:`ballot_verify` except the signature: the manifest, the shape, and
    every proof. A verifier that reports signatures and proofs separately calls both this and
    :func:`verify_ballot_signature`."""
    if ballot.manifest_hash != manifest_hash:
        raise VerificationError("the ballot is for another election (manifest hash differs)")
    if len(ballot.questions) != len(specs) or any(
        len(question.selections) != spec.selections
        for question, spec in zip(ballot.questions, specs, strict=True)
    ):
        raise VerificationError("the ballot's shape does not match the questions")
    context = Context(manifest_hash)
    for q, (question, spec) in enumerate(zip(ballot.questions, specs, strict=True)):
        for s, selection in enumerate(question.selections):
            for point in (selection.ciphertext.alpha, selection.ciphertext.beta):
                if point.is_identity():
                    raise VerificationError(f"question {q} selection {s}: identity in ciphertext")
            try:
                verify_zero_or_one(
                    ciphertext=selection.ciphertext,
                    public_key=public_key,
                    proof=selection.proof,
                    context=context.bound_to(_selection_binding(ballot.credential, q, s)),
                )
            except VerificationError as exc:
                raise VerificationError(f"question {q} selection {s}: {exc.message}") from exc
        try:
            verify_sum_in_range(
                ciphertext=question.sum(),
                minimum=spec.min_selected,
                maximum=spec.max_selected,
                public_key=public_key,
                proof=question.sum_proof,
                context=context.bound_to(_question_binding(ballot.credential, q)),
            )
        except VerificationError as exc:
            raise VerificationError(f"question {q}: {exc.message}") from exc


def tally_encrypted(
    ballots: Sequence[EncryptedBallot], specs: Sequence[QuestionSpec]
) -> list[list[Ciphertext]]:
    """The homomorphic tally: per question and selection, the sum of the ballots' ciphertexts.
    The ballots must have been verified (shape included) first."""
    totals = [[NEUTRAL for _ in range(spec.selections)] for spec in specs]
    for ballot in ballots:
        if len(ballot.questions) != len(specs):
            raise EncodingError("ballot shape does not match the questions")
        for q, question in enumerate(ballot.questions):
            if len(question.selections) != len(totals[q]):
                raise EncodingError("ballot shape does not match the questions")
            for s, selection in enumerate(question.selections):
                totals[q][s] = totals[q][s] + selection.ciphertext
    return totals

"""Each proof verifies when honest, and fails when any single value of the proof, of the
statement or of the context is altered."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from intercoop.ballots.tests.helpers import CONTEXT, OTHER_MANIFEST_HASH
from intercoop_tools.crypto.elgamal import Ciphertext, KeyPair, encrypt
from intercoop_tools.crypto.errors import VerificationError
from intercoop_tools.crypto.group import BASE, ONE, Point, Scalar, base_mul, mul
from intercoop_tools.crypto.proofs import (
    LABEL_DECRYPTION_SHARE,
    DisjunctiveProof,
    DleqProof,
    SchnorrProof,
    prove_dleq,
    prove_key_possession,
    prove_sum_in_range,
    prove_zero_or_one,
    verify_dleq,
    verify_key_possession,
    verify_sum_in_range,
    verify_zero_or_one,
)
from intercoop_tools.crypto.transcript import Context

KEY = KeyPair.generate()
OTHER_CONTEXT = Context(OTHER_MANIFEST_HASH)
OTHER_BINDING = CONTEXT.bound_to(b"elsewhere")


def bump_point(p: Point) -> Point:
    return p + BASE


def bump_scalar(s: Scalar) -> Scalar:
    return s + ONE


# --- Schnorr ------------------------------------------------------------------------------------

SECRET = Scalar.random()
PUBLIC = base_mul(SECRET)
SCHNORR = prove_key_possession(SECRET, CONTEXT)


def test_an_honest_key_possession_proof_verifies() -> None:
    verify_key_possession(PUBLIC, SCHNORR, CONTEXT)


@pytest.mark.parametrize(
    "alter",
    [
        lambda p: dataclasses.replace(p, commitment=bump_point(p.commitment)),
        lambda p: dataclasses.replace(p, challenge=bump_scalar(p.challenge)),
        lambda p: dataclasses.replace(p, response=bump_scalar(p.response)),
    ],
    ids=["commitment", "challenge", "response"],
)
def test_an_altered_key_possession_proof_fails(
    alter: Callable[[SchnorrProof], SchnorrProof],
) -> None:
    with pytest.raises(VerificationError, match="key possession"):
        verify_key_possession(PUBLIC, alter(SCHNORR), CONTEXT)


@pytest.mark.parametrize("context", [OTHER_CONTEXT, OTHER_BINDING], ids=["manifest", "binding"])
def test_a_key_possession_proof_fails_in_another_context(context: Context) -> None:
    with pytest.raises(VerificationError, match="challenge"):
        verify_key_possession(PUBLIC, SCHNORR, context)


def test_a_key_possession_proof_fails_for_another_key() -> None:
    with pytest.raises(VerificationError):
        verify_key_possession(bump_point(PUBLIC), SCHNORR, CONTEXT)


# --- DLEQ ---------------------------------------------------------------------------------------

H = base_mul(Scalar.random())
Y = mul(SECRET, H)
DLEQ = prove_dleq(SECRET, H, label=LABEL_DECRYPTION_SHARE, context=CONTEXT)


def _verify_dleq(
    proof: DleqProof, *, x: Point = PUBLIC, h: Point = H, y: Point = Y, context: Context = CONTEXT
) -> None:
    verify_dleq(x, h, y, proof, label=LABEL_DECRYPTION_SHARE, context=context)


def test_an_honest_dleq_proof_verifies() -> None:
    _verify_dleq(DLEQ)


@pytest.mark.parametrize(
    "alter",
    [
        lambda p: dataclasses.replace(p, commitment_g=bump_point(p.commitment_g)),
        lambda p: dataclasses.replace(p, commitment_h=bump_point(p.commitment_h)),
        lambda p: dataclasses.replace(p, challenge=bump_scalar(p.challenge)),
        lambda p: dataclasses.replace(p, response=bump_scalar(p.response)),
    ],
    ids=["commitment_g", "commitment_h", "challenge", "response"],
)
def test_an_altered_dleq_proof_fails(alter: Callable[[DleqProof], DleqProof]) -> None:
    with pytest.raises(VerificationError, match="DLEQ"):
        _verify_dleq(alter(DLEQ))


@pytest.mark.parametrize("which", ["x", "h", "y", "manifest", "binding", "label"])
def test_a_dleq_proof_fails_for_an_altered_statement_or_context(which: str) -> None:
    with pytest.raises(VerificationError, match="DLEQ"):
        if which == "x":
            _verify_dleq(DLEQ, x=bump_point(PUBLIC))
        elif which == "h":
            _verify_dleq(DLEQ, h=bump_point(H))
        elif which == "y":
            _verify_dleq(DLEQ, y=bump_point(Y))
        elif which == "manifest":
            _verify_dleq(DLEQ, context=OTHER_CONTEXT)
        elif which == "binding":
            _verify_dleq(DLEQ, context=OTHER_BINDING)
        else:
            verify_dleq(PUBLIC, H, Y, DLEQ, label=b"another/label", context=CONTEXT)


def test_a_dleq_proof_of_a_different_secret_fails() -> None:
    # Y' = x'·H with x' != x: the prover knows x' but the claim about X = x·G is false.
    other = Scalar.random()
    forged = prove_dleq(other, H, label=LABEL_DECRYPTION_SHARE, context=CONTEXT)

    with pytest.raises(VerificationError):
        _verify_dleq(forged, y=mul(other, H))


# --- Disjunctive: 0/1 and the range of a sum ----------------------------------------------------

CIPHERTEXT, R = encrypt(KEY.public, 1)
ZERO_ONE = prove_zero_or_one(
    ciphertext=CIPHERTEXT, randomness=R, plaintext=1, public_key=KEY.public, context=CONTEXT
)


def _branch(i: int, **changes: object) -> Callable[[DisjunctiveProof], DisjunctiveProof]:
    def alter(proof: DisjunctiveProof) -> DisjunctiveProof:
        branches = list(proof.branches)
        b = branches[i]
        new = {
            k: bump_point(getattr(b, k))
            if k.startswith("commitment")
            else bump_scalar(getattr(b, k))
            for k in changes
        }
        branches[i] = dataclasses.replace(b, **new)  # type: ignore[arg-type]
        return DisjunctiveProof(tuple(branches))

    return alter


ALTERATIONS = [
    (f"branch{i}.{k}", _branch(i, **{k: True}))
    for i in (0, 1)
    for k in ("commitment_a", "commitment_b", "challenge", "response")
]


def test_an_honest_zero_or_one_proof_verifies() -> None:
    verify_zero_or_one(
        ciphertext=CIPHERTEXT, public_key=KEY.public, proof=ZERO_ONE, context=CONTEXT
    )


@pytest.mark.parametrize("alter", [a for _, a in ALTERATIONS], ids=[n for n, _ in ALTERATIONS])
def test_an_altered_zero_or_one_proof_fails(
    alter: Callable[[DisjunctiveProof], DisjunctiveProof],
) -> None:
    with pytest.raises(VerificationError, match="disjunctive proof"):
        verify_zero_or_one(
            ciphertext=CIPHERTEXT, public_key=KEY.public, proof=alter(ZERO_ONE), context=CONTEXT
        )


@pytest.mark.parametrize("which", ["alpha", "beta", "public_key", "manifest", "binding"])
def test_a_zero_or_one_proof_fails_for_an_altered_statement_or_context(which: str) -> None:
    ciphertext, public_key, context = CIPHERTEXT, KEY.public, CONTEXT
    if which == "alpha":
        ciphertext = Ciphertext(bump_point(CIPHERTEXT.alpha), CIPHERTEXT.beta)
    elif which == "beta":
        ciphertext = Ciphertext(CIPHERTEXT.alpha, bump_point(CIPHERTEXT.beta))
    elif which == "public_key":
        public_key = bump_point(KEY.public)
    elif which == "manifest":
        context = OTHER_CONTEXT
    else:
        context = OTHER_BINDING

    with pytest.raises(VerificationError, match="disjunctive proof"):
        verify_zero_or_one(
            ciphertext=ciphertext, public_key=public_key, proof=ZERO_ONE, context=context
        )


def test_a_zero_or_one_proof_with_a_branch_missing_fails() -> None:
    short = DisjunctiveProof(ZERO_ONE.branches[:1])

    with pytest.raises(VerificationError, match="one branch per allowed value"):
        verify_zero_or_one(
            ciphertext=CIPHERTEXT, public_key=KEY.public, proof=short, context=CONTEXT
        )


def test_an_honest_range_proof_verifies_and_fails_for_another_range() -> None:
    ciphertext, r = encrypt(KEY.public, 3)
    proof = prove_sum_in_range(
        ciphertext=ciphertext,
        randomness=r,
        plaintext=3,
        minimum=1,
        maximum=4,
        public_key=KEY.public,
        context=CONTEXT,
    )

    verify_sum_in_range(
        ciphertext=ciphertext,
        minimum=1,
        maximum=4,
        public_key=KEY.public,
        proof=proof,
        context=CONTEXT,
    )
    for minimum, maximum in ((0, 3), (2, 5), (1, 5)):
        with pytest.raises(VerificationError):
            verify_sum_in_range(
                ciphertext=ciphertext,
                minimum=minimum,
                maximum=maximum,
                public_key=KEY.public,
                proof=proof,
                context=CONTEXT,
            )

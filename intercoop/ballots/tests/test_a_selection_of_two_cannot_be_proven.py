"""The 0/1 proof cannot be made for 2: the prover refuses, and forgeries fail verification."""

from __future__ import annotations

import pytest

from intercoop.ballots.tests.helpers import CONTEXT
from intercoop_tools.crypto.elgamal import KeyPair, encrypt
from intercoop_tools.crypto.errors import ProverError, VerificationError
from intercoop_tools.crypto.group import Scalar, base_mul, mul, small_multiple
from intercoop_tools.crypto.proofs import (
    LABEL_SELECTION,
    DisjunctiveBranch,
    DisjunctiveProof,
    prove_encrypts_one_of,
    prove_sum_in_range,
    prove_zero_or_one,
    verify_zero_or_one,
)

KEY = KeyPair.generate()


def test_the_prover_refuses_to_prove_that_two_is_zero_or_one() -> None:
    ciphertext, r = encrypt(KEY.public, 2)

    with pytest.raises(ProverError, match="2 is not one of the allowed values"):
        prove_zero_or_one(
            ciphertext=ciphertext, randomness=r, plaintext=2, public_key=KEY.public, context=CONTEXT
        )


def test_the_prover_refuses_to_lie_about_the_plaintext() -> None:
    ciphertext, r = encrypt(KEY.public, 2)

    with pytest.raises(ProverError, match="does not encrypt this plaintext"):
        prove_zero_or_one(
            ciphertext=ciphertext, randomness=r, plaintext=1, public_key=KEY.public, context=CONTEXT
        )


def test_the_prover_refuses_a_sum_outside_the_range() -> None:
    ciphertext, r = encrypt(KEY.public, 4)

    with pytest.raises(ProverError):
        prove_sum_in_range(
            ciphertext=ciphertext,
            randomness=r,
            plaintext=4,
            minimum=0,
            maximum=3,
            public_key=KEY.public,
            context=CONTEXT,
        )


def test_a_proof_for_two_made_over_the_wider_set_does_not_pass_as_zero_or_one() -> None:
    # An honest proof that the ciphertext is in {0, 1, 2} cut down to its first two branches.
    ciphertext, r = encrypt(KEY.public, 2)
    wide = prove_encrypts_one_of(
        ciphertext=ciphertext,
        randomness=r,
        plaintext=2,
        allowed=(0, 1, 2),
        public_key=KEY.public,
        label=LABEL_SELECTION,
        context=CONTEXT,
    )

    with pytest.raises(VerificationError):
        verify_zero_or_one(
            ciphertext=ciphertext,
            public_key=KEY.public,
            proof=DisjunctiveProof(wide.branches[:2]),
            context=CONTEXT,
        )


def test_a_fully_simulated_proof_for_two_fails() -> None:
    # Without knowing the challenge in advance, simulating both branches gives challenges that
    # do not sum to the transcript's challenge.
    ciphertext, _ = encrypt(KEY.public, 2)
    branches = []
    for v in (0, 1):
        c, z = Scalar.random(), Scalar.random()
        a = base_mul(z) - mul(c, ciphertext.alpha)
        b = mul(z, KEY.public) - mul(c, ciphertext.beta - small_multiple(v))
        branches.append(DisjunctiveBranch(a, b, c, z))

    with pytest.raises(VerificationError, match="challenges do not sum"):
        verify_zero_or_one(
            ciphertext=ciphertext,
            public_key=KEY.public,
            proof=DisjunctiveProof(tuple(branches)),
            context=CONTEXT,
        )


def test_a_valid_proof_moved_onto_an_encryption_of_two_fails() -> None:
    one, r = encrypt(KEY.public, 1)
    proof = prove_zero_or_one(
        ciphertext=one, randomness=r, plaintext=1, public_key=KEY.public, context=CONTEXT
    )
    two, _ = encrypt(KEY.public, 2)

    with pytest.raises(VerificationError):
        verify_zero_or_one(ciphertext=two, public_key=KEY.public, proof=proof, context=CONTEXT)

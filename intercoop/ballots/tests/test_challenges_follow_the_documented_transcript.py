"""The challenge is SHA-512 of the length-prefixed transcript of docs/ballots-crypto.md, reduced
modulo L: recomputed here from the document, independently of the code under test."""

from __future__ import annotations

import hashlib

from intercoop.ballots.tests.helpers import CONTEXT, MANIFEST_HASH
from intercoop_tools.crypto.elgamal import KeyPair, encrypt
from intercoop_tools.crypto.group import BASE, L, Scalar, base_mul
from intercoop_tools.crypto.proofs import prove_key_possession, prove_zero_or_one


def _f(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def _challenge(label: bytes, binding: bytes, *values: bytes) -> int:
    t = _f(b"intercoop/ballots/crypto/v1") + _f(label) + _f(MANIFEST_HASH) + _f(binding)
    t += b"".join(_f(v) for v in values)
    return int.from_bytes(hashlib.sha512(t).digest(), "little") % L


def test_the_schnorr_challenge_is_as_documented() -> None:
    secret = Scalar.random()
    context = CONTEXT.bound_to(b"\x00\x00\x00\x02")
    proof = prove_key_possession(secret, context)

    expected = _challenge(
        b"schnorr/key-possession",
        b"\x00\x00\x00\x02",
        BASE.data,
        base_mul(secret).data,
        proof.commitment.data,
    )

    assert proof.challenge.to_int() == expected


def test_the_disjunctive_challenge_is_the_sum_of_the_branch_challenges() -> None:
    key = KeyPair.generate()
    ciphertext, r = encrypt(key.public, 0)
    proof = prove_zero_or_one(
        ciphertext=ciphertext, randomness=r, plaintext=0, public_key=key.public, context=CONTEXT
    )
    commitments = [x for b in proof.branches for x in (b.commitment_a.data, b.commitment_b.data)]

    expected = _challenge(
        b"disjunctive/selection-0-1",
        b"",
        key.public.data,
        ciphertext.alpha.data,
        ciphertext.beta.data,
        (0).to_bytes(8, "big") + (1).to_bytes(8, "big"),
        *commitments,
    )

    assert sum(b.challenge.to_int() for b in proof.branches) % L == expected

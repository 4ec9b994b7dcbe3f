"""The ballot signature is verified by libsodium (PyNaCl's ``VerifyKey.verify``, which calls
``crypto_sign_open``) with the rules docs/ballots-crypto.md §5 states, pinned here so that a
third-party verifier can match them and a change of libsodium cannot change them unnoticed:
S must be canonical (< L); R must not be of small order; the equation is checked without the
cofactor, by comparing the encoding of S·G - k·A with R (so an R carrying a small-order
component is refused although the cofactored equation holds); the credential must be in the
prime-order subgroup."""

from __future__ import annotations

import hashlib

import nacl.bindings as sodium
import nacl.signing
import pytest

from intercoop.ballots.tests.helpers import MANIFEST_HASH, SMALL_ORDER_POINTS
from intercoop_tools.crypto.ballot import (
    QuestionSpec,
    SignedBallot,
    ballot_encrypt,
    signature_message,
    verify_ballot_signature,
)
from intercoop_tools.crypto.elgamal import KeyPair
from intercoop_tools.crypto.errors import EncodingError, VerificationError
from intercoop_tools.crypto.group import L

SEED = bytes(range(32))
ORDER_8 = bytes.fromhex(SMALL_ORDER_POINTS[4])


def _ballot() -> tuple[SignedBallot, bytes]:
    signed = ballot_encrypt(
        choices=[[1, 0]],
        specs=[QuestionSpec(2, 0, 1)],
        public_key=KeyPair.generate().public,
        manifest_hash=MANIFEST_HASH,
        credential=nacl.signing.SigningKey(SEED),
    )
    return signed, signature_message(signed.ballot)


def _secret_scalar() -> bytes:
    """The credential's Ed25519 secret scalar a (clamped, as RFC 8032 derives it), mod L."""
    h = bytearray(hashlib.sha512(SEED).digest()[:32])
    h[0] &= 248
    h[31] &= 127
    h[31] |= 64
    return sodium.crypto_core_ed25519_scalar_reduce(bytes(h) + bytes(32))


def _sign_with_nonce(message: bytes, r_point: bytes, r: bytes) -> bytes:
    """A signature (R, S) with R given and S = r + k·a, k = SHA-512(R || A || M) mod L."""
    public = bytes(nacl.signing.SigningKey(SEED).verify_key)
    k = sodium.crypto_core_ed25519_scalar_reduce(
        hashlib.sha512(r_point + public + message).digest()
    )
    s = sodium.crypto_core_ed25519_scalar_add(
        r, sodium.crypto_core_ed25519_scalar_mul(k, _secret_scalar())
    )
    return r_point + s


def _with(signed: SignedBallot, signature: bytes) -> SignedBallot:
    return SignedBallot(signed.ballot, signature)


def test_the_signature_made_by_hand_is_the_one_libsodium_makes() -> None:
    # S·G = R + k·A with R = r·G: the construction below is plain Ed25519
    signed, message = _ballot()
    r = sodium.crypto_core_ed25519_scalar_reduce(hashlib.sha512(b"nonce").digest())
    by_hand = _sign_with_nonce(message, sodium.crypto_scalarmult_ed25519_base_noclamp(r), r)

    verify_ballot_signature(signed)
    verify_ballot_signature(_with(signed, by_hand))


def test_a_non_canonical_s_is_refused() -> None:
    # S + L satisfies the same equation; only the canonical check refuses it
    signed, _ = _ballot()
    s = int.from_bytes(signed.signature[32:], "little") + L
    assert s < 2**256
    malleated = signed.signature[:32] + s.to_bytes(32, "little")

    with pytest.raises(VerificationError, match="the ballot signature does not verify"):
        verify_ballot_signature(_with(signed, malleated))


def test_an_r_with_a_small_order_component_is_refused_the_check_has_no_cofactor() -> None:
    # R = r·G + T with T of order 8: S·G - k·A = r·G differs from R by T, which the cofactored
    # equation 8·S·G = 8·R + 8·k·A would forgive
    signed, message = _ballot()
    r = sodium.crypto_core_ed25519_scalar_reduce(hashlib.sha512(b"nonce").digest())
    r_point = sodium.crypto_core_ed25519_add(
        sodium.crypto_scalarmult_ed25519_base_noclamp(r), ORDER_8
    )

    signature = _sign_with_nonce(message, r_point, r)
    public = bytes(nacl.signing.SigningKey(SEED).verify_key)
    k = sodium.crypto_core_ed25519_scalar_reduce(
        hashlib.sha512(r_point + public + message).digest()
    )
    s_g = sodium.crypto_scalarmult_ed25519_base_noclamp(signature[32:])
    k_a = sodium.crypto_scalarmult_ed25519_noclamp(k, public)
    # S·G - k·A + T == R: the equation holds up to a small-order point, the cofactored one holds
    assert sodium.crypto_core_ed25519_add(sodium.crypto_core_ed25519_sub(s_g, k_a), ORDER_8) == (
        r_point
    )

    with pytest.raises(VerificationError):
        verify_ballot_signature(_with(signed, signature))


def test_a_small_order_r_is_refused() -> None:
    # r = 0: R = T of order 8 and S = k·a, so S·G - k·A = O differs from R only by T
    signed, message = _ballot()
    zero = bytes(32)

    with pytest.raises(VerificationError):
        verify_ballot_signature(_with(signed, _sign_with_nonce(message, ORDER_8, zero)))


@pytest.mark.parametrize("encoding", SMALL_ORDER_POINTS)
def test_a_small_order_credential_is_refused_before_any_signature_check(encoding: str) -> None:
    signed, _ = _ballot()
    value = signed.to_json()
    value["ballot"]["credential"] = encoding

    with pytest.raises(EncodingError, match="credential"):
        SignedBallot.from_json(value)

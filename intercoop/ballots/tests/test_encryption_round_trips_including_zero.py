"""Encrypting m and decrypting gives m back, for m = 0 too, and the discrete log is bounded."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intercoop_tools.crypto.elgamal import DiscreteLog, KeyPair, decrypt_point, encrypt
from intercoop_tools.crypto.errors import CryptoError
from intercoop_tools.crypto.group import IDENTITY, IDENTITY_BYTES, small_multiple

KEY = KeyPair.generate()
TABLE = DiscreteLog(100_000)


def test_zero_encrypts_and_decrypts_to_the_identity() -> None:
    ciphertext, _ = encrypt(KEY.public, 0)

    point = decrypt_point(KEY.secret, ciphertext)

    assert not ciphertext.alpha.is_identity()
    assert not ciphertext.beta.is_identity()
    assert point == IDENTITY
    assert point.data == IDENTITY_BYTES
    assert TABLE.solve(point) == 0


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=100_000))
def test_any_plaintext_up_to_the_bound_round_trips(m: int) -> None:
    ciphertext, _ = encrypt(KEY.public, m)

    assert TABLE.solve(decrypt_point(KEY.secret, ciphertext)) == m


@pytest.mark.parametrize("m", [0, 1, 316, 317, 99_999, 100_000])
def test_the_discrete_log_finds_values_at_the_edges_of_its_steps(m: int) -> None:
    assert TABLE.solve(small_multiple(m)) == m


def test_a_plaintext_above_the_bound_is_refused() -> None:
    small = DiscreteLog(10)

    assert small.solve(small_multiple(10)) == 10
    with pytest.raises(CryptoError, match=r"not in \[0, 10\]"):
        small.solve(small_multiple(11))


def test_the_same_message_encrypts_differently_each_time() -> None:
    first, _ = encrypt(KEY.public, 1)
    second, _ = encrypt(KEY.public, 1)

    assert first != second
    assert decrypt_point(KEY.secret, first) == decrypt_point(KEY.secret, second)


def test_the_wrong_key_does_not_decrypt() -> None:
    ciphertext, _ = encrypt(KEY.public, 7)

    assert decrypt_point(KeyPair.generate().secret, ciphertext) != small_multiple(7)

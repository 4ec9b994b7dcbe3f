"""The component-wise sum of ciphertexts decrypts to the sum of their plaintexts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from intercoop_tools.crypto.elgamal import (
    NEUTRAL,
    DiscreteLog,
    KeyPair,
    ciphertext_sum,
    decrypt_point,
    encrypt,
)
from intercoop_tools.crypto.group import IDENTITY

KEY = KeyPair.generate()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=1), max_size=30))
def test_a_sum_of_votes_decrypts_to_the_count(votes: list[int]) -> None:
    total = ciphertext_sum(encrypt(KEY.public, v)[0] for v in votes)

    assert DiscreteLog(len(votes)).solve(decrypt_point(KEY.secret, total)) == sum(votes)


def test_the_sum_of_no_ciphertexts_is_the_neutral_element_and_decrypts_to_zero() -> None:
    total = ciphertext_sum([])

    assert total == NEUTRAL
    assert total.alpha == IDENTITY
    assert decrypt_point(KEY.secret, total) == IDENTITY


def test_adding_the_neutral_element_changes_nothing() -> None:
    ciphertext, _ = encrypt(KEY.public, 3)

    assert ciphertext + NEUTRAL == ciphertext

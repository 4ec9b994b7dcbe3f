"""Where libsodium refuses the identity, the wrappers return it as algebra says."""

from __future__ import annotations

from intercoop_tools.crypto.group import (
    BASE,
    IDENTITY,
    IDENTITY_BYTES,
    ONE,
    ZERO,
    Scalar,
    base_mul,
    mul,
    small_multiple,
)


def test_multiplying_by_zero_gives_the_identity() -> None:
    assert base_mul(ZERO) == IDENTITY
    assert mul(ZERO, BASE) == IDENTITY
    assert small_multiple(0).data == IDENTITY_BYTES


def test_multiplying_the_identity_gives_the_identity() -> None:
    assert mul(Scalar.random(), IDENTITY) == IDENTITY


def test_a_point_minus_itself_is_the_identity_and_adding_it_is_neutral() -> None:
    p = base_mul(Scalar.random())

    assert p - p == IDENTITY
    assert p + IDENTITY == p
    assert IDENTITY + p == p
    assert p + (-p) == IDENTITY


def test_the_group_order_annihilates_the_base_point() -> None:
    # (L - 1)·G + G = L·G = O
    minus_one = -ONE

    assert base_mul(minus_one) + BASE == IDENTITY


def test_scalar_arithmetic_is_modulo_the_group_order() -> None:
    a, b = Scalar.random(), Scalar.random()

    assert base_mul(a + b) == base_mul(a) + base_mul(b)
    assert base_mul(a * b) == mul(a, base_mul(b))
    assert (a - a).is_zero()
    assert a * a.inverse() == ONE

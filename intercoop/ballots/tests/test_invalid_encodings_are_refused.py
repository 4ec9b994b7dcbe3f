"""Every received point and scalar is checked: invalid ones are refused with a clear error."""

from __future__ import annotations

import hashlib

import nacl.bindings as sodium
import pytest

from intercoop.ballots.tests.helpers import SMALL_ORDER_POINTS
from intercoop_tools.crypto.elgamal import Ciphertext, KeyPair, encrypt
from intercoop_tools.crypto.errors import EncodingError
from intercoop_tools.crypto.group import BASE, IDENTITY, L, Point, Scalar, base_mul

P = 2**255 - 19
TWO_G = base_mul(Scalar.from_int(2)).hex()  # has hex letters, so upper-casing changes it


def _not_on_curve() -> bytes:
    for i in range(1000):
        candidate = hashlib.sha256(i.to_bytes(4, "big")).digest()
        try:
            sodium.crypto_core_ed25519_add(candidate, BASE.data)
        except Exception:  # noqa: BLE001 - libsodium refuses a point off the curve
            return candidate
    raise AssertionError("no off-curve encoding found")


@pytest.mark.parametrize("encoding", SMALL_ORDER_POINTS[1:])
def test_a_small_order_point_is_refused(encoding: str) -> None:
    with pytest.raises(EncodingError, match="not a valid point"):
        Point.from_hex(encoding, where="alpha")


def test_the_identity_is_refused_where_forbidden_and_accepted_where_allowed() -> None:
    with pytest.raises(EncodingError, match="identity point is not allowed"):
        Point.from_hex(SMALL_ORDER_POINTS[0])

    assert Point.from_hex(SMALL_ORDER_POINTS[0], allow_identity=True) == IDENTITY


def test_a_non_canonical_encoding_is_refused() -> None:
    # y = p + 1 encodes the identity non-canonically; y = p + 9 would be 9 (a canonical y).
    non_canonical_identity = (P + 1).to_bytes(32, "little")
    negative_zero_x = bytes.fromhex("01" + "00" * 30 + "80")

    for data in (non_canonical_identity, negative_zero_x):
        with pytest.raises(EncodingError):
            Point.from_bytes(data, allow_identity=True)


def test_a_point_off_the_curve_is_refused() -> None:
    with pytest.raises(EncodingError, match="not on the curve"):
        Point.from_bytes(_not_on_curve())


def test_a_point_outside_the_prime_order_subgroup_is_refused() -> None:
    torsion = bytes.fromhex(SMALL_ORDER_POINTS[3])
    mixed = sodium.crypto_core_ed25519_add(base_mul(Scalar.random()).data, torsion)

    with pytest.raises(EncodingError, match="prime-order subgroup"):
        Point.from_bytes(mixed)


def test_a_valid_point_is_accepted() -> None:
    p = base_mul(Scalar.random())

    assert Point.from_hex(p.hex()) == p


@pytest.mark.parametrize(
    "value",
    [TWO_G.upper(), TWO_G[:-2], TWO_G + "00", " " + TWO_G[1:], 5, None],
)
def test_malformed_hex_is_refused(value: object) -> None:
    assert Point.from_hex(TWO_G).hex() == TWO_G
    with pytest.raises(EncodingError, match="where: expected"):
        Point.from_hex(value, where="where")


def test_a_scalar_not_below_the_group_order_is_refused() -> None:
    assert Scalar.from_bytes((L - 1).to_bytes(32, "little")).to_int() == L - 1
    for value in (L, L + 1, 2**256 - 1):
        with pytest.raises(EncodingError, match="not canonical"):
            Scalar.from_hex(value.to_bytes(32, "little").hex())


def test_a_ciphertext_with_an_identity_component_is_refused_unless_it_is_a_tally() -> None:
    ciphertext, _ = encrypt(KeyPair.generate().public, 1)
    tampered = {"alpha": IDENTITY.hex(), "beta": ciphertext.beta.hex()}

    with pytest.raises(EncodingError, match=r"ciphertext\.alpha: the identity"):
        Ciphertext.from_json(tampered)
    assert Ciphertext.from_json(tampered, allow_identity=True).alpha == IDENTITY


def test_a_ciphertext_with_an_extra_or_missing_key_is_refused() -> None:
    ciphertext, _ = encrypt(KeyPair.generate().public, 1)
    data = ciphertext.to_json()

    with pytest.raises(EncodingError, match="unknown key"):
        Ciphertext.from_json({**data, "gamma": data["beta"]})
    with pytest.raises(EncodingError, match="missing key"):
        Ciphertext.from_json({"alpha": data["alpha"]})
    assert Ciphertext.from_json(data) == ciphertext

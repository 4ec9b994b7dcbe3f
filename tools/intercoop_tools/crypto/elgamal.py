"""Exponential ElGamal over the Ed25519 prime-order group.

A plaintext m (a small non-negative integer) under public key PK = s·G, with randomness r, is the
ciphertext (alpha, beta) = (r·G, m·G + r·PK). Ciphertexts add component-wise, and the sum
encrypts the sum of the plaintexts; decryption gives m·G, and :class:`DiscreteLog` recovers m
when it is known to lie in [0, bound].
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from math import isqrt
from typing import Any

from intercoop_tools.crypto.errors import CryptoError
from intercoop_tools.crypto.group import (
    BASE,
    IDENTITY,
    Point,
    Scalar,
    base_mul,
    mul,
    small_multiple,
)
from intercoop_tools.crypto.jsonshape import expect_object


@dataclass(frozen=True, slots=True)
class Ciphertext:
    """(alpha, beta) = (r·G, m·G + r·PK).

    A ballot's ciphertext never has the identity as a component (``allow_identity=False`` when
    decoding it); an aggregate (a tally) may, e.g. the sum of no ciphertexts is (O, O).
    """

    alpha: Point
    beta: Point

    def __add__(self, other: Ciphertext) -> Ciphertext:
        return Ciphertext(self.alpha + other.alpha, self.beta + other.beta)

    def to_json(self) -> dict[str, Any]:
        return {"alpha": self.alpha.hex(), "beta": self.beta.hex()}

    @classmethod
    def from_json(
        cls, value: object, *, allow_identity: bool = False, where: str = "ciphertext"
    ) -> Ciphertext:
        obj = expect_object(value, ("alpha", "beta"), where=where)
        return cls(
            Point.from_hex(obj["alpha"], allow_identity=allow_identity, where=f"{where}.alpha"),
            Point.from_hex(obj["beta"], allow_identity=allow_identity, where=f"{where}.beta"),
        )


#: The encryption of 0 with randomness 0: the neutral element for :func:`ciphertext_sum`.
NEUTRAL = Ciphertext(IDENTITY, IDENTITY)


@dataclass(frozen=True, slots=True)
class KeyPair:
    """A single ElGamal key pair (tests and one-trustee elections; see :mod:`.dkg` otherwise)."""

    secret: Scalar
    public: Point

    @classmethod
    def generate(cls) -> KeyPair:
        secret = Scalar.random()
        return cls(secret, base_mul(secret))


def encrypt(
    public_key: Point, plaintext: int, *, randomness: Scalar | None = None
) -> tuple[Ciphertext, Scalar]:
    """Encrypt ``plaintext`` and return the ciphertext and the randomness used (which the proofs
    need and which must then be forgotten).

    Randomness is drawn until neither component is the identity (a chance of about 2^-251), so
    that every ballot ciphertext passes the strict decoding; an explicit ``randomness`` that
    gives the identity is refused.
    """
    if public_key.is_identity():
        raise CryptoError("the public key may not be the identity")
    if plaintext < 0:
        raise CryptoError("plaintexts are non-negative integers")
    while True:
        r = Scalar.random() if randomness is None else randomness
        ciphertext = Ciphertext(base_mul(r), small_multiple(plaintext) + mul(r, public_key))
        if not (ciphertext.alpha.is_identity() or ciphertext.beta.is_identity()):
            return ciphertext, r
        if randomness is not None:
            raise CryptoError("this randomness gives the identity; choose another")


def decrypt_point(secret: Scalar, ciphertext: Ciphertext) -> Point:
    """m·G = beta - s·alpha (single-key decryption)."""
    return ciphertext.beta - mul(secret, ciphertext.alpha)


def ciphertext_sum(ciphertexts: Iterable[Ciphertext]) -> Ciphertext:
    """The homomorphic sum: it encrypts the sum of the plaintexts."""
    total = NEUTRAL
    for c in ciphertexts:
        total = total + c
    return total


class DiscreteLog:
    """Recover m from m·G for 0 <= m <= bound, by baby-step giant-step.

    The table holds about sqrt(bound) baby steps, so building it and each lookup cost about
    sqrt(bound) point additions (about 320 for 100 000 ballots). Reuse one instance for every
    selection of a tally.
    """

    def __init__(self, bound: int) -> None:
        if bound < 0:
            raise CryptoError("the bound is a non-negative integer")
        self.bound = bound
        self.step = isqrt(bound) + 1
        self._baby: dict[bytes, int] = {}
        point = IDENTITY
        for j in range(self.step):
            self._baby[point.data] = j
            point = point + BASE
        self._giant = point  # step·G

    def solve(self, point: Point) -> int:
        """m with m·G = point; :class:`CryptoError` if there is none in [0, bound]."""
        current = point
        for i in range(self.bound // self.step + 1):
            j = self._baby.get(current.data)
            if j is not None:
                m = i * self.step + j
                if m <= self.bound:
                    return m
                break
            current = current - self._giant
        raise CryptoError(f"the plaintext is not in [0, {self.bound}]")

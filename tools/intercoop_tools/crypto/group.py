"""The prime-order group of Ed25519: scalars modulo L and points of the order-L subgroup.

Every operation calls libsodium (through ``nacl.bindings``); nothing here does curve or modular
arithmetic by hand. libsodium refuses the identity in two places, and this module handles both by
algebra rather than by computing on the curve:

* ``crypto_core_ed25519_is_valid_point`` rejects the identity (it has small order). Received
  points go through :meth:`Point.from_bytes`, whose ``allow_identity`` says whether the identity
  (encoded :data:`IDENTITY_BYTES`, ``01`` then 31 zero bytes) is acceptable for that field.
* ``crypto_scalarmult_ed25519(_base)_noclamp`` fail when the result is the identity. For a point of
  the prime-order subgroup that happens exactly when the scalar is 0 or the point is the
  identity, so :func:`mul` and :func:`base_mul` return the identity in those cases without
  calling libsodium, and call it otherwise. ``crypto_core_ed25519_add``/``_sub`` accept and
  return the identity, so they need no special case.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import nacl.bindings as sodium
import nacl.utils

from intercoop_tools.crypto.errors import EncodingError

#: The order of the prime-order subgroup (and of the base point).
L = 2**252 + 27742317777372353535851937790883648493
SCALAR_BYTES = 32
POINT_BYTES = 32
#: Canonical encoding of the identity (neutral element): y = 1, x = 0.
IDENTITY_BYTES = b"\x01" + bytes(31)


def parse_hex(value: object, *, length: int, where: str) -> bytes:
    """Decode lowercase hex of exactly ``length`` bytes; anything else is refused."""
    if not isinstance(value, str):
        raise EncodingError("expected a hex string", where=where)
    if len(value) != 2 * length or re.fullmatch(f"[0-9a-f]{{{2 * length}}}", value) is None:
        raise EncodingError(
            f"expected {length} bytes as {2 * length} lowercase hex digits", where=where
        )
    return bytes.fromhex(value)


@dataclass(frozen=True, slots=True)
class Scalar:
    """An integer modulo L, held as its canonical 32-byte little-endian encoding."""

    data: bytes

    def __post_init__(self) -> None:
        if len(self.data) != SCALAR_BYTES:
            raise EncodingError("a scalar is 32 bytes")

    @classmethod
    def from_bytes(cls, data: bytes, *, where: str = "scalar") -> Scalar:
        """Strict decoding of received bytes: 32 bytes, little-endian, value < L."""
        if len(data) != SCALAR_BYTES:
            raise EncodingError("a scalar is 32 bytes", where=where)
        if int.from_bytes(data, "little") >= L:
            raise EncodingError("scalar is not canonical (not below the group order)", where=where)
        return cls(bytes(data))

    @classmethod
    def from_hex(cls, value: object, *, where: str = "scalar") -> Scalar:
        return cls.from_bytes(parse_hex(value, length=SCALAR_BYTES, where=where), where=where)

    @classmethod
    def from_int(cls, value: int) -> Scalar:
        """A small non-negative integer (a plaintext, a trustee index, a count) as a scalar."""
        if not 0 <= value < L:
            raise EncodingError(f"integer {value} is outside [0, L)")
        return cls(value.to_bytes(SCALAR_BYTES, "little"))

    @classmethod
    def random(cls) -> Scalar:
        """A uniformly random non-zero scalar (64 random bytes reduced modulo L, as libsodium)."""
        while True:
            s = cls(sodium.crypto_core_ed25519_scalar_reduce(nacl.utils.random(64)))
            if not s.is_zero():
                return s

    @classmethod
    def from_digest(cls, digest: bytes) -> Scalar:
        """A 64-byte hash output reduced modulo L."""
        if len(digest) != 64:
            raise EncodingError("a digest to reduce is 64 bytes")
        return cls(sodium.crypto_core_ed25519_scalar_reduce(digest))

    def is_zero(self) -> bool:
        return self.data == bytes(SCALAR_BYTES)

    def to_int(self) -> int:
        return int.from_bytes(self.data, "little")

    def hex(self) -> str:
        return self.data.hex()

    def __add__(self, other: Scalar) -> Scalar:
        return Scalar(sodium.crypto_core_ed25519_scalar_add(self.data, other.data))

    def __sub__(self, other: Scalar) -> Scalar:
        return Scalar(sodium.crypto_core_ed25519_scalar_sub(self.data, other.data))

    def __mul__(self, other: Scalar) -> Scalar:
        return Scalar(sodium.crypto_core_ed25519_scalar_mul(self.data, other.data))

    def __neg__(self) -> Scalar:
        return Scalar(sodium.crypto_core_ed25519_scalar_negate(self.data))

    def inverse(self) -> Scalar:
        if self.is_zero():
            raise ZeroDivisionError("0 has no inverse modulo L")
        return Scalar(sodium.crypto_core_ed25519_scalar_invert(self.data))


ZERO = Scalar(bytes(SCALAR_BYTES))
ONE = Scalar.from_int(1)


@dataclass(frozen=True, slots=True)
class Point:
    """A point of the prime-order subgroup, held as its canonical 32-byte encoding.

    Construct points from received data with :meth:`from_bytes`/:meth:`from_hex` only; the
    constructor checks the length, not membership of the group.
    """

    data: bytes

    def __post_init__(self) -> None:
        if len(self.data) != POINT_BYTES:
            raise EncodingError("a point is 32 bytes")

    @classmethod
    def from_bytes(
        cls, data: bytes, *, allow_identity: bool = False, where: str = "point"
    ) -> Point:
        """Strict decoding: canonical, on the curve, in the prime-order subgroup, and not the
        identity unless ``allow_identity``."""
        if len(data) != POINT_BYTES:
            raise EncodingError("a point is 32 bytes", where=where)
        if data == IDENTITY_BYTES:
            if allow_identity:
                return IDENTITY
            raise EncodingError("the identity point is not allowed here", where=where)
        if not sodium.crypto_core_ed25519_is_valid_point(data):
            raise EncodingError(
                "not a valid point (non-canonical, not on the curve, of small order, or outside "
                "the prime-order subgroup)",
                where=where,
            )
        return cls(bytes(data))

    @classmethod
    def from_hex(
        cls, value: object, *, allow_identity: bool = False, where: str = "point"
    ) -> Point:
        data = parse_hex(value, length=POINT_BYTES, where=where)
        return cls.from_bytes(data, allow_identity=allow_identity, where=where)

    def is_identity(self) -> bool:
        return self.data == IDENTITY_BYTES

    def hex(self) -> str:
        return self.data.hex()

    def __add__(self, other: Point) -> Point:
        return Point(sodium.crypto_core_ed25519_add(self.data, other.data))

    def __sub__(self, other: Point) -> Point:
        return Point(sodium.crypto_core_ed25519_sub(self.data, other.data))

    def __neg__(self) -> Point:
        return IDENTITY - self

    def __rmul__(self, scalar: Scalar) -> Point:
        return mul(scalar, self)


IDENTITY = Point(IDENTITY_BYTES)
#: The Ed25519 base point G (1·G).
BASE = Point(sodium.crypto_scalarmult_ed25519_base_noclamp(ONE.data))


def mul(scalar: Scalar, point: Point) -> Point:
    """scalar·point, with 0·P = s·O = O (libsodium refuses to return the identity)."""
    if scalar.is_zero() or point.is_identity():
        return IDENTITY
    return Point(sodium.crypto_scalarmult_ed25519_noclamp(scalar.data, point.data))


def base_mul(scalar: Scalar) -> Point:
    """scalar·G, with 0·G = O."""
    if scalar.is_zero():
        return IDENTITY
    return Point(sodium.crypto_scalarmult_ed25519_base_noclamp(scalar.data))


@lru_cache(maxsize=4096)
def small_multiple(m: int) -> Point:
    """m·G for a plaintext m >= 0 (cached: proofs use the same few values again and again)."""
    return base_mul(Scalar.from_int(m))


def sha512(data: bytes) -> bytes:
    return hashlib.sha512(data).digest()

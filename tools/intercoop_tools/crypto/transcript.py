"""Fiat-Shamir challenges: the exact bytes that are hashed (see docs/ballots-crypto.md).

A transcript is a sequence of fields, each written as its length (4 bytes, big-endian) then its
bytes::

    T = F(PROTOCOL) || F(label) || F(manifest_hash) || F(binding) || F(v1) || ... || F(vn)
    challenge = crypto_core_ed25519_scalar_reduce(SHA-512(T))

The length prefixes make the encoding injective, so two different statements never hash the
same bytes; the label separates the kinds of proof; the manifest hash ties every proof to one
election; the binding ties a proof to its place (a voter's credential and a selection, a
trustee's index).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from intercoop_tools.crypto.errors import EncodingError
from intercoop_tools.crypto.group import Scalar, sha512

PROTOCOL = b"intercoop/ballots/crypto/v1"
MANIFEST_HASH_BYTES = 32


def field(data: bytes) -> bytes:
    """One length-prefixed transcript field."""
    if len(data) >= 2**32:
        raise EncodingError("transcript field too long")
    return len(data).to_bytes(4, "big") + data


def u32(value: int) -> bytes:
    if not 0 <= value < 2**32:
        raise EncodingError(f"{value} does not fit in 32 bits")
    return value.to_bytes(4, "big")


def u64s(values: Iterable[int]) -> bytes:
    """Non-negative integers as consecutive 8-byte big-endian words."""
    out = bytearray()
    for v in values:
        if not 0 <= v < 2**64:
            raise EncodingError(f"{v} does not fit in 64 bits")
        out += v.to_bytes(8, "big")
    return bytes(out)


def manifest_hash_of(manifest: bytes) -> bytes:
    """SHA-256 of the canonical bytes of an election (or key ceremony) manifest."""
    return hashlib.sha256(manifest).digest()


@dataclass(frozen=True, slots=True)
class Context:
    """What every challenge is bound to besides the statement: the manifest hash (32 bytes) and
    a binding (any bytes, possibly empty) that the caller uses to pin a proof to its place."""

    manifest_hash: bytes
    binding: bytes = b""

    def __post_init__(self) -> None:
        if len(self.manifest_hash) != MANIFEST_HASH_BYTES:
            raise EncodingError("a manifest hash is 32 bytes", where="manifest_hash")

    def bound_to(self, binding: bytes) -> Context:
        return Context(self.manifest_hash, binding)


def transcript(label: bytes, context: Context, values: Iterable[bytes]) -> bytes:
    parts = [field(PROTOCOL), field(label), field(context.manifest_hash), field(context.binding)]
    parts.extend(field(v) for v in values)
    return b"".join(parts)


def challenge(label: bytes, context: Context, values: Iterable[bytes]) -> Scalar:
    """The Fiat-Shamir challenge for a statement and its commitments."""
    return Scalar.from_digest(sha512(transcript(label, context, values)))

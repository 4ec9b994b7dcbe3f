"""Ed25519 keys as Data Integrity names them: Multikey values and did:key identifiers.

- A public key is ``z`` + base58btc(0xed 0x01 + 32 bytes): ``z6Mk…``; its did:key is
  ``did:key:z6Mk…`` and its verification method ``did:key:z6Mk…#z6Mk…``.
- A secret key is ``z`` + base58btc(0x80 0x26 + the 32-byte seed), or + seed and public key
  (64 bytes), as some test vectors write it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from intercoop.labels.vc.errors import CredentialError
from intercoop.labels.vc.multibase import (
    MultibaseError,
    decode_z,
    ed25519_from_multikey,
    ed25519_multikey,
    encode_z,
)

ED25519_PRIV_PREFIX = b"\x80\x26"
DID_KEY = "did:key:"


def public_key_of(seed: bytes) -> bytes:
    """The 32-byte Ed25519 public key of a 32-byte seed."""
    return (
        Ed25519PrivateKey.from_private_bytes(seed)
        .public_key()
        .public_bytes(Encoding.Raw, PublicFormat.Raw)
    )


def secret_key_from_multibase(value: str) -> bytes:
    """The 32-byte seed of a Multikey Ed25519 secret key (``z`` + 0x8026 + seed [+ public])."""
    try:
        raw = decode_z(value)
    except MultibaseError as error:
        raise CredentialError("malformed", f"not a secret key: {error}") from error
    body = raw[2:]
    if raw[:2] != ED25519_PRIV_PREFIX or len(body) not in (32, 64):
        raise CredentialError("malformed", "not an Ed25519 Multikey secret key (0x8026 + seed)")
    seed = body[:32]
    if len(body) == 64 and body[32:] != public_key_of(seed):
        raise CredentialError("malformed", "this secret key's public half is not its own")
    return seed


def secret_key_multibase(seed: bytes) -> str:
    return encode_z(ED25519_PRIV_PREFIX + seed)


def did_key(public_key: bytes) -> str:
    """``did:key:z6Mk…`` for a 32-byte Ed25519 public key."""
    return DID_KEY + ed25519_multikey(public_key)


def did_key_verification_method(public_key: bytes) -> str:
    """``did:key:z6Mk…#z6Mk…``, the verification method of a did:key."""
    multikey = ed25519_multikey(public_key)
    return f"{DID_KEY}{multikey}#{multikey}"


@dataclass(frozen=True)
class ResolvedKey:
    """A verification method's public key and its controller (the DID or URL it belongs to)."""

    public_key: bytes
    controller: str


def resolve_did_key(verification_method: str) -> ResolvedKey:
    """The key of a ``did:key:z6Mk…#z6Mk…`` verification method, which holds it."""
    did, _hash, fragment = verification_method.partition("#")
    if not did.startswith(DID_KEY):
        raise CredentialError(
            "unknown_key",
            f"the key of '{verification_method}' is not known: only a did:key holds its key, "
            "others are resolved by the caller",
        )
    multikey = did[len(DID_KEY) :]
    if fragment != multikey:
        raise CredentialError(
            "unknown_key",
            f"'{verification_method}' is not a did:key verification method "
            "(did:key:z6Mk…#z6Mk…, the same key twice)",
        )
    try:
        return ResolvedKey(public_key=ed25519_from_multikey(multikey), controller=did)
    except MultibaseError as error:
        raise CredentialError("unknown_key", f"'{verification_method}': {error}") from error

"""Multibase base58btc and Multikey Ed25519 public keys, as Data Integrity EdDSA uses them.

A ``proofValue`` is ``z`` + base58btc(signature); an Ed25519 ``publicKeyMultibase`` is
``z`` + base58btc(0xed 0x01 + the 32-byte key), so it starts with ``z6Mk``.
"""

from __future__ import annotations

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(_ALPHABET)}
ED25519_PUB_PREFIX = b"\xed\x01"


class MultibaseError(ValueError):
    """Not a base58btc multibase value of the expected shape."""


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = []
    while number:
        number, digit = divmod(number, 58)
        out.append(_ALPHABET[digit])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(out))


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        try:
            number = number * 58 + _INDEX[char]
        except KeyError:
            raise MultibaseError(f"{char!r} is not a base58btc character") from None
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def encode_z(data: bytes) -> str:
    return "z" + b58encode(data)


def decode_z(value: str) -> bytes:
    if not value.startswith("z"):
        raise MultibaseError("a base58btc multibase value starts with 'z'")
    return b58decode(value[1:])


def ed25519_multikey(public_key: bytes) -> str:
    if len(public_key) != 32:
        raise MultibaseError("an Ed25519 public key is 32 bytes")
    return encode_z(ED25519_PUB_PREFIX + public_key)


def ed25519_from_multikey(value: str) -> bytes:
    raw = decode_z(value)
    if len(raw) != 34 or not raw.startswith(ED25519_PUB_PREFIX):
        raise MultibaseError("not an Ed25519 Multikey (z6Mk…, 0xed01 and 32 bytes)")
    return raw[2:]

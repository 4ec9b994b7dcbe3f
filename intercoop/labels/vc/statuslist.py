"""W3C Bitstring Status List v1.0: the list as bits, its ``encodedList``, and the documents.

A status list is a bitstring; the credential at index ``i`` is revoked (or suspended) when bit
``i`` is 1. Index 0 is the leftmost bit: the most significant bit of the first byte. The
``encodedList`` is the multibase base64url (``u``, no padding) of the GZIP of the bitstring,
which must hold at least 131,072 bits (16 KB), so that one credential's entry is lost among
many.
"""

from __future__ import annotations

import base64
import gzip
import io
from datetime import datetime
from typing import Any

from intercoop.labels.vc.errors import CredentialError

MIN_BITS = 131_072
# A list that decompresses to more than this is refused (a GZIP bomb in a list we fetch).
MAX_BYTES = 16 * 1024 * 1024
PURPOSES = ("revocation", "suspension")


def empty(bits: int = MIN_BITS) -> bytearray:
    if bits < MIN_BITS or bits % 8:
        raise ValueError(f"a status list holds at least {MIN_BITS} bits, a multiple of 8")
    return bytearray(bits // 8)


def get_bit(bits: bytes, index: int) -> bool:
    byte, offset = divmod(index, 8)
    return bool(bits[byte] & (0x80 >> offset))


def set_bit(bits: bytearray, index: int, value: bool) -> None:
    byte, offset = divmod(index, 8)
    if value:
        bits[byte] |= 0x80 >> offset
    else:
        bits[byte] &= ~(0x80 >> offset) & 0xFF


def encode(bits: bytes | bytearray) -> str:
    # mtime=0: the same bits always give the same encodedList.
    compressed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode(encoded: object) -> bytes:
    """The bitstring of an ``encodedList``; ``CredentialError`` if it is not one."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise CredentialError("malformed", "encodedList is not multibase base64url ('u…')")
    body = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        with gzip.GzipFile(fileobj=io.BytesIO(compressed)) as stream:
            bits = stream.read(MAX_BYTES + 1)
    except (ValueError, OSError, EOFError) as error:
        raise CredentialError("malformed", f"encodedList is not GZIP data: {error}") from error
    if len(bits) > MAX_BYTES:
        raise CredentialError("malformed", "the status list is larger than 16 MB")
    if len(bits) * 8 < MIN_BITS:
        raise CredentialError(
            "malformed", f"the status list holds {len(bits) * 8} bits, fewer than {MIN_BITS}"
        )
    return bits


def list_credential(
    *, id: str, issuer: dict[str, Any] | str, purpose: str, bits: bytes, valid_from: datetime
) -> dict[str, Any]:
    """An unsigned ``BitstringStatusListCredential``."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown status purpose {purpose!r}")
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": f"{id}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode(bits),
        },
    }


def entry(*, list_id: str, purpose: str, index: int) -> dict[str, Any]:
    """A credential's ``BitstringStatusListEntry`` at ``index`` of the list ``list_id``."""
    return {
        "id": f"{list_id}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_id,
    }

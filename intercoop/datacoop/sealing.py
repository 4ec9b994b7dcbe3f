"""Sealing a row's sensitive cells at rest, with libsodium.

A row's sensitive cells are written as one JSON object and sealed with XChaCha20-Poly1305
(libsodium's ``crypto_aead_xchacha20poly1305_ietf``, a random 24-byte nonce per sealing) under
the **data co-operative key**: 32 random bytes in the file ``INTERCOOP_DATACOOP_KEY_FILE``
(by default ``datacoop_key`` in the data directory), made with mode 0600 at first use, as the
labels' key is (``intercoop.core.keyfile``). The associated data binds the sealed cells to their
dataset, row and member: cells copied to another row, or to another member's row, do not open.

Stored: a version byte (1), the nonce, then the ciphertext with its 16-byte tag. Who opens them,
and when, is in docs/datacoop.md ("Who can decrypt").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final
from uuid import UUID

import nacl.bindings
import nacl.exceptions
import nacl.utils
from django.conf import settings

from intercoop.core.errors import ServiceError
from intercoop.core.keyfile import KeyFileError, key_from_file

VERSION: Final = b"\x01"
KEY_BYTES: Final = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_KEYBYTES
NONCE_BYTES: Final = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES


class SealingError(ServiceError):
    code = "datacoop_sealing"
    status = 500


def _key() -> bytes:
    path = Path(settings.DATACOOP_KEY_FILE)
    try:
        return key_from_file(path, size=KEY_BYTES)
    except KeyFileError as exc:
        raise SealingError(f"The data co-operative key file: {exc}") from exc


def binding(*, dataset: UUID, row: UUID, member_id: int | None) -> bytes:
    """The associated data of a row's sealed cells."""
    return f"intercoop-datacoop-v1|{dataset}|{row}|{member_id or ''}".encode()


def seal(cells: dict[str, Any], *, dataset: UUID, row: UUID, member_id: int | None) -> bytes:
    """The cells sealed; no cells, nothing (``b""``)."""
    if not cells:
        return b""
    plain = json.dumps(cells, sort_keys=True, separators=(",", ":")).encode()
    nonce = nacl.utils.random(NONCE_BYTES)
    sealed = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(
        plain, binding(dataset=dataset, row=row, member_id=member_id), nonce, _key()
    )
    return VERSION + nonce + sealed


def unseal(sealed: bytes, *, dataset: UUID, row: UUID, member_id: int | None) -> dict[str, Any]:
    if not sealed:
        return {}
    sealed = bytes(sealed)
    if sealed[:1] != VERSION:
        raise SealingError("These sealed cells are of an unknown version.")
    nonce, box = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
    try:
        plain = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
            box, binding(dataset=dataset, row=row, member_id=member_id), nonce, _key()
        )
    except nacl.exceptions.CryptoError as exc:
        raise SealingError(
            "These sealed cells cannot be opened: the data co-operative key file was replaced "
            "or lost, or the cells were moved to another row."
        ) from exc
    cells: dict[str, Any] = json.loads(plain)
    return cells

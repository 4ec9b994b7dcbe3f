"""Where the issuers' private keys live: sealed in the database, under a key kept outside it.

Each issuer key's 32-byte Ed25519 seed is sealed with libsodium's secretbox (XSalsa20-Poly1305,
a random nonce per key) under the **labels key**: 32 random bytes in the file
``INTERCOOP_LABELS_KEY_FILE`` (by default ``labels_key`` in the data directory), created with
mode 0600 at first use. A copy of the database alone (a backup, a dump) does not give the keys;
the database and that file together do. Production puts the file on a secrets mount and backs it
up apart from the database (``docs/labels.md``, "Issuer keys").

If the file is lost, the sealed seeds cannot be opened: an issuer rotates its key (the new one is
sealed under the new file) and what the old keys signed keeps verifying, since verification
needs only the public keys in the DID document.
"""

from __future__ import annotations

from pathlib import Path

import nacl.exceptions
import nacl.secret
from django.conf import settings

from intercoop.core.errors import ServiceError
from intercoop.core.keyfile import KeyFileError, key_from_file

KEY_BYTES = nacl.secret.SecretBox.KEY_SIZE  # 32


class KeystoreError(ServiceError):
    code = "labels_keystore"
    status = 500


def _key_file() -> Path:
    return Path(settings.LABELS_KEY_FILE)


def _labels_key() -> bytes:
    path = _key_file()
    try:
        return key_from_file(path, size=KEY_BYTES)
    except KeyFileError as exc:
        raise KeystoreError(f"The labels key file {path}: {exc}") from exc


def seal(seed: bytes) -> bytes:
    """The seed sealed under the labels key: nonce (24 bytes) + ciphertext (48 bytes)."""
    return bytes(nacl.secret.SecretBox(_labels_key()).encrypt(seed))


def unseal(sealed: bytes) -> bytes:
    try:
        return bytes(nacl.secret.SecretBox(_labels_key()).decrypt(bytes(sealed)))
    except nacl.exceptions.CryptoError as exc:
        raise KeystoreError(
            "This issuer key cannot be opened with the labels key file: the file was replaced "
            "or lost. Rotate the issuer's key to sign again; what it signed still verifies."
        ) from exc

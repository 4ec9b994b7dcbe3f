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

import contextlib
import os
from pathlib import Path

import nacl.exceptions
import nacl.secret
import nacl.utils
from django.conf import settings

from intercoop.core.errors import ServiceError

KEY_BYTES = nacl.secret.SecretBox.KEY_SIZE  # 32


class KeystoreError(ServiceError):
    code = "labels_keystore"
    status = 500


def _key_file() -> Path:
    return Path(settings.LABELS_KEY_FILE)


def _labels_key() -> bytes:
    path = _key_file()
    if not path.exists():
        _create(path)
    try:
        text = path.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise KeystoreError(f"The labels key file {path} cannot be read: {exc}") from exc
    if len(key) != KEY_BYTES:
        raise KeystoreError(
            f"The labels key file {path} must hold {KEY_BYTES} bytes in hexadecimal; "
            f"it holds {len(key)}."
        )
    return key


def _create(path: Path) -> None:
    """Write a new key to a private temporary file, then link it into place: another process
    creating it at the same time finds either no file or a whole one, and one key wins."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{nacl.utils.random(8).hex()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(nacl.utils.random(KEY_BYTES).hex().encode("ascii"))
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


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

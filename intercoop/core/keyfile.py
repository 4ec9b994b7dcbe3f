"""Keys kept in a file outside the database: read, or made once at first use.

A key file holds random bytes in hexadecimal, mode 0600. The labels' keystore (the issuers'
signing seeds) and the data co-operative's sealed cells each have their own file; a copy of the
database alone (a backup, a dump) does not open what they seal.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import nacl.utils


class KeyFileError(Exception):
    """The key file exists but cannot be read, or holds a key of the wrong size."""


def key_from_file(path: Path, *, size: int) -> bytes:
    """The key in ``path``; a new random one is written there first if there is no file."""
    if not path.exists():
        _create(path, size)
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"The key file {path} cannot be read: {exc}") from exc
    if len(key) != size:
        raise KeyFileError(
            f"The key file {path} must hold {size} bytes in hexadecimal; it holds {len(key)}."
        )
    return key


def _create(path: Path, size: int) -> None:
    """Write a new key to a private temporary file, then link it into place: another process
    creating it at the same time finds either no file or a whole one, and one key wins."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{nacl.utils.random(8).hex()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(nacl.utils.random(size).hex().encode("ascii"))
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)

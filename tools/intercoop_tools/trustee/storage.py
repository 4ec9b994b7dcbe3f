"""Reading a trustee's files from disk and writing them so that a crash leaves either the old or
the whole new file (the credential authority's tool writes its files the same way).
"""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path

from intercoop_tools.trustee.formats import TrusteeFileError, parse_json


def read_json_file(path: Path, *, label: str) -> object:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TrusteeFileError(f"cannot read the {label} {path}: {exc.strerror or exc}") from exc
    return parse_json(data, label=f"{label} {path}")


def _fsync_directory(directory: Path) -> None:
    if os.name != "posix":
        return
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _public_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_file_atomically(path: Path, data: bytes, *, secret: bool, create: bool = False) -> None:
    """Write ``data`` to a temporary file in the same directory, then move it into place, so that
    ``path`` always holds either the old or the whole new content. A secret file gets mode 0600
    from the start. With ``create``, an existing ``path`` is never replaced."""
    directory = path.parent
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise TrusteeFileError(f"cannot write in {directory}: {exc.strerror or exc}") from exc
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:  # mkstemp creates it 0600
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if not secret:
            temporary.chmod(_public_mode())
        if create:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise
            except OSError:
                # No hard links (e.g. a FAT-formatted key): check, then rename.
                if path.exists():
                    raise FileExistsError(path) from None
                os.replace(temporary, path)
        else:
            os.replace(temporary, path)
    except FileExistsError as exc:
        raise TrusteeFileError(f"{path} already exists; it was not replaced") from exc
    except OSError as exc:
        raise TrusteeFileError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        with suppress(FileNotFoundError):
            temporary.unlink()
    _fsync_directory(directory)

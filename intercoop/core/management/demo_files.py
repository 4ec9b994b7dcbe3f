"""Where the demo (ballots' ``demo`` command) writes its private files, which ``serve`` names
when it starts: both are in the data directory."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

# In the data directory: Alice's credential for the open verifiable vote, and how to use it.
DEMO_CREDENTIALS_FILE = "demo-credentials.txt"
# In the data directory: the open vote's credential letters, printed by its credential authority
# (played by the demo) for the members without an account.
DEMO_LETTERS_FILE = "demo-credential-letters.html"


def demo_credentials_path() -> Path:
    return Path(settings.DATA_DIR) / DEMO_CREDENTIALS_FILE


def demo_letters_path() -> Path:
    return Path(settings.DATA_DIR) / DEMO_LETTERS_FILE


def shown_path(path: Path) -> str:
    """``path`` relative to the current directory when it is below it (var/…), else whole."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)

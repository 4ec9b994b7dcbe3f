"""Shared by the ``test_credentials_*`` tests (this module holds no test): an election's voters
file as the server builds it, and the credential authority running ``intercoop-credentials``
(through ``main``) on real files."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from intercoop_tools.credentials import main, parse_keys_file, voters_file, voters_hash
from intercoop_tools.record.encoding import hash_json

ELECTION_ID = "coop-vote"
DESCRIPTION_HASH = hash_json({"election": ELECTION_ID})
VOTERS: list[dict[str, Any]] = [
    {"voter": 17, "name": "Ana Lima", "email": "ana@example.org", "college": "workers"},
    {"voter": 4, "name": 'Bo "Bob" Berg, Jr.', "email": "bo@example.org", "college": "users"},
    {"voter": 9, "name": "Chloé Dupré", "email": "chloe@example.org", "college": "users"},
    {"voter": 23, "name": "Dan Ng", "email": "", "college": "workers"},
]
VOTER_IDS = [entry["voter"] for entry in VOTERS]
VOTERS_HASH = voters_hash(VOTERS)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text())


def write_json(path: Path, value: object) -> Path:
    path.write_text(json.dumps(value))
    return path


def run(*argv: object) -> int:
    return main([str(a) for a in argv])


def server_voters_file(directory: Path) -> Path:
    """The voters file the server hands the authority."""
    return write_json(
        directory / "voters.json",
        voters_file(election_id=ELECTION_ID, description_hash=DESCRIPTION_HASH, voters=VOTERS),
    )


def read_codes(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def server_reads(keys: object) -> dict[int, bytes]:
    """The server's check of the keys file the authority handed in."""
    return parse_keys_file(
        keys,
        election_id=ELECTION_ID,
        description_hash=DESCRIPTION_HASH,
        voters_hash=VOTERS_HASH,
        voters=VOTER_IDS,
    )

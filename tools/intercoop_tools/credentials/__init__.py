"""``intercoop-credentials``: the credential authority's tool, so that the server cannot add
ballots.

In the default mode the server makes every voter's credential when the vote opens, emails the
codes and is trusted to forget them. With an independent **credential authority**, a person who
is not the server makes the credentials on their own computer:

1. the server gives the authority a **voters file** (the election, and the frozen list of voters
   with their name, email and college);
2. ``make`` draws a fresh Ed25519 credential per voter and writes two files: the public **keys
   file** (one public key per voter, handed in on the authority's page) and the **codes CSV**
   (``name,email,college,code``; secret, mode 0600) that the authority sends out by mail merge
   and then destroys;
3. the server checks the keys file (``parse_keys_file``) and puts the public keys on the roll.

The server never sees a code, so it cannot cast a ballot in a voter's name. The formats are
specified in ``docs/credential-authority.md``. The package holds the formats (``formats``) and
the command line (``cli``); it also holds what the server needs to
build the voters file (``voters_file``, ``voters_hash``) and to check the keys file, so that the
server and the tool agree by construction. Like ``intercoop-trustee`` it imports no Django: only
the pure core (``crypto``, ``record``), the trustee tool's file helpers and PyNaCl.
"""

from intercoop_tools.credentials.cli import main
from intercoop_tools.credentials.formats import (
    CODE_LETTERS,
    CREDENTIAL_GROUPS,
    CSV_COLUMNS,
    FORMAT_KEYS,
    FORMAT_VOTERS,
    HASH_BYTES,
    KEY_BYTES,
    LABELS,
    MAX_TEXT,
    MAX_VOTER_ID,
    MAX_VOTERS,
    SEED_BYTES,
    VERSION,
    CredentialFileError,
    VotersFile,
    codes_csv,
    credential_code,
    credential_seed,
    letter_rows,
    make_credentials,
    parse_json,
    parse_keys_file,
    parse_voters_file,
    read_codes_csv,
    voters_file,
    voters_hash,
)

__all__ = [
    "CODE_LETTERS",
    "CREDENTIAL_GROUPS",
    "CSV_COLUMNS",
    "FORMAT_KEYS",
    "FORMAT_VOTERS",
    "HASH_BYTES",
    "KEY_BYTES",
    "LABELS",
    "MAX_TEXT",
    "MAX_VOTERS",
    "MAX_VOTER_ID",
    "SEED_BYTES",
    "VERSION",
    "CredentialFileError",
    "VotersFile",
    "codes_csv",
    "credential_code",
    "credential_seed",
    "letter_rows",
    "main",
    "make_credentials",
    "parse_json",
    "parse_keys_file",
    "parse_voters_file",
    "read_codes_csv",
    "voters_file",
    "voters_hash",
]

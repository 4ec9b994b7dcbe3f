"""The credential authority's file formats, shared by the server and ``intercoop-credentials``:
the credential code, the voters file the server hands out, making the credentials, the codes CSV,
and the keys file the server checks (``docs/credential-authority.md``, part 2)."""

from __future__ import annotations

import base64
import csv
import io
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import nacl.signing

from intercoop_tools.crypto.ballot import check_credential
from intercoop_tools.crypto.errors import CryptoError
from intercoop_tools.crypto.group import parse_hex
from intercoop_tools.crypto.jsonshape import expect_int, expect_list, expect_object
from intercoop_tools.record.encoding import expect_identifier, expect_str, hash_json
from intercoop_tools.trustee.formats import (
    TrusteeFileError,
    decode_hash,
    expect_file_header,
)
from intercoop_tools.trustee.formats import parse_json as _parse_json

VERSION = 1
HASH_BYTES = 32
SEED_BYTES = 32
KEY_BYTES = 32

FORMAT_VOTERS = "intercoop-credential-voters"
FORMAT_KEYS = "intercoop-credential-keys"

#: The human name of each format, used in messages.
LABELS = {
    FORMAT_VOTERS: "voters file",
    FORMAT_KEYS: "keys file",
}

#: Bounds on a voter entry.
MAX_TEXT = 300
MAX_VOTER_ID = 2**63 - 1
MAX_VOTERS = 1_000_000

#: The columns of the codes CSV, in order.
CSV_COLUMNS = ("name", "email", "college", "code")

CREDENTIAL_GROUPS = re.compile(r"[^A-Z2-7]")
CODE_LETTERS = 52

#: Control characters (a line break in a name would break a mail merge).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: A spreadsheet reads a cell that starts with one of these as a formula. A formula in a name
#: could send the codes of the CSV elsewhere when the authority opens it, so such text is refused.
_FORMULA_START = ("=", "+", "-", "@")


class CredentialFileError(CryptoError):
    """A voters or keys file is refused, or ``make`` cannot be done. The message says what is
    wrong and where; ``voter`` is the voter concerned when there is one."""

    def __init__(self, message: str, *, voter: int | None = None) -> None:
        self.message = message
        self.voter = voter
        super().__init__(message)


@contextmanager
def _reading(label: str) -> Iterator[None]:
    """Turn the core's errors into a :class:`CredentialFileError` that names the file."""
    try:
        yield
    except CredentialFileError:
        raise
    except CryptoError as exc:
        raise CredentialFileError(f"{label}: {exc}") from exc


# --- the credential code ------------------------------------------------------------------------


def credential_code(seed: bytes) -> str:
    """A credential as the voter types it: base32, in groups of four."""
    text = base64.b32encode(seed).decode().rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def credential_seed(code: str) -> bytes:
    """The seed of a credential code (spaces, dashes and case do not matter)."""
    text = CREDENTIAL_GROUPS.sub("", code.upper())
    if len(text) != CODE_LETTERS:
        raise ValueError("a credential code has 52 letters and digits")
    return base64.b32decode(text + "====")


def _public_key(seed: bytes) -> bytes:
    return bytes(nacl.signing.SigningKey(seed).verify_key)


# --- strict JSON and small decoders -------------------------------------------------------------


def parse_json(data: bytes | str, *, label: str = "file") -> object:
    """Strict JSON (UTF-8, no duplicate keys, no NaN or Infinity), as ``intercoop-trustee``
    reads it. The server reads an uploaded keys file with it. Raises CredentialFileError."""
    try:
        return _parse_json(data, label=label)
    except TrusteeFileError as exc:
        raise CredentialFileError(exc.message) from exc


def _expect_file(value: object, *, fmt: str, keys: Sequence[str]) -> dict[str, object]:
    """The header (``format``, ``version``) and exactly ``keys`` besides it."""
    try:
        return expect_file_header(value, fmt=fmt, label=LABELS[fmt], keys=keys)
    except TrusteeFileError as exc:
        raise CredentialFileError(exc.message) from exc


def _text(value: object, *, where: str, label: str) -> str:
    """A name or an email: at most MAX_TEXT characters (may be empty), no control character, and
    nothing a spreadsheet would run as a formula."""
    with _reading(label):
        text = expect_str(value, where=where, maximum=MAX_TEXT)
    if _CONTROL.search(text) is not None:
        raise CredentialFileError(f"{label}: {where}: control characters are not allowed")
    if text.startswith(_FORMULA_START):
        raise CredentialFileError(
            f"{label}: {where}: must not start with {', '.join(_FORMULA_START)} (a spreadsheet "
            "would read it as a formula)"
        )
    return text


def _voter_entry(value: object, *, where: str, label: str) -> dict[str, Any]:
    """One voter, checked and normalised to ``{"voter", "name", "email", "college"}``."""
    if isinstance(value, Mapping) and not isinstance(value, dict):
        value = dict(value)
    with _reading(label):
        obj = expect_object(value, ("voter", "name", "email", "college"), where=where)
        voter = expect_int(obj["voter"], where=f"{where}.voter", minimum=1, maximum=MAX_VOTER_ID)
        college = expect_identifier(obj["college"], where=f"{where}.college")
    name = _text(obj["name"], where=f"{where}.name", label=label)
    email = _text(obj["email"], where=f"{where}.email", label=label)
    return {"voter": voter, "name": name, "email": email, "college": college}


def _voter_entries(value: object, *, where: str, label: str) -> list[dict[str, Any]]:
    with _reading(label):
        items = expect_list(value, where=where)
    if not items:
        raise CredentialFileError(f"{label}: {where}: there are no voters")
    if len(items) > MAX_VOTERS:
        raise CredentialFileError(f"{label}: {where}: more than {MAX_VOTERS} voters")
    entries: list[dict[str, Any]] = []
    seen: set[int] = set()
    for k, item in enumerate(items):
        entry = _voter_entry(item, where=f"{where}[{k}]", label=label)
        if entry["voter"] in seen:
            raise CredentialFileError(
                f"{label}: {where}[{k}]: voter {entry['voter']} is listed twice",
                voter=entry["voter"],
            )
        seen.add(entry["voter"])
        entries.append(entry)
    return entries


# --- 1. the voters file -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VotersFile:
    """What the server gives the credential authority: the election and its voters, in order.
    Each voter is ``{"voter": int, "name": str, "email": str, "college": str}``."""

    election_id: str
    description_hash: bytes
    voters: tuple[dict[str, Any], ...]

    @property
    def voters_hash(self) -> bytes:
        return voters_hash(self.voters)


def voters_hash(voters: Sequence[Mapping[str, Any]]) -> bytes:
    """The hash of a voters file's ``voters`` list: what the keys file carries as
    ``voters_hash``, and the fingerprint the authority compares with the server's."""
    return hash_json([dict(entry) for entry in voters])


def voters_file(
    *, election_id: str, description_hash: bytes, voters: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """Server side: the voters file. ``voters`` lists each voter's entry ``{"voter": id,
    "name", "email", "college"}`` in the roll's order (the ids unique positive integers)."""
    label = LABELS[FORMAT_VOTERS]
    with _reading(label):
        election_id = expect_identifier(election_id, where="election_id")
    if not isinstance(description_hash, bytes) or len(description_hash) != HASH_BYTES:
        raise CredentialFileError(f"{label}: description_hash: expected {HASH_BYTES} bytes")
    entries = _voter_entries(list(voters), where="voters", label=label)
    return {
        "format": FORMAT_VOTERS,
        "version": VERSION,
        "election_id": election_id,
        "description_hash": description_hash.hex(),
        "voters": entries,
    }


def parse_voters_file(value: object) -> VotersFile:
    """The voters file, every entry checked (a voter listed twice is refused)."""
    label = LABELS[FORMAT_VOTERS]
    obj = _expect_file(value, fmt=FORMAT_VOTERS, keys=("election_id", "description_hash", "voters"))
    with _reading(label):
        election_id = expect_identifier(obj["election_id"], where="election_id")
        description_hash = decode_hash(obj["description_hash"], where="description_hash")
    entries = _voter_entries(obj["voters"], where="voters", label=label)
    return VotersFile(election_id, description_hash, tuple(entries))


# --- 2. making the credentials ------------------------------------------------------------------


def make_credentials(voters: VotersFile) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A fresh credential per voter. Returns the public keys file and the code rows
    ``{"voter", "name", "email", "college", "code"}`` (secret), both in the voters' order."""
    credentials: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    seen: set[bytes] = set()
    for entry in voters.voters:
        seed = os.urandom(SEED_BYTES)
        public = _public_key(seed)
        if public in seen:  # 2**-200: a broken random generator, not bad luck
            raise CredentialFileError("the random generator repeated itself; nothing was made")
        seen.add(public)
        credentials.append({"voter": entry["voter"], "credential": public.hex()})
        rows.append(
            {
                "voter": entry["voter"],
                "name": entry["name"],
                "email": entry["email"],
                "college": entry["college"],
                "code": credential_code(seed),
            }
        )
        del seed
    keys = {
        "format": FORMAT_KEYS,
        "version": VERSION,
        "election_id": voters.election_id,
        "description_hash": voters.description_hash.hex(),
        "voters_hash": voters.voters_hash.hex(),
        "credentials": credentials,
    }
    return keys, rows


def codes_csv(rows: Sequence[Mapping[str, Any]]) -> bytes:
    """The codes CSV: a header line ``name,email,college,code`` then one line per voter (UTF-8,
    CRLF line ends, quoted where needed, as ``csv`` writes it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row[column] for column in CSV_COLUMNS])
    return out.getvalue().encode("utf-8")


def read_codes_csv(data: bytes) -> list[dict[str, str]]:
    """The codes CSV as ``make`` writes it: the header ``name,email,college,code``, then one row
    of four fields per voter."""
    label = "codes CSV"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CredentialFileError(f"{label}: not UTF-8 (byte {exc.start})") from exc
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise CredentialFileError(f"{label}: {exc}") from exc
    if not lines or tuple(lines[0]) != CSV_COLUMNS:
        raise CredentialFileError(f"{label}: the first line must be {','.join(CSV_COLUMNS)}")
    rows = []
    for number, fields in enumerate(lines[1:], start=2):
        if len(fields) != len(CSV_COLUMNS):
            raise CredentialFileError(
                f"{label}: line {number}: expected {len(CSV_COLUMNS)} fields, found {len(fields)}"
            )
        rows.append(dict(zip(CSV_COLUMNS, fields, strict=True)))
    return rows


def letter_rows(
    voters: VotersFile, keys: Mapping[int, bytes], codes: Sequence[Mapping[str, str]]
) -> list[dict[str, Any]]:
    """Each voter with their code ``{"voter", "name", "email", "college", "code"}``, in the
    voters' order, once every code is checked: the CSV lists the voters file's voters in its
    order, and each code derives (as the booth derives it) the public key the keys file lists
    for its voter. So a letter never carries a code of another run, or another voter's."""
    label = "codes CSV"
    if len(codes) != len(voters.voters):
        raise CredentialFileError(
            f"{label}: it lists {len(codes)} voter(s), the voters file {len(voters.voters)}: "
            "it was made for another list of voters"
        )
    out = []
    for number, (entry, row) in enumerate(zip(voters.voters, codes, strict=True), start=2):
        voter = entry["voter"]
        if (row["name"], row["email"], row["college"]) != (
            entry["name"],
            entry["email"],
            entry["college"],
        ):
            raise CredentialFileError(
                f"{label}: line {number} is {row['name']!r}, not voter {voter} "
                f"({entry['name']!r}) of the voters file: it was made for another list of voters",
                voter=voter,
            )
        try:
            seed = credential_seed(row["code"])
        except ValueError as exc:
            raise CredentialFileError(
                f"{label}: line {number}: the code of voter {voter} is not a credential code: "
                f"{exc}",
                voter=voter,
            ) from exc
        if _public_key(seed) != keys[voter]:
            raise CredentialFileError(
                f"{label}: line {number}: the code of voter {voter} does not derive their public "
                "key in the keys file: the CSV and the keys file come from different runs of make",
                voter=voter,
            )
        out.append({**entry, "code": credential_code(seed)})
        del seed
    return out


# --- 3. the keys file (server side) -------------------------------------------------------------


def parse_keys_file(
    value: object,
    *,
    election_id: str,
    description_hash: bytes,
    voters_hash: bytes,
    voters: Sequence[int],
) -> dict[int, bytes]:
    """Server side: the authority's upload. Returns each voter's Ed25519 public key, after every
    check: this election and this voters list, exactly one credential per voter of ``voters``
    (no missing, extra or repeated voter), every key a valid point that is not the identity, and
    no two voters with the same key. A refusal names the voter."""
    label = LABELS[FORMAT_KEYS]
    expected = list(voters)
    if len(set(expected)) != len(expected):
        raise ValueError("voters: a voter is listed twice")
    obj = _expect_file(
        value,
        fmt=FORMAT_KEYS,
        keys=("election_id", "description_hash", "voters_hash", "credentials"),
    )
    with _reading(label):
        stated_election = expect_identifier(obj["election_id"], where="election_id")
        stated_description = decode_hash(obj["description_hash"], where="description_hash")
        stated_voters = decode_hash(obj["voters_hash"], where="voters_hash")
    if stated_election != election_id:
        raise CredentialFileError(
            f"{label}: this file is for election {stated_election!r}, not {election_id!r}"
        )
    if stated_description != description_hash:
        raise CredentialFileError(
            f"{label}: description_hash is {stated_description.hex()}, expected "
            f"{description_hash.hex()}: this file belongs to another election"
        )
    if stated_voters != voters_hash:
        raise CredentialFileError(
            f"{label}: voters_hash is {stated_voters.hex()}, expected {voters_hash.hex()}: the "
            "credentials were made for another list of voters"
        )
    wanted = set(expected)
    keys: dict[int, bytes] = {}
    owner: dict[bytes, int] = {}
    with _reading(label):
        items = expect_list(obj["credentials"], where="credentials")
    for k, item in enumerate(items):
        here = f"credentials[{k}]"
        with _reading(label):
            entry = expect_object(item, ("voter", "credential"), where=here)
            voter = expect_int(
                entry["voter"], where=f"{here}.voter", minimum=1, maximum=MAX_VOTER_ID
            )
        if voter not in wanted:
            raise CredentialFileError(
                f"{label}: {here}: voter {voter} is not on the list of voters", voter=voter
            )
        if voter in keys:
            raise CredentialFileError(
                f"{label}: {here}: voter {voter} has more than one credential", voter=voter
            )
        try:
            key = check_credential(
                parse_hex(entry["credential"], length=KEY_BYTES, where=f"{here}.credential"),
                where=f"{here}.credential",
            )
        except CryptoError as exc:
            raise CredentialFileError(
                f"{label}: voter {voter}'s credential is not a valid public key: {exc}",
                voter=voter,
            ) from exc
        if key in owner:
            raise CredentialFileError(
                f"{label}: voters {owner[key]} and {voter} have the same credential",
                voter=voter,
            )
        owner[key] = voter
        keys[voter] = key
    missing = [voter for voter in expected if voter not in keys]
    if missing:
        shown = ", ".join(str(v) for v in missing[:10]) + (", ..." if len(missing) > 10 else "")
        raise CredentialFileError(
            f"{label}: {len(missing)} voter(s) have no credential: {shown}", voter=missing[0]
        )
    return keys

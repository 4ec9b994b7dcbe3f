"""``intercoop-trustee``: a trustee's side of the key ceremony and of threshold decryption.

A trustee's secrets (the polynomial of the ceremony, then the key share) live in a **secret file**
on the trustee's own machine and never reach the server. The trustee exchanges only public or
encrypted files with the server, through the election's web pages:

1. the server gives the trustee a **description file** (the election, the trustee's index);
2. ``start`` creates the secret file and writes the public **commitment file** (the dealer
   commitment of C§6 step 1 and an X25519 "box" public key for receiving shares);
3. the server collects every commitment into the **commitments file**;
4. ``shares`` checks every commitment and writes the **shares file**: the trustee's share for
   every other trustee, each encrypted and authenticated with ``nacl.public.Box``;
5. the server hands each trustee the boxes addressed to it (**shares-for-you file**);
6. ``finish`` opens and checks every share (a bad one names its dealer), stores the key share,
   forgets the polynomial, and writes the **confirmation file** (verification key, joint key);
7. at the count, ``decrypt`` reads the **tally file** (the manifest and the published colleges'
   sums) and the public **board file** (``--board``), checks that the sums are exactly the
   published colleges' sums of the ballots counted on that board (so that the trustee is no
   decryption oracle for a single ballot or a withheld college), and writes the **decryption
   file** (a proven decryption share per ciphertext).

The formats are specified in ``docs/trustees.md``. This module also holds what the server needs
to validate uploads (``parse_commitment_file``, ``parse_shares_file``,
``parse_confirmation_file``, ``parse_decryption_file``) and to build the files it hands out
(``description_file``, ``commitments_file``, ``shares_for_file``, ``tally_file``), so that the
server and the tool agree by construction. Like ``intercoop-verify`` it imports no Django: only
the pure core (``crypto``, ``record``, ``simulate.college_sums``) and PyNaCl.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import nacl.exceptions
import nacl.public

from intercoop.ballots.crypto.ballot import ballot_verify, canonical_json
from intercoop.ballots.crypto.dkg import (
    MAX_TRUSTEES,
    Dealer,
    DealerCommitment,
    DecryptionShare,
    DkgParameters,
    Share,
    TrusteeKey,
    decryption_share_create,
    joint_public_key,
    trustee_key,
    verify_dealer_commitment,
    verify_decryption_share,
)
from intercoop.ballots.crypto.elgamal import Ciphertext
from intercoop.ballots.crypto.errors import CryptoError, EncodingError, VerificationError
from intercoop.ballots.crypto.group import Point, Scalar, base_mul, parse_hex
from intercoop.ballots.crypto.jsonshape import (
    expect_int,
    expect_list,
    expect_object,
    loads_strict,
)
from intercoop.ballots.crypto.transcript import Context
from intercoop.ballots.record import (
    BoardEntry,
    Description,
    Manifest,
    entry_hash_of,
    expect_identifier,
    hash_json,
    is_published,
    tracker_of,
)
from intercoop.ballots.simulate import college_sums

VERSION = 1
HASH_BYTES = 32
BOX_KEY_BYTES = 32

FORMAT_DESCRIPTION = "intercoop-trustee-description"
FORMAT_SECRET = "intercoop-trustee-secret"  # noqa: S105 - a format name, not a password
FORMAT_COMMITMENT = "intercoop-trustee-commitment"
FORMAT_COMMITMENTS = "intercoop-ceremony-commitments"
FORMAT_SHARES = "intercoop-trustee-shares"
FORMAT_SHARES_FOR = "intercoop-ceremony-shares"
FORMAT_CONFIRMATION = "intercoop-trustee-confirmation"
FORMAT_TALLY = "intercoop-tally-to-decrypt"
FORMAT_DECRYPTION = "intercoop-trustee-decryption"

#: The human name of each format, used in messages.
LABELS = {
    FORMAT_DESCRIPTION: "description file",
    FORMAT_SECRET: "secret file",
    FORMAT_COMMITMENT: "commitment file",
    FORMAT_COMMITMENTS: "commitments file",
    FORMAT_SHARES: "shares file",
    FORMAT_SHARES_FOR: "shares-for-you file",
    FORMAT_CONFIRMATION: "confirmation file",
    FORMAT_TALLY: "tally file",
    FORMAT_DECRYPTION: "decryption file",
}

#: Bounds on an encrypted share (nonce || ciphertext as ``Box.encrypt`` returns it). An honest
#: one is about 140 bytes: a 24-byte nonce, a 16-byte tag and the share's canonical JSON.
BOX_MIN_BYTES = nacl.public.Box.NONCE_SIZE + 16 + 1
BOX_MAX_BYTES = 1024

_HEX = re.compile(r"(?:[0-9a-f]{2})*")
_T = TypeVar("_T")


class TrusteeFileError(CryptoError):
    """A trustee or ceremony file is refused, or a step cannot be done. The message says what is
    wrong and where; ``party`` is the trustee to blame when there is one (a dealer whose share is
    bad, a trustee whose decryption share does not verify)."""

    def __init__(self, message: str, *, party: int | None = None) -> None:
        self.message = message
        self.party = party
        super().__init__(message)


@contextmanager
def _reading(label: str) -> Iterator[None]:
    """Turn the core's errors into a :class:`TrusteeFileError` that names the file."""
    try:
        yield
    except TrusteeFileError:
        raise
    except VerificationError as exc:
        raise TrusteeFileError(f"{label}: {exc}", party=exc.party) from exc
    except CryptoError as exc:
        raise TrusteeFileError(f"{label}: {exc}") from exc


# --- strict JSON --------------------------------------------------------------------------------


def parse_json(data: bytes | str, *, label: str = "file") -> object:
    """Strict JSON (``jsonshape.loads_strict``: UTF-8, no duplicate keys, no NaN or Infinity),
    the one loader of every Intercoop tool. Raises TrusteeFileError."""
    try:
        return loads_strict(data)
    except ValueError as exc:
        raise TrusteeFileError(f"{label}: not valid JSON ({exc})") from exc


def _dumps(value: object) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=True) + "\n").encode()


# --- small decoders -----------------------------------------------------------------------------


def short(value: object) -> str:
    """A value as an error message quotes it, cut at 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _expect_file(value: object, *, fmt: str, keys: Sequence[str]) -> dict[str, object]:
    return expect_file_header(value, fmt=fmt, label=LABELS[fmt], keys=keys)


def expect_file_header(
    value: object, *, fmt: str, label: str, keys: Sequence[str]
) -> dict[str, object]:
    """A versioned file's object: its header (``format`` is ``fmt``, ``version`` is
    :data:`VERSION`) and exactly ``keys`` besides it, or a TrusteeFileError naming ``label``.
    The credential authority's tool reads its files with it too."""
    if not isinstance(value, dict):
        raise TrusteeFileError(f"{label}: expected a JSON object")
    found = value.get("format")
    if found != fmt:
        raise TrusteeFileError(
            f"{label}: this is not a {label} (its format is {short(found)}, expected {fmt!r})"
        )
    version = value.get("version")
    if type(version) is not int or version != VERSION:
        raise TrusteeFileError(
            f"{label}: version {short(version)} is not supported (this tool reads version "
            f"{VERSION}; a newer intercoop may read it)"
        )
    with _reading(label):
        return expect_object(value, ("format", "version", *keys), where="top level")


def _hash(value: object, *, where: str) -> bytes:
    return parse_hex(value, length=HASH_BYTES, where=where)


def _box_public_key(value: object, *, where: str) -> bytes:
    """An X25519 public key that a Box can be made with (low-order points are refused)."""
    data = parse_hex(value, length=BOX_KEY_BYTES, where=where)
    try:
        nacl.public.Box(nacl.public.PrivateKey.generate(), nacl.public.PublicKey(data))
    except nacl.exceptions.CryptoError as exc:
        raise EncodingError("not a usable X25519 public key", where=where) from exc
    return data


def _box(value: object, *, where: str) -> bytes:
    """An encrypted share: lowercase hex of BOX_MIN_BYTES to BOX_MAX_BYTES bytes."""
    if not isinstance(value, str):
        raise EncodingError("expected a hex string", where=where)
    if not 2 * BOX_MIN_BYTES <= len(value) <= 2 * BOX_MAX_BYTES:
        raise EncodingError(
            f"an encrypted share is {BOX_MIN_BYTES} to {BOX_MAX_BYTES} bytes", where=where
        )
    if _HEX.fullmatch(value) is None:
        raise EncodingError("expected lowercase hex (an even number of digits)", where=where)
    return bytes.fromhex(value)


_OTHER_ELECTION = "this file belongs to another election or another ceremony"
_INCONSISTENT = "the file is inconsistent (damaged or altered)"


def _same_hash(
    found: bytes, expected: bytes, *, label: str, what: str, hint: str = _OTHER_ELECTION
) -> None:
    if found != expected:
        raise TrusteeFileError(
            f"{label}: {what} is {found.hex()}, expected {expected.hex()}: {hint}"
        )


def _description_hash(description: Description) -> bytes:
    return hash_json(description.to_json())


def fingerprint(value: bytes) -> str:
    """A hash written in groups of four hex digits, for reading aloud and comparing."""
    text = value.hex()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _box_public_of(secret_key: bytes) -> bytes:
    return bytes(nacl.public.PrivateKey(secret_key).public_key)


# --- 1. description file ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DescriptionFile:
    """What the server gives trustee ``trustee`` before the ceremony."""

    trustee: int
    description: Description
    description_hash: bytes


def description_file(*, description: Description, trustee: int) -> dict[str, Any]:
    """Server side: the description file for trustee ``trustee`` (checks the description)."""
    with _reading(LABELS[FORMAT_DESCRIPTION]):
        description.check()
        description.params().check_index(trustee)
    return {
        "format": FORMAT_DESCRIPTION,
        "version": VERSION,
        "trustee": trustee,
        "description": description.to_json(),
        "description_hash": _description_hash(description).hex(),
    }


def parse_description_file(value: object) -> DescriptionFile:
    label = LABELS[FORMAT_DESCRIPTION]
    obj = _expect_file(
        value, fmt=FORMAT_DESCRIPTION, keys=("trustee", "description", "description_hash")
    )
    with _reading(label):
        description = Description.from_json(obj["description"], where="description")
        description.check()
        stated = _hash(obj["description_hash"], where="description_hash")
        trustee = description.params().check_index(
            expect_int(obj["trustee"], where="trustee"), where="trustee"
        )
    _same_hash(
        _description_hash(description),
        stated,
        label=label,
        what="the hash of its description",
        hint=_INCONSISTENT,
    )
    return DescriptionFile(trustee, description, stated)


# --- the secret file ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Secret:
    """The trustee's secret file. Its stage follows from which fields are set:

    * after ``start``: ``coefficients`` (the polynomial), nothing else;
    * after ``shares``: also ``commitments_hash`` (the commitments the shares were dealt for);
    * after ``finish``: no ``coefficients``; ``key`` (x_j), ``public_key`` and
      ``verification_key`` instead.
    """

    description: Description
    description_hash: bytes
    trustee: int
    # The secrets are kept out of repr(), so that no log or traceback shows them.
    box_secret_key: bytes = field(repr=False)
    commitment: DealerCommitment
    coefficients: tuple[Scalar, ...] | None = field(repr=False)
    commitments_hash: bytes | None
    key: Scalar | None = field(repr=False)
    public_key: Point | None
    verification_key: Point | None

    @property
    def params(self) -> DkgParameters:
        return self.description.params()

    @property
    def box_public_key(self) -> bytes:
        return _box_public_of(self.box_secret_key)

    @property
    def finished(self) -> bool:
        return self.coefficients is None

    def dealer(self) -> Dealer:
        if self.coefficients is None:
            raise TrusteeFileError(
                "secret file: the key ceremony is finished and the polynomial was deleted"
            )
        return Dealer(self.params, self.trustee, self.coefficients)

    def trustee_key(self) -> TrusteeKey:
        if self.key is None or self.verification_key is None:
            raise TrusteeFileError(
                "secret file: the key ceremony is not finished "
                "(run `intercoop-trustee finish` first)"
            )
        return TrusteeKey(self.trustee, self.key, self.verification_key)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": FORMAT_SECRET,
            "version": VERSION,
            "election_id": self.description.election_id,
            "description_hash": self.description_hash.hex(),
            "trustee": self.trustee,
            "trustees": self.description.trustees,
            "threshold": self.description.threshold,
            "description": self.description.to_json(),
            "box_secret_key": self.box_secret_key.hex(),
            "commitment": self.commitment.to_json(),
        }
        if self.coefficients is not None:
            out["coefficients"] = [a.hex() for a in self.coefficients]
        out["commitments_hash"] = (
            None if self.commitments_hash is None else self.commitments_hash.hex()
        )
        out["key"] = None if self.key is None else self.key.hex()
        out["public_key"] = None if self.public_key is None else self.public_key.hex()
        out["verification_key"] = (
            None if self.verification_key is None else self.verification_key.hex()
        )
        return out


_SECRET_KEYS = (
    "election_id",
    "description_hash",
    "trustee",
    "trustees",
    "threshold",
    "description",
    "box_secret_key",
    "commitment",
    "commitments_hash",
    "key",
    "public_key",
    "verification_key",
)


def _optional(value: object, decode: Callable[[object], _T]) -> _T | None:
    return None if value is None else decode(value)


def parse_secret_file(value: object) -> Secret:
    """The secret file, with every consistency check (a damaged file is refused)."""
    label = LABELS[FORMAT_SECRET]
    has_coefficients = isinstance(value, dict) and "coefficients" in value
    keys = (*_SECRET_KEYS, "coefficients") if has_coefficients else _SECRET_KEYS
    obj = _expect_file(value, fmt=FORMAT_SECRET, keys=keys)
    with _reading(label):
        description = Description.from_json(obj["description"], where="description")
        description.check()
        params = description.params()
        description_hash = _hash(obj["description_hash"], where="description_hash")
        trustee = params.check_index(expect_int(obj["trustee"], where="trustee"))
        if (
            expect_identifier(obj["election_id"], where="election_id") != description.election_id
            or expect_int(obj["trustees"], where="trustees") != description.trustees
            or expect_int(obj["threshold"], where="threshold") != description.threshold
        ):
            raise TrusteeFileError(
                f"{label}: election_id, trustees and threshold differ from the description "
                "(the file is damaged)"
            )
        box_secret_key = parse_hex(obj["box_secret_key"], length=32, where="box_secret_key")
        commitment = DealerCommitment.from_json(obj["commitment"], params=params)
        coefficients: tuple[Scalar, ...] | None = None
        if has_coefficients:
            items = expect_list(
                obj["coefficients"], where="coefficients", length=description.threshold
            )
            coefficients = tuple(
                Scalar.from_hex(a, where=f"coefficients[{k}]") for k, a in enumerate(items)
            )
        commitments_hash = _optional(
            obj["commitments_hash"], lambda v: _hash(v, where="commitments_hash")
        )
        key = _optional(obj["key"], lambda v: Scalar.from_hex(v, where="key"))
        public_key = _optional(obj["public_key"], lambda v: Point.from_hex(v, where="public_key"))
        verification_key = _optional(
            obj["verification_key"], lambda v: Point.from_hex(v, where="verification_key")
        )
    _same_hash(
        _description_hash(description),
        description_hash,
        label=label,
        what="the hash of its description",
        hint=_INCONSISTENT,
    )
    damaged = f"{label}: the file is damaged"
    if commitment.dealer != trustee:
        raise TrusteeFileError(f"{damaged}: its commitment is not trustee {trustee}'s")
    if coefficients is not None:
        if any(a.is_zero() for a in coefficients) or tuple(
            base_mul(a) for a in coefficients
        ) != tuple(commitment.coefficients):
            raise TrusteeFileError(f"{damaged}: the coefficients do not match the commitment")
        if key is not None or public_key is not None or verification_key is not None:
            raise TrusteeFileError(
                f"{damaged}: it holds both the polynomial and the key of a finished ceremony"
            )
    elif commitments_hash is None or key is None or public_key is None or verification_key is None:
        raise TrusteeFileError(
            f"{damaged}: without coefficients, commitments_hash, key, public_key and "
            "verification_key must all be set"
        )
    elif key.is_zero() or base_mul(key) != verification_key:
        raise TrusteeFileError(f"{damaged}: the key does not match the verification key")
    return Secret(
        description,
        description_hash,
        trustee,
        box_secret_key,
        commitment,
        coefficients,
        commitments_hash,
        key,
        public_key,
        verification_key,
    )


# --- 2. start: the secret and the commitment file -----------------------------------------------


def start(description: DescriptionFile) -> tuple[Secret, dict[str, Any]]:
    """Draw the polynomial and the box key pair; return the new secret and the commitment file."""
    params = description.description.params()
    dealer = Dealer.start(params=params, index=description.trustee)
    commitment = dealer.commitment(Context(description.description_hash))
    box_secret = nacl.public.PrivateKey.generate()
    secret = Secret(
        description.description,
        description.description_hash,
        description.trustee,
        bytes(box_secret),
        commitment,
        dealer.coefficients,
        None,
        None,
        None,
        None,
    )
    commitment_file = {
        "format": FORMAT_COMMITMENT,
        "version": VERSION,
        "description_hash": description.description_hash.hex(),
        "trustee": description.trustee,
        "box_public_key": bytes(box_secret.public_key).hex(),
        "commitment": commitment.to_json(),
    }
    return secret, commitment_file


def parse_commitment_file(
    value: object, *, description: Description, description_hash: bytes, trustee: int
) -> tuple[bytes, DealerCommitment]:
    """Server side: trustee ``trustee``'s upload at step 2. Returns its box public key and its
    dealer commitment, after every check (election, index, the proof of knowledge)."""
    label = LABELS[FORMAT_COMMITMENT]
    obj = _expect_file(
        value,
        fmt=FORMAT_COMMITMENT,
        keys=("description_hash", "trustee", "box_public_key", "commitment"),
    )
    params = description.params()
    with _reading(label):
        stated = _hash(obj["description_hash"], where="description_hash")
        index = params.check_index(expect_int(obj["trustee"], where="trustee"))
    _same_hash(stated, description_hash, label=label, what="description_hash")
    if index != trustee:
        raise TrusteeFileError(f"{label}: this is trustee {index}'s file, not trustee {trustee}'s")
    with _reading(label):
        box_key = _box_public_key(obj["box_public_key"], where="box_public_key")
        commitment = DealerCommitment.from_json(obj["commitment"], params=params)
    if commitment.dealer != trustee:
        raise TrusteeFileError(
            f"{label}: the commitment is dealer {commitment.dealer}'s, not trustee {trustee}'s"
        )
    with _reading(label):
        verify_dealer_commitment(
            params=params, commitment=commitment, context=Context(description_hash)
        )
    return box_key, commitment


# --- 3. the commitments file --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CommitmentEntry:
    """Trustee ``trustee``'s public part of the ceremony: its box key and dealer commitment."""

    trustee: int
    box_public_key: bytes
    commitment: DealerCommitment

    def to_json(self) -> dict[str, Any]:
        return {
            "trustee": self.trustee,
            "box_public_key": self.box_public_key.hex(),
            "commitment": self.commitment.to_json(),
        }


@dataclass(frozen=True, slots=True)
class Commitments:
    """Every trustee's entry, in index order. ``hash`` is what a trustee records at step 4 and
    compares at step 6 (and with the other trustees)."""

    description_hash: bytes
    entries: tuple[CommitmentEntry, ...]

    def to_json(self) -> list[dict[str, Any]]:
        return [e.to_json() for e in self.entries]

    def hash(self) -> bytes:
        return hash_json(self.to_json())

    def dealer_commitments(self) -> list[DealerCommitment]:
        return [e.commitment for e in self.entries]

    def box_public_key(self, trustee: int) -> bytes:
        return self.entries[trustee - 1].box_public_key


def commitments_file(
    *, description_hash: bytes, trustees: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """Server side: the commitments file. ``trustees`` lists every trustee's entry
    ``{"trustee": j, "box_public_key": hex, "commitment": DealerCommitment JSON}`` for j = 1..n
    in order, each from a validated upload (``parse_commitment_file``)."""
    label = LABELS[FORMAT_COMMITMENTS]
    entries = [dict(entry) for entry in trustees]
    if [entry.get("trustee") for entry in entries] != list(range(1, len(entries) + 1)):
        raise TrusteeFileError(f"{label}: one entry per trustee, 1 to n in order, is needed")
    if any(set(entry) != {"trustee", "box_public_key", "commitment"} for entry in entries):
        raise TrusteeFileError(f"{label}: an entry is not trustee, box_public_key, commitment")
    if len({entry["box_public_key"] for entry in entries}) != len(entries):
        raise TrusteeFileError(f"{label}: two trustees have the same box public key")
    return {
        "format": FORMAT_COMMITMENTS,
        "version": VERSION,
        "description_hash": description_hash.hex(),
        "trustees": entries,
    }


def commitments_hash(trustees: Sequence[Mapping[str, Any]]) -> bytes:
    """The hash of a commitments file's ``trustees`` list: what the shares files carry as
    ``commitments_hash``, and the fingerprint the trustees compare."""
    return hash_json([dict(entry) for entry in trustees])


def _parse_commitment_list(
    value: object, *, description: Description, description_hash: bytes, label: str, where: str
) -> Commitments:
    params = description.params()
    context = Context(description_hash)
    entries: list[CommitmentEntry] = []
    with _reading(label):
        items = expect_list(value, where=where, length=params.trustees)
        for k, item in enumerate(items):
            here = f"{where}[{k}]"
            obj = expect_object(item, ("trustee", "box_public_key", "commitment"), where=here)
            trustee = params.check_index(
                expect_int(obj["trustee"], where=f"{here}.trustee"), where=f"{here}.trustee"
            )
            if trustee != k + 1:
                raise TrusteeFileError(
                    f"{label}: {here}.trustee is {trustee}; the trustees must be listed 1 to "
                    f"{params.trustees} in order"
                )
            box_key = _box_public_key(obj["box_public_key"], where=f"{here}.box_public_key")
            commitment = DealerCommitment.from_json(
                obj["commitment"], params=params, where=f"{here}.commitment"
            )
            if commitment.dealer != trustee:
                raise TrusteeFileError(
                    f"{label}: {here}: the commitment is dealer {commitment.dealer}'s, "
                    f"listed as trustee {trustee}'s",
                    party=trustee,
                )
            try:
                verify_dealer_commitment(params=params, commitment=commitment, context=context)
            except VerificationError as exc:
                raise TrusteeFileError(
                    f"{label}: trustee {trustee}'s commitment does not verify: {exc.message}",
                    party=trustee,
                ) from exc
            entries.append(CommitmentEntry(trustee, box_key, commitment))
    if len({e.box_public_key for e in entries}) != len(entries):
        raise TrusteeFileError(f"{label}: two trustees have the same box public key")
    return Commitments(description_hash, tuple(entries))


def parse_commitments_file(
    value: object, *, description: Description, description_hash: bytes
) -> Commitments:
    """The commitments file, every dealer commitment verified (a failure names the trustee)."""
    label = LABELS[FORMAT_COMMITMENTS]
    obj = _expect_file(value, fmt=FORMAT_COMMITMENTS, keys=("description_hash", "trustees"))
    with _reading(label):
        stated = _hash(obj["description_hash"], where="description_hash")
    _same_hash(stated, description_hash, label=label, what="description_hash")
    return _parse_commitment_list(
        obj["trustees"],
        description=description,
        description_hash=description_hash,
        label=label,
        where="trustees",
    )


def _check_own_entry(secret: Secret, commitments: Commitments, *, label: str) -> None:
    own = commitments.entries[secret.trustee - 1]
    if own.box_public_key != secret.box_public_key:
        raise TrusteeFileError(
            f"{label}: your entry (trustee {secret.trustee}) does not have your box public key: "
            "the server did not pass on what you published"
        )
    if own.commitment != secret.commitment:
        raise TrusteeFileError(
            f"{label}: your entry (trustee {secret.trustee}) does not have your commitment: "
            "the server did not pass on what you published"
        )


# --- 4. shares ----------------------------------------------------------------------------------


def make_shares(secret: Secret, commitments: Commitments) -> tuple[Secret, dict[str, Any]]:
    """Check the commitments against what this trustee published and against what it dealt for
    before (if anything), and encrypt its share for every other trustee. Returns the secret with
    ``commitments_hash`` recorded, and the shares file."""
    label = LABELS[FORMAT_COMMITMENTS]
    if secret.finished:
        raise TrusteeFileError("secret file: the key ceremony is already finished")
    _same_hash(
        commitments.description_hash, secret.description_hash, label=label, what="description_hash"
    )
    _check_own_entry(secret, commitments, label=label)
    digest = commitments.hash()
    if secret.commitments_hash is not None and secret.commitments_hash != digest:
        raise TrusteeFileError(
            f"{label}: you already dealt shares for other commitments (fingerprint "
            f"{fingerprint(secret.commitments_hash)}); this file's are different "
            f"({fingerprint(digest)}). Do not upload anything; tell the other trustees."
        )
    dealer = secret.dealer()
    private = nacl.public.PrivateKey(secret.box_secret_key)
    shares = []
    for entry in commitments.entries:
        if entry.trustee == secret.trustee:
            continue
        box = nacl.public.Box(private, nacl.public.PublicKey(entry.box_public_key))
        plaintext = canonical_json(dealer.share_for(entry.trustee).to_json())
        shares.append({"recipient": entry.trustee, "box": bytes(box.encrypt(plaintext)).hex()})
    shares_file = {
        "format": FORMAT_SHARES,
        "version": VERSION,
        "description_hash": secret.description_hash.hex(),
        "commitments_hash": digest.hex(),
        "dealer": secret.trustee,
        "shares": shares,
    }
    return replace(secret, commitments_hash=digest), shares_file


def _parse_boxes(
    value: object, *, expected: Sequence[int], key: str, label: str, where: str
) -> dict[int, bytes]:
    """A list of ``{key: index, "box": hex}`` for exactly ``expected``, in that order."""
    out: dict[int, bytes] = {}
    with _reading(label):
        items = expect_list(value, where=where, length=len(expected))
        for k, (item, index) in enumerate(zip(items, expected, strict=True)):
            here = f"{where}[{k}]"
            obj = expect_object(item, (key, "box"), where=here)
            found = expect_int(obj[key], where=f"{here}.{key}")
            if found != index:
                raise TrusteeFileError(
                    f"{label}: {here}.{key} is {found}, expected {index} (one box for each of "
                    f"{', '.join(map(str, expected))}, in order)"
                )
            out[index] = _box(obj["box"], where=f"{here}.box")
    return out


def parse_shares_file(
    value: object, *, description_hash: bytes, commitments_hash: bytes, dealer: int, trustees: int
) -> dict[int, bytes]:
    """Server side: dealer ``dealer``'s upload at step 4 (shape only: the server cannot open the
    boxes). Returns ``{recipient: box}`` for the ``trustees - 1`` other trustees."""
    label = LABELS[FORMAT_SHARES]
    obj = _expect_file(
        value,
        fmt=FORMAT_SHARES,
        keys=("description_hash", "commitments_hash", "dealer", "shares"),
    )
    with _reading(label):
        stated = _hash(obj["description_hash"], where="description_hash")
        stated_commitments = _hash(obj["commitments_hash"], where="commitments_hash")
        index = expect_int(obj["dealer"], where="dealer", minimum=1, maximum=MAX_TRUSTEES)
    _same_hash(stated, description_hash, label=label, what="description_hash")
    if stated_commitments != commitments_hash:
        raise TrusteeFileError(
            f"{label}: the shares were dealt for other commitments (commitments_hash "
            f"{stated_commitments.hex()}, expected {commitments_hash.hex()})",
            party=dealer,
        )
    if index != dealer:
        raise TrusteeFileError(f"{label}: this is trustee {index}'s file, not trustee {dealer}'s")
    recipients = [j for j in range(1, trustees + 1) if j != dealer]
    return _parse_boxes(
        obj["shares"], expected=recipients, key="recipient", label=label, where="shares"
    )


# --- 5. the shares-for-you file -----------------------------------------------------------------


def shares_for_file(
    *,
    description_hash: bytes,
    recipient: int,
    commitments: Sequence[Mapping[str, Any]],
    shares: Sequence[tuple[int, bytes]],
) -> dict[str, Any]:
    """Server side: the shares-for-you file of ``recipient``. ``commitments`` is the commitments
    file's ``trustees`` list; ``shares`` is ``(dealer, box)`` for every other trustee, in order
    (each box from that dealer's ``parse_shares_file``)."""
    label = LABELS[FORMAT_SHARES_FOR]
    if not 1 <= recipient <= len(commitments):
        raise TrusteeFileError(f"{label}: no trustee {recipient}")
    dealers = [i for i in range(1, len(commitments) + 1) if i != recipient]
    if [dealer for dealer, _ in shares] != dealers:
        raise TrusteeFileError(
            f"{label}: one box from each other trustee, in order, is needed "
            f"(expected dealers {dealers}, got {[dealer for dealer, _ in shares]})"
        )
    return {
        "format": FORMAT_SHARES_FOR,
        "version": VERSION,
        "description_hash": description_hash.hex(),
        "recipient": recipient,
        "commitments": [dict(entry) for entry in commitments],
        "shares": [{"dealer": dealer, "box": box.hex()} for dealer, box in shares],
    }


@dataclass(frozen=True, slots=True)
class SharesForYou:
    recipient: int
    commitments: Commitments
    boxes: dict[int, bytes]


def parse_shares_for_file(
    value: object, *, description: Description, description_hash: bytes, recipient: int
) -> SharesForYou:
    label = LABELS[FORMAT_SHARES_FOR]
    obj = _expect_file(
        value,
        fmt=FORMAT_SHARES_FOR,
        keys=("description_hash", "recipient", "commitments", "shares"),
    )
    params = description.params()
    with _reading(label):
        stated = _hash(obj["description_hash"], where="description_hash")
        index = params.check_index(
            expect_int(obj["recipient"], where="recipient"), where="recipient"
        )
    _same_hash(stated, description_hash, label=label, what="description_hash")
    if index != recipient:
        raise TrusteeFileError(
            f"{label}: this file is for trustee {index}, and you are trustee {recipient}"
        )
    commitments = _parse_commitment_list(
        obj["commitments"],
        description=description,
        description_hash=description_hash,
        label=label,
        where="commitments",
    )
    dealers = [i for i in range(1, params.trustees + 1) if i != recipient]
    boxes = _parse_boxes(obj["shares"], expected=dealers, key="dealer", label=label, where="shares")
    return SharesForYou(recipient, commitments, boxes)


# --- 6. finish ----------------------------------------------------------------------------------


def _open_share(secret: Secret, commitments: Commitments, dealer: int, box: bytes) -> Share:
    label = LABELS[FORMAT_SHARES_FOR]
    opener = nacl.public.Box(
        nacl.public.PrivateKey(secret.box_secret_key),
        nacl.public.PublicKey(commitments.box_public_key(dealer)),
    )
    try:
        plaintext = opener.decrypt(box)
    except nacl.exceptions.CryptoError as exc:
        raise TrusteeFileError(
            f"{label}: the share from trustee {dealer} cannot be opened: it was altered on the "
            f"way, or was not encrypted by trustee {dealer} for you",
            party=dealer,
        ) from exc
    try:
        share = Share.from_json(
            parse_json(plaintext, label="share"), params=secret.params, where="share"
        )
    except CryptoError as exc:
        raise TrusteeFileError(
            f"{label}: the share from trustee {dealer} is malformed ({exc})", party=dealer
        ) from exc
    if share.dealer != dealer or share.recipient != secret.trustee:
        raise TrusteeFileError(
            f"{label}: the box from trustee {dealer} holds the share of dealer {share.dealer} "
            f"for trustee {share.recipient}, not its share for you",
            party=dealer,
        )
    return share


def finish(secret: Secret, shares_for_you: SharesForYou) -> tuple[Secret, dict[str, Any]]:
    """Open and check every share, compute the key share; return the finished secret (without
    the polynomial) and the confirmation file. Raises TrusteeFileError naming a bad dealer."""
    label = LABELS[FORMAT_SHARES_FOR]
    if secret.finished:
        raise TrusteeFileError("secret file: the key ceremony is already finished")
    if secret.commitments_hash is None:
        raise TrusteeFileError(
            "secret file: no shares were dealt yet (run `intercoop-trustee shares` first)"
        )
    if shares_for_you.recipient != secret.trustee:
        raise TrusteeFileError(
            f"{label}: this file is for trustee {shares_for_you.recipient}, and you are trustee "
            f"{secret.trustee}"
        )
    commitments = shares_for_you.commitments
    digest = commitments.hash()
    if digest != secret.commitments_hash:
        raise TrusteeFileError(
            f"{label}: these commitments (fingerprint {fingerprint(digest)}) are not those you "
            f"dealt your shares for ({fingerprint(secret.commitments_hash)}): the server showed "
            "different commitments. Do not upload anything; tell the other trustees."
        )
    _check_own_entry(secret, commitments, label=label)
    dealer = secret.dealer()
    shares = [dealer.share_for(secret.trustee)]
    for i, box in sorted(shares_for_you.boxes.items()):
        shares.append(_open_share(secret, commitments, i, box))
    params = secret.params
    dealt = commitments.dealer_commitments()
    try:
        key = trustee_key(params=params, index=secret.trustee, commitments=dealt, shares=shares)
        public_key = joint_public_key(params=params, commitments=dealt)
    except VerificationError as exc:
        raise TrusteeFileError(
            f"{label}: trustee {exc.party} dealt you a share that does not match its "
            f"commitment ({exc.message}); do not confirm, and tell the other trustees",
            party=exc.party,
        ) from exc
    except CryptoError as exc:
        raise TrusteeFileError(f"{label}: {exc}") from exc
    finished = replace(
        secret,
        coefficients=None,
        key=key.secret,
        public_key=public_key,
        verification_key=key.verification_key,
    )
    confirmation = {
        "format": FORMAT_CONFIRMATION,
        "version": VERSION,
        "description_hash": secret.description_hash.hex(),
        "trustee": secret.trustee,
        "verification_key": key.verification_key.hex(),
        "public_key": public_key.hex(),
    }
    return finished, confirmation


def parse_confirmation_file(
    value: object,
    *,
    description_hash: bytes,
    trustee: int,
    expected_verification_key: Point,
    expected_public_key: Point,
) -> None:
    """Server side: trustee ``trustee``'s upload at step 6. Its keys must be those computed from
    the commitments file (``dkg.verification_key_of``, ``dkg.joint_public_key``)."""
    label = LABELS[FORMAT_CONFIRMATION]
    obj = _expect_file(
        value,
        fmt=FORMAT_CONFIRMATION,
        keys=("description_hash", "trustee", "verification_key", "public_key"),
    )
    with _reading(label):
        stated = _hash(obj["description_hash"], where="description_hash")
        index = expect_int(obj["trustee"], where="trustee", minimum=1, maximum=MAX_TRUSTEES)
        verification_key = Point.from_hex(obj["verification_key"], where="verification_key")
        public_key = Point.from_hex(obj["public_key"], where="public_key")
    _same_hash(stated, description_hash, label=label, what="description_hash")
    if index != trustee:
        raise TrusteeFileError(f"{label}: this is trustee {index}'s file, not trustee {trustee}'s")
    if verification_key != expected_verification_key:
        raise TrusteeFileError(
            f"{label}: trustee {trustee}'s verification key is not the one the commitments give",
            party=trustee,
        )
    if public_key != expected_public_key:
        raise TrusteeFileError(
            f"{label}: trustee {trustee}'s joint public key is not the one the commitments give: "
            "it did not see the same commitments",
            party=trustee,
        )


# --- 7. decryption ------------------------------------------------------------------------------

CollegeSums = tuple[str, tuple[tuple[Ciphertext, ...], ...]]


def tally_file(
    *,
    manifest: Manifest | Mapping[str, Any],
    manifest_hash: bytes,
    colleges: Sequence[tuple[str, Sequence[Sequence[Ciphertext]]]],
) -> dict[str, Any]:
    """Server side: the tally file. ``manifest`` is the election's manifest (or its JSON) and
    ``colleges`` the sums of the **published** colleges only, in manifest order: a withheld
    college's sums, or a single ballot's ciphertext, must never be given to the trustees."""
    manifest_json = manifest.to_json() if isinstance(manifest, Manifest) else dict(manifest)
    if hash_json(manifest_json) != manifest_hash:
        raise TrusteeFileError(f"{LABELS[FORMAT_TALLY]}: manifest_hash is not the manifest's hash")
    return {
        "format": FORMAT_TALLY,
        "version": VERSION,
        "manifest": manifest_json,
        "manifest_hash": manifest_hash.hex(),
        "colleges": [
            {"college": college, "questions": [[c.to_json() for c in q] for q in questions]}
            for college, questions in colleges
        ],
    }


@dataclass(frozen=True, slots=True)
class TallyToDecrypt:
    manifest: Manifest
    manifest_hash: bytes
    colleges: tuple[CollegeSums, ...]


def _parse_college_sums(
    value: object, *, description: Description, label: str, where: str = "colleges"
) -> tuple[CollegeSums, ...]:
    order = {c.id: k for k, c in enumerate(description.colleges)}
    out: list[CollegeSums] = []
    last = -1
    with _reading(label):
        for k, item in enumerate(expect_list(value, where=where)):
            here = f"{where}[{k}]"
            obj = expect_object(item, ("college", "questions"), where=here)
            college = expect_identifier(obj["college"], where=f"{here}.college")
            if college not in order:
                raise TrusteeFileError(f"{label}: {here}: no college {college!r} in the election")
            if order[college] <= last:
                raise TrusteeFileError(
                    f"{label}: {here}: college {college!r} is repeated or out of the manifest's "
                    "order"
                )
            last = order[college]
            rows = expect_list(
                obj["questions"], where=f"{here}.questions", length=len(description.questions)
            )
            questions = []
            for q, (row, question) in enumerate(zip(rows, description.questions, strict=True)):
                cells = expect_list(
                    row, where=f"{here}.questions[{q}]", length=len(question.options)
                )
                questions.append(
                    tuple(
                        Ciphertext.from_json(
                            c, allow_identity=True, where=f"{here}.questions[{q}][{o}]"
                        )
                        for o, c in enumerate(cells)
                    )
                )
            out.append((college, tuple(questions)))
    return tuple(out)


def parse_tally_file(value: object) -> TallyToDecrypt:
    label = LABELS[FORMAT_TALLY]
    obj = _expect_file(value, fmt=FORMAT_TALLY, keys=("manifest", "manifest_hash", "colleges"))
    with _reading(label):
        manifest = Manifest.from_json(obj["manifest"])
        manifest.description.check()
        stated = _hash(obj["manifest_hash"], where="manifest_hash")
    _same_hash(
        manifest.hash(), stated, label=label, what="the hash of its manifest", hint=_INCONSISTENT
    )
    colleges = _parse_college_sums(obj["colleges"], description=manifest.description, label=label)
    return TallyToDecrypt(manifest, stated, colleges)


# --- 7a. the public board, against which the trustee checks the tally ---------------------------

BOARD_LABEL = "board file"
BOARD_KEYS = ("manifest_hash", "entries", "head")
ENTRY_KEYS = ("index", "previous", "tracker", "hash", "ballot")


@dataclass(frozen=True, slots=True)
class BoardFile:
    """The public board as the server publishes it (``board.json``): the manifest hash, every
    entry (R§2.2) and the head. ``ballot_hashes[i]`` is ``HJ`` of entry ``i``'s ballot exactly
    as found in the file, which its tracker must equal."""

    manifest_hash: bytes
    entries: tuple[BoardEntry, ...]
    head: bytes
    ballot_hashes: tuple[bytes, ...]


def parse_board_file(value: object) -> BoardFile:
    """The board file ``{"manifest_hash", "entries", "head"}``, every entry decoded strictly
    (exactly the keys of a record's board entry). Nothing is verified yet: that is
    :func:`check_board`'s business, against a tally's manifest."""
    with _reading(BOARD_LABEL):
        obj = expect_object(value, BOARD_KEYS, where="top level")
        manifest_hash = _hash(obj["manifest_hash"], where="manifest_hash")
        head = _hash(obj["head"], where="head")
        entries: list[BoardEntry] = []
        ballot_hashes: list[bytes] = []
        for i, item in enumerate(expect_list(obj["entries"], where="entries")):
            entry = expect_object(item, ENTRY_KEYS, where=f"entries[{i}]")
            entries.append(BoardEntry.from_json(entry, where=f"entries[{i}]"))
            ballot_hashes.append(tracker_of(entry["ballot"]))
    return BoardFile(manifest_hash, tuple(entries), head, tuple(ballot_hashes))


@dataclass(frozen=True, slots=True)
class BoardCheck:
    """What :func:`check_board` found: the number of entries, the head, and per college (in
    manifest order) the number of counted ballots and whether the college is published."""

    entries: int
    head: bytes
    counted: tuple[tuple[str, int, bool], ...]

    @property
    def published(self) -> tuple[str, ...]:
        return tuple(college for college, _, published in self.counted if published)


def check_board(tally: TallyToDecrypt, board: BoardFile) -> BoardCheck:
    """Refuse to decrypt anything but the published colleges' sums of the counted ballots.

    The board must be the tally's election's (same manifest hash), chained from the manifest
    hash to its head, each tracker the hash of its ballot and none twice, each ballot signed by
    a credential of the manifest's roll with valid proofs under the manifest's key, and no
    credential twice when revoting is off. The counted ballots (the last per credential) are
    then summed per college, and the tally file must hold exactly the colleges that reach their
    ``minimum_ballots``, in manifest order, with exactly those sums. Raises
    :class:`TrusteeFileError` naming the entry or the college that differs."""
    manifest = tally.manifest
    description = manifest.description
    _same_hash(
        board.manifest_hash,
        tally.manifest_hash,
        label=BOARD_LABEL,
        what="manifest_hash",
        hint="this is the board of another election (or of another manifest) than the tally's",
    )
    colleges = {c.id for c in description.colleges}
    college_of: dict[bytes, str] = {}
    for k, roll_entry in enumerate(manifest.roll.credentials):
        where = f"{LABELS[FORMAT_TALLY]}: manifest.roll.credentials[{k}]"
        if roll_entry.credential in college_of:
            raise TrusteeFileError(f"{where}: this credential is on the roll twice")
        if roll_entry.college not in colleges:
            raise TrusteeFileError(f"{where}: no college {roll_entry.college!r} in the election")
        college_of[roll_entry.credential] = roll_entry.college

    specs = description.specs()
    public_key = manifest.ceremony.public_key
    previous = tally.manifest_hash
    first_seen: dict[bytes, int] = {}
    cast_by: dict[bytes, int] = {}
    for i, (entry, ballot_hash) in enumerate(zip(board.entries, board.ballot_hashes, strict=True)):
        here = f"{BOARD_LABEL}: entry {i}"
        if entry.index != i:
            raise TrusteeFileError(f"{here} says it is entry {entry.index}")
        if entry.previous != previous:
            raise TrusteeFileError(
                f"{here} does not link to "
                + ("the manifest hash" if i == 0 else f"entry {i - 1}")
                + " (an entry was removed, inserted, reordered or altered)"
            )
        if entry_hash_of(index=i, previous=entry.previous, tracker=entry.tracker) != entry.hash:
            raise TrusteeFileError(
                f"{here}: its hash is not the hash of its index, previous and tracker"
            )
        if entry.tracker != ballot_hash:
            raise TrusteeFileError(f"{here}: its tracker is not the hash of its ballot")
        earlier = first_seen.setdefault(entry.tracker, i)
        if earlier != i:
            raise TrusteeFileError(f"{here} repeats the ballot of entry {earlier} (a replay)")
        credential = entry.ballot.ballot.credential
        if credential not in college_of:
            raise TrusteeFileError(f"{here}: its credential is not on the manifest's roll")
        if not description.revoting and credential in cast_by:
            raise TrusteeFileError(
                f"{here}: revoting is off, and this credential already cast entry "
                f"{cast_by[credential]}"
            )
        cast_by.setdefault(credential, i)
        try:
            ballot_verify(
                signed=entry.ballot,
                specs=specs,
                public_key=public_key,
                manifest_hash=tally.manifest_hash,
            )
        except CryptoError as exc:
            raise TrusteeFileError(f"{here}: the ballot does not verify ({exc})") from exc
        previous = entry.hash
    if board.head != previous:
        raise TrusteeFileError(
            f"{BOARD_LABEL}: the head is not the "
            + ("last entry's hash" if board.entries else "manifest hash (the board is empty)")
        )

    sums = college_sums(
        description=description, board=board.entries, roll=manifest.roll.credentials
    )
    counted = tuple(
        (c.id, len(sums[c.id][0]), is_published(c, len(sums[c.id][0])))
        for c in description.colleges
    )
    minimum = {c.id: c.minimum_ballots for c in description.colleges}
    given = dict(tally.colleges)
    label = LABELS[FORMAT_TALLY]
    for college, ballots, published in counted:
        if published and college not in given:
            raise TrusteeFileError(
                f"{label}: college {college} is left out, yet it has {ballots} counted "
                f"ballot(s) on the board (minimum {minimum[college]}): it must be published"
            )
        if not published and college in given:
            raise TrusteeFileError(
                f"{label}: college {college} is withheld ({ballots} counted ballot(s) on the "
                f"board, minimum {minimum[college]}): its sums must not be decrypted"
            )
        if not published:
            continue
        for q, (row, expected) in enumerate(zip(given[college], sums[college][1], strict=True)):
            for o, (ciphertext, total) in enumerate(zip(row, expected, strict=True)):
                if ciphertext != total:
                    raise TrusteeFileError(
                        f"{label}: college {college}, question {q}, option {o}: the sum is not "
                        f"the sum of the college's {ballots} counted ballot(s) on the board: do "
                        "not decrypt"
                    )
    return BoardCheck(len(board.entries), board.head, counted)


def decrypt(
    secret: Secret, tally: TallyToDecrypt, board: BoardFile | None = None
) -> dict[str, Any]:
    """Check that the tally is this election's, under this ceremony's key, and, given the public
    ``board``, that its sums are exactly the published colleges' sums of the counted ballots
    (:func:`check_board`); return the decryption file: a proven decryption share for every
    ciphertext. Without ``board`` the sums are decrypted unchecked (a decryption oracle)."""
    label = LABELS[FORMAT_TALLY]
    key = secret.trustee_key()
    manifest = tally.manifest
    ceremony = manifest.ceremony
    _same_hash(
        _description_hash(manifest.description),
        secret.description_hash,
        label=label,
        what="the hash of the manifest's description",
    )
    if ceremony.context != secret.description_hash:
        raise TrusteeFileError(f"{label}: the ceremony's context is not this election's")
    if ceremony.public_key != secret.public_key:
        raise TrusteeFileError(
            f"{label}: the manifest's joint public key is not the one your ceremony gave: do not "
            "decrypt"
        )
    if ceremony.verification_keys[secret.trustee - 1] != key.verification_key:
        raise TrusteeFileError(
            f"{label}: the manifest's verification key for trustee {secret.trustee} is not yours"
        )
    if ceremony.commitments[secret.trustee - 1] != secret.commitment:
        raise TrusteeFileError(
            f"{label}: the manifest's commitment for trustee {secret.trustee} is not the one you "
            "published"
        )
    if board is not None:
        check_board(tally, board)
    context = Context(tally.manifest_hash)
    return {
        "format": FORMAT_DECRYPTION,
        "version": VERSION,
        "manifest_hash": tally.manifest_hash.hex(),
        "trustee": secret.trustee,
        "colleges": [
            {
                "college": college,
                "questions": [
                    [
                        decryption_share_create(key=key, ciphertext=c, context=context).to_json()
                        for c in row
                    ]
                    for row in questions
                ],
            }
            for college, questions in tally.colleges
        ],
    }


def parse_decryption_file(
    value: object,
    *,
    manifest_hash: bytes,
    trustee: int,
    verification_key: Point,
    colleges: Sequence[tuple[str, Sequence[Sequence[Ciphertext]]]],
) -> list[list[list[DecryptionShare]]]:
    """Server side: trustee ``trustee``'s upload at step 7, for the ``colleges`` of the tally file
    (``(college id, sums per question and option)``, in the same order). Every decryption share
    is verified against ``verification_key``; a bad one raises an error naming the trustee."""
    label = LABELS[FORMAT_DECRYPTION]
    obj = _expect_file(value, fmt=FORMAT_DECRYPTION, keys=("manifest_hash", "trustee", "colleges"))
    with _reading(label):
        stated = _hash(obj["manifest_hash"], where="manifest_hash")
        index = expect_int(obj["trustee"], where="trustee", minimum=1, maximum=MAX_TRUSTEES)
    _same_hash(stated, manifest_hash, label=label, what="manifest_hash")
    if index != trustee:
        raise TrusteeFileError(f"{label}: this is trustee {index}'s file, not trustee {trustee}'s")
    # Indices are only checked to be ``trustee`` here, so any parameters admitting it will do.
    params = DkgParameters(trustees=MAX_TRUSTEES, threshold=1)
    context = Context(manifest_hash)
    out: list[list[list[DecryptionShare]]] = []
    with _reading(label):
        items = expect_list(obj["colleges"], where="colleges", length=len(colleges))
        for k, (item, (college, sums)) in enumerate(zip(items, colleges, strict=True)):
            here = f"colleges[{k}]"
            entry = expect_object(item, ("college", "questions"), where=here)
            if entry["college"] != college:
                raise TrusteeFileError(
                    f"{label}: {here}.college is {short(entry['college'])}, expected {college!r}"
                )
            rows = expect_list(entry["questions"], where=f"{here}.questions", length=len(sums))
            college_shares: list[list[DecryptionShare]] = []
            for q, (row, row_sums) in enumerate(zip(rows, sums, strict=True)):
                cells = expect_list(row, where=f"{here}.questions[{q}]", length=len(row_sums))
                row_shares: list[DecryptionShare] = []
                for o, (cell, ciphertext) in enumerate(zip(cells, row_sums, strict=True)):
                    where = f"{here}.questions[{q}][{o}]"
                    share = DecryptionShare.from_json(cell, params=params, where=where)
                    if share.trustee != trustee:
                        raise TrusteeFileError(
                            f"{label}: {where}.trustee is {share.trustee}, not {trustee}"
                        )
                    try:
                        verify_decryption_share(
                            verification_key=verification_key,
                            ciphertext=ciphertext,
                            share=share,
                            context=context,
                        )
                    except VerificationError as exc:
                        raise TrusteeFileError(
                            f"{label}: trustee {trustee}'s decryption share for college "
                            f"{college}, question {q}, option {o} does not verify "
                            f"({exc.message})",
                            party=trustee,
                        ) from exc
                    row_shares.append(share)
                college_shares.append(row_shares)
            out.append(college_shares)
    return out


# --- files --------------------------------------------------------------------------------------


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


def _is_secret_file(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return f'"{FORMAT_SECRET}"'.encode() in head


def _check_output(out: Path, secret_path: Path) -> None:
    """The output is public: it may never be the secret file, or any trustee's secret file."""
    if out.exists() and (out.resolve() == secret_path.resolve() or _is_secret_file(out)):
        raise TrusteeFileError(
            f"{out} is a secret file; it was not replaced (choose another --out)"
        )
    if out.resolve() == secret_path.resolve():
        raise TrusteeFileError("--out and --secret are the same file")


def _load_secret(path: Path) -> Secret:
    if os.name == "posix":
        with suppress(OSError):
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                print(
                    f"warning: {path} can be read by other users of this machine; "
                    f"run: chmod 600 {path}",
                    file=sys.stderr,
                )
    return parse_secret_file(read_json_file(path, label="secret file"))


def _write_output_then_secret(
    out: Path, output: object, secret_path: Path, secret: Secret | None, *, create: bool = False
) -> None:
    """Write the step's output, then the secret file (``None``: unchanged). If the secret cannot
    be written, the output is removed again: a step either completes or leaves nothing."""
    write_file_atomically(out, _dumps(output), secret=False)
    if secret is None:
        return
    try:
        write_file_atomically(secret_path, _dumps(secret.to_json()), secret=True, create=create)
    except TrusteeFileError:
        with suppress(OSError):
            out.unlink()
        raise


# --- command line -------------------------------------------------------------------------------


def _cmd_start(args: argparse.Namespace) -> None:
    secret_path, out = Path(args.secret), Path(args.out)
    if secret_path.exists():
        raise TrusteeFileError(
            f"{secret_path} already exists; it was not replaced (a secret file is made once per "
            "election: keep the one you have, or choose another name)"
        )
    _check_output(out, secret_path)
    description = parse_description_file(
        read_json_file(Path(args.description), label="description file")
    )
    secret, commitment = start(description)
    _write_output_then_secret(out, commitment, secret_path, secret, create=True)
    description_of = secret.description
    print(
        f"Election {description_of.election_id}: {description_of.title!r}, "
        f"{len(description_of.questions)} question(s), {len(description_of.colleges)} "
        f"college(s).\n"
        f"Description fingerprint: {fingerprint(secret.description_hash)}\n"
        f"You are trustee {secret.trustee} of {description_of.trustees}; any "
        f"{description_of.threshold} of you can decrypt.\n"
        f"Secret written to {secret_path}: keep it safe and private; it never leaves your "
        "hands.\n"
        f"Next: upload {out} (your commitment) on the ceremony page."
    )


def _cmd_shares(args: argparse.Namespace) -> None:
    secret_path, out = Path(args.secret), Path(args.out)
    _check_output(out, secret_path)
    secret = _load_secret(secret_path)
    commitments = parse_commitments_file(
        read_json_file(Path(args.commitments), label="commitments file"),
        description=secret.description,
        description_hash=secret.description_hash,
    )
    updated, shares = make_shares(secret, commitments)
    _write_output_then_secret(out, shares, secret_path, None if updated == secret else updated)
    digest = commitments.hash()
    print(
        f"The commitments of all {len(commitments.entries)} trustees verify.\n"
        f"Commitments fingerprint: {fingerprint(digest)}\n"
        "Before you upload, compare this fingerprint with the other trustees over another "
        "channel (in person, by phone). If it differs, upload nothing: the server is showing "
        "trustees different commitments.\n"
        f"Next: upload {out} (your encrypted shares) on the ceremony page."
    )


def _cmd_finish(args: argparse.Namespace) -> None:
    secret_path, out = Path(args.secret), Path(args.out)
    _check_output(out, secret_path)
    secret = _load_secret(secret_path)
    shares_for_you = parse_shares_for_file(
        read_json_file(Path(args.shares), label="shares-for-you file"),
        description=secret.description,
        description_hash=secret.description_hash,
        recipient=secret.trustee,
    )
    finished, confirmation = finish(secret, shares_for_you)
    _write_output_then_secret(out, confirmation, secret_path, finished)
    assert finished.public_key is not None  # noqa: S101 - set by finish
    print(
        f"Every share checks out. Your key share is in {secret_path} (the polynomial was "
        "deleted).\n"
        f"Joint public key: {fingerprint(finished.public_key.data)}\n"
        "Compare it with the other trustees; `decrypt` will check it against the election's "
        "manifest.\n"
        f"Next: upload {out} (your confirmation) on the ceremony page."
    )


def _cmd_decrypt(args: argparse.Namespace) -> None:
    secret_path, out = Path(args.secret), Path(args.out)
    _check_output(out, secret_path)
    secret = _load_secret(secret_path)
    tally = parse_tally_file(read_json_file(Path(args.tally), label="tally file"))
    board = (
        None
        if args.board is None
        else parse_board_file(read_json_file(Path(args.board), label=BOARD_LABEL))
    )
    decryption = decrypt(secret, tally, board)
    write_file_atomically(out, _dumps(decryption), secret=False)
    count = sum(len(row) for _, questions in tally.colleges for row in questions)
    names = ", ".join(college for college, _ in tally.colleges) or "none"
    given = {college for college, _ in tally.colleges}
    withheld = [c.id for c in tally.manifest.description.colleges if c.id not in given]
    checked = (
        ""
        if board is None
        else (
            f"Checked against the board: {len(board.entries)} entries, head "
            f"{fingerprint(board.head)}; every ballot verifies, and the sums are those of the "
            "counted ballots of exactly the colleges that reach their minimum (withheld: "
            f"{', '.join(withheld) or 'none'}).\n"
        )
    )
    print(
        f"{checked}"
        f"{count} decryption share(s) for {len(tally.colleges)} college(s) ({names}) of "
        f"election {secret.description.election_id}, manifest hash "
        f"{fingerprint(tally.manifest_hash)}.\n"
        f"Next: upload {out} (your decryption) on the decryption page."
    )
    if board is None:
        print(
            "warning: the sums were not checked against the public board (no --board): they "
            "could be a single ballot's or a withheld college's; pass --board board.json",
            file=sys.stderr,
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intercoop-trustee",
        description=(
            "A trustee's side of an Intercoop key ceremony and decryption. Your secret file "
            "stays on this machine; you upload only the files this tool writes with --out. "
            "See docs/trustees.md."
        ),
    )
    steps = parser.add_subparsers(dest="step", required=True, metavar="STEP")

    def step(
        name: str, input_name: str, input_help: str, out_help: str, summary: str
    ) -> argparse.ArgumentParser:
        sub = steps.add_parser(name, help=summary, description=summary)
        sub.add_argument(input_name, metavar=input_name.upper() + "_FILE", help=input_help)
        sub.add_argument("--secret", required=True, metavar="SECRET_FILE", help="your secret file")
        sub.add_argument("--out", required=True, metavar="FILE", help=out_help)
        return sub

    step(
        "start",
        "description",
        "the description file the ceremony page gave you",
        "where to write your commitment (to upload)",
        "1. create your secret file and your commitment",
    ).set_defaults(run=_cmd_start)
    step(
        "shares",
        "commitments",
        "the commitments file of all trustees",
        "where to write your encrypted shares (to upload)",
        "2. check everyone's commitments and encrypt your shares for the other trustees",
    ).set_defaults(run=_cmd_shares)
    step(
        "finish",
        "shares",
        "the shares-for-you file (the shares the others dealt you)",
        "where to write your confirmation (to upload)",
        "3. check the shares you received and keep your key share",
    ).set_defaults(run=_cmd_finish)
    decrypt_step = step(
        "decrypt",
        "tally",
        "the tally file to decrypt",
        "where to write your decryption shares (to upload)",
        "4. check the tally against the public board, then decrypt the published colleges' "
        "tallies with your key share",
    )
    decrypt_step.add_argument(
        "--board",
        metavar="BOARD_FILE",
        help=(
            "the election's public board (board.json); the sums are checked against it before "
            "anything is decrypted. Always pass it: without it the sums are not checked"
        ),
    )
    decrypt_step.set_defaults(run=_cmd_decrypt)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        args.run(args)
    except TrusteeFileError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

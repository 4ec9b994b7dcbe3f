"""The trustee's files: their formats, the errors that refuse them, and the two files that are
the trustee's own (the description the server gives, the secret kept on the trustee's machine).

Every file is versioned JSON, read strictly (:func:`parse_json`); its header is checked by
:func:`expect_file_header`, which the credential authority's tool uses too. The formats are
specified in ``docs/trustees.md``; the ceremony's files are in :mod:`.ceremony`, the count's in
:mod:`.tally` and :mod:`.decryption`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import nacl.exceptions
import nacl.public

from intercoop_tools.crypto.dkg import Dealer, DealerCommitment, DkgParameters, TrusteeKey
from intercoop_tools.crypto.errors import CryptoError, EncodingError, VerificationError
from intercoop_tools.crypto.group import Point, Scalar, base_mul, parse_hex
from intercoop_tools.crypto.jsonshape import expect_int, expect_list, expect_object, loads_strict
from intercoop_tools.record.encoding import expect_identifier, hash_json
from intercoop_tools.record.manifest import Description

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
def reading(label: str) -> Iterator[None]:
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


def dumps(value: object) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=True) + "\n").encode()


# --- small decoders -----------------------------------------------------------------------------


def short(value: object) -> str:
    """A value as an error message quotes it, cut at 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def expect_file(value: object, *, fmt: str, keys: Sequence[str]) -> dict[str, object]:
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
    with reading(label):
        return expect_object(value, ("format", "version", *keys), where="top level")


def decode_hash(value: object, *, where: str) -> bytes:
    return parse_hex(value, length=HASH_BYTES, where=where)


def decode_box_public_key(value: object, *, where: str) -> bytes:
    """An X25519 public key that a Box can be made with (low-order points are refused)."""
    data = parse_hex(value, length=BOX_KEY_BYTES, where=where)
    try:
        nacl.public.Box(nacl.public.PrivateKey.generate(), nacl.public.PublicKey(data))
    except nacl.exceptions.CryptoError as exc:
        raise EncodingError("not a usable X25519 public key", where=where) from exc
    return data


def decode_box(value: object, *, where: str) -> bytes:
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


OTHER_ELECTION = "this file belongs to another election or another ceremony"
INCONSISTENT = "the file is inconsistent (damaged or altered)"


def same_hash(
    found: bytes, expected: bytes, *, label: str, what: str, hint: str = OTHER_ELECTION
) -> None:
    if found != expected:
        raise TrusteeFileError(
            f"{label}: {what} is {found.hex()}, expected {expected.hex()}: {hint}"
        )


def description_hash_of(description: Description) -> bytes:
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
    with reading(LABELS[FORMAT_DESCRIPTION]):
        description.check()
        description.params().check_index(trustee)
    return {
        "format": FORMAT_DESCRIPTION,
        "version": VERSION,
        "trustee": trustee,
        "description": description.to_json(),
        "description_hash": description_hash_of(description).hex(),
    }


def parse_description_file(value: object) -> DescriptionFile:
    label = LABELS[FORMAT_DESCRIPTION]
    obj = expect_file(
        value, fmt=FORMAT_DESCRIPTION, keys=("trustee", "description", "description_hash")
    )
    with reading(label):
        description = Description.from_json(obj["description"], where="description")
        description.check()
        stated = decode_hash(obj["description_hash"], where="description_hash")
        trustee = description.params().check_index(
            expect_int(obj["trustee"], where="trustee"), where="trustee"
        )
    same_hash(
        description_hash_of(description),
        stated,
        label=label,
        what="the hash of its description",
        hint=INCONSISTENT,
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
    obj = expect_file(value, fmt=FORMAT_SECRET, keys=keys)
    with reading(label):
        description = Description.from_json(obj["description"], where="description")
        description.check()
        params = description.params()
        description_hash = decode_hash(obj["description_hash"], where="description_hash")
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
            obj["commitments_hash"], lambda v: decode_hash(v, where="commitments_hash")
        )
        key = _optional(obj["key"], lambda v: Scalar.from_hex(v, where="key"))
        public_key = _optional(obj["public_key"], lambda v: Point.from_hex(v, where="public_key"))
        verification_key = _optional(
            obj["verification_key"], lambda v: Point.from_hex(v, where="verification_key")
        )
    same_hash(
        description_hash_of(description),
        description_hash,
        label=label,
        what="the hash of its description",
        hint=INCONSISTENT,
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

"""The key ceremony, steps 2 to 6: the commitment, the commitments, the shares, the shares for
each trustee and the confirmation.

For each step the trustee's side (:func:`start`, :func:`make_shares`, :func:`finish`) and what
the server needs to check an upload (``parse_*_file``) or to build the file it hands out
(:func:`commitments_file`, :func:`shares_for_file`), so that both agree by construction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import nacl.exceptions
import nacl.public

from intercoop_tools.crypto.ballot import canonical_json
from intercoop_tools.crypto.dkg import (
    MAX_TRUSTEES,
    Dealer,
    DealerCommitment,
    Share,
    joint_public_key,
    trustee_key,
    verify_dealer_commitment,
)
from intercoop_tools.crypto.errors import CryptoError, VerificationError
from intercoop_tools.crypto.group import Point
from intercoop_tools.crypto.jsonshape import expect_int, expect_list, expect_object
from intercoop_tools.crypto.transcript import Context
from intercoop_tools.record.encoding import hash_json
from intercoop_tools.record.manifest import Description
from intercoop_tools.trustee.formats import (
    FORMAT_COMMITMENT,
    FORMAT_COMMITMENTS,
    FORMAT_CONFIRMATION,
    FORMAT_SHARES,
    FORMAT_SHARES_FOR,
    LABELS,
    VERSION,
    DescriptionFile,
    Secret,
    TrusteeFileError,
    decode_box,
    decode_box_public_key,
    decode_hash,
    expect_file,
    fingerprint,
    parse_json,
    reading,
    same_hash,
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
    obj = expect_file(
        value,
        fmt=FORMAT_COMMITMENT,
        keys=("description_hash", "trustee", "box_public_key", "commitment"),
    )
    params = description.params()
    with reading(label):
        stated = decode_hash(obj["description_hash"], where="description_hash")
        index = params.check_index(expect_int(obj["trustee"], where="trustee"))
    same_hash(stated, description_hash, label=label, what="description_hash")
    if index != trustee:
        raise TrusteeFileError(f"{label}: this is trustee {index}'s file, not trustee {trustee}'s")
    with reading(label):
        box_key = decode_box_public_key(obj["box_public_key"], where="box_public_key")
        commitment = DealerCommitment.from_json(obj["commitment"], params=params)
    if commitment.dealer != trustee:
        raise TrusteeFileError(
            f"{label}: the commitment is dealer {commitment.dealer}'s, not trustee {trustee}'s"
        )
    with reading(label):
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
    with reading(label):
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
            box_key = decode_box_public_key(obj["box_public_key"], where=f"{here}.box_public_key")
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
    obj = expect_file(value, fmt=FORMAT_COMMITMENTS, keys=("description_hash", "trustees"))
    with reading(label):
        stated = decode_hash(obj["description_hash"], where="description_hash")
    same_hash(stated, description_hash, label=label, what="description_hash")
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
    same_hash(
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
    with reading(label):
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
            out[index] = decode_box(obj["box"], where=f"{here}.box")
    return out


def parse_shares_file(
    value: object, *, description_hash: bytes, commitments_hash: bytes, dealer: int, trustees: int
) -> dict[int, bytes]:
    """Server side: dealer ``dealer``'s upload at step 4 (shape only: the server cannot open the
    boxes). Returns ``{recipient: box}`` for the ``trustees - 1`` other trustees."""
    label = LABELS[FORMAT_SHARES]
    obj = expect_file(
        value,
        fmt=FORMAT_SHARES,
        keys=("description_hash", "commitments_hash", "dealer", "shares"),
    )
    with reading(label):
        stated = decode_hash(obj["description_hash"], where="description_hash")
        stated_commitments = decode_hash(obj["commitments_hash"], where="commitments_hash")
        index = expect_int(obj["dealer"], where="dealer", minimum=1, maximum=MAX_TRUSTEES)
    same_hash(stated, description_hash, label=label, what="description_hash")
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
    obj = expect_file(
        value,
        fmt=FORMAT_SHARES_FOR,
        keys=("description_hash", "recipient", "commitments", "shares"),
    )
    params = description.params()
    with reading(label):
        stated = decode_hash(obj["description_hash"], where="description_hash")
        index = params.check_index(
            expect_int(obj["recipient"], where="recipient"), where="recipient"
        )
    same_hash(stated, description_hash, label=label, what="description_hash")
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
    obj = expect_file(
        value,
        fmt=FORMAT_CONFIRMATION,
        keys=("description_hash", "trustee", "verification_key", "public_key"),
    )
    with reading(label):
        stated = decode_hash(obj["description_hash"], where="description_hash")
        index = expect_int(obj["trustee"], where="trustee", minimum=1, maximum=MAX_TRUSTEES)
        verification_key = Point.from_hex(obj["verification_key"], where="verification_key")
        public_key = Point.from_hex(obj["public_key"], where="public_key")
    same_hash(stated, description_hash, label=label, what="description_hash")
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

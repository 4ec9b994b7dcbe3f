"""The public board, against which a trustee checks the tally file before decrypting it.

:func:`check_board` refuses anything but the published colleges' sums of the counted ballots, so
that a trustee is no decryption oracle for a single ballot or a withheld college.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from intercoop_tools.crypto.ballot import QuestionSpec, ballot_verify
from intercoop_tools.crypto.elgamal import Ciphertext
from intercoop_tools.crypto.errors import CryptoError
from intercoop_tools.crypto.jsonshape import expect_list, expect_object
from intercoop_tools.record.board import BoardEntry
from intercoop_tools.record.encoding import entry_hash_of, tracker_of
from intercoop_tools.record.manifest import Manifest
from intercoop_tools.record.result import is_published
from intercoop_tools.simulate import college_sums
from intercoop_tools.trustee.formats import (
    FORMAT_TALLY,
    LABELS,
    TrusteeFileError,
    decode_hash,
    reading,
    same_hash,
)
from intercoop_tools.trustee.tally import TallyToDecrypt

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
    with reading(BOARD_LABEL):
        obj = expect_object(value, BOARD_KEYS, where="top level")
        manifest_hash = decode_hash(obj["manifest_hash"], where="manifest_hash")
        head = decode_hash(obj["head"], where="head")
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
    same_hash(
        board.manifest_hash,
        tally.manifest_hash,
        label=BOARD_LABEL,
        what="manifest_hash",
        hint="this is the board of another election (or of another manifest) than the tally's",
    )
    college_of = _college_of_credential(tally.manifest)
    _check_chain(tally, board, college_of)
    manifest = tally.manifest
    sums = college_sums(
        description=manifest.description, board=board.entries, roll=manifest.roll.credentials
    )
    counted = tuple(
        (c.id, len(sums[c.id][0]), is_published(c, len(sums[c.id][0])))
        for c in manifest.description.colleges
    )
    _check_sums(tally, counted, sums)
    return BoardCheck(len(board.entries), board.head, counted)


def _college_of_credential(manifest: Manifest) -> dict[bytes, str]:
    """The manifest's roll as ``{credential: college}``: no credential twice, every college one
    of the election's."""
    colleges = {c.id for c in manifest.description.colleges}
    college_of: dict[bytes, str] = {}
    for k, roll_entry in enumerate(manifest.roll.credentials):
        where = f"{LABELS[FORMAT_TALLY]}: manifest.roll.credentials[{k}]"
        if roll_entry.credential in college_of:
            raise TrusteeFileError(f"{where}: this credential is on the roll twice")
        if roll_entry.college not in colleges:
            raise TrusteeFileError(f"{where}: no college {roll_entry.college!r} in the election")
        college_of[roll_entry.credential] = roll_entry.college
    return college_of


def _check_chain(tally: TallyToDecrypt, board: BoardFile, college_of: Mapping[bytes, str]) -> None:
    """Every entry in place and linked from the manifest hash to the head, each its ballot's
    tracker, no ballot twice, each ballot cast by a credential of the roll (once, when revoting
    is off) and verified under the manifest's key."""
    specs = tally.manifest.description.specs()
    previous = tally.manifest_hash
    first_seen: dict[bytes, int] = {}
    cast_by: dict[bytes, int] = {}
    for i, (entry, ballot_hash) in enumerate(zip(board.entries, board.ballot_hashes, strict=True)):
        here = f"{BOARD_LABEL}: entry {i}"
        _check_link(entry, ballot_hash, index=i, previous=previous, here=here)
        earlier = first_seen.setdefault(entry.tracker, i)
        if earlier != i:
            raise TrusteeFileError(f"{here} repeats the ballot of entry {earlier} (a replay)")
        _check_ballot(
            tally, entry, specs, index=i, college_of=college_of, cast_by=cast_by, here=here
        )
        previous = entry.hash
    if board.head != previous:
        raise TrusteeFileError(
            f"{BOARD_LABEL}: the head is not the "
            + ("last entry's hash" if board.entries else "manifest hash (the board is empty)")
        )


def _check_link(
    entry: BoardEntry, ballot_hash: bytes, *, index: int, previous: bytes, here: str
) -> None:
    """Entry ``index`` says so, links to ``previous``, has the hash of its fields, and its tracker
    is the hash of its ballot."""
    if entry.index != index:
        raise TrusteeFileError(f"{here} says it is entry {entry.index}")
    if entry.previous != previous:
        raise TrusteeFileError(
            f"{here} does not link to "
            + ("the manifest hash" if index == 0 else f"entry {index - 1}")
            + " (an entry was removed, inserted, reordered or altered)"
        )
    if entry_hash_of(index=index, previous=entry.previous, tracker=entry.tracker) != entry.hash:
        raise TrusteeFileError(
            f"{here}: its hash is not the hash of its index, previous and tracker"
        )
    if entry.tracker != ballot_hash:
        raise TrusteeFileError(f"{here}: its tracker is not the hash of its ballot")


def _check_ballot(
    tally: TallyToDecrypt,
    entry: BoardEntry,
    specs: Sequence[QuestionSpec],
    *,
    index: int,
    college_of: Mapping[bytes, str],
    cast_by: dict[bytes, int],
    here: str,
) -> None:
    """The entry's ballot is cast by a credential of the roll, not again when revoting is off
    (``cast_by`` records the first entry of each credential), and verifies."""
    description = tally.manifest.description
    credential = entry.ballot.ballot.credential
    if credential not in college_of:
        raise TrusteeFileError(f"{here}: its credential is not on the manifest's roll")
    if not description.revoting and credential in cast_by:
        raise TrusteeFileError(
            f"{here}: revoting is off, and this credential already cast entry {cast_by[credential]}"
        )
    cast_by.setdefault(credential, index)
    try:
        ballot_verify(
            signed=entry.ballot,
            specs=specs,
            public_key=tally.manifest.ceremony.public_key,
            manifest_hash=tally.manifest_hash,
        )
    except CryptoError as exc:
        raise TrusteeFileError(f"{here}: the ballot does not verify ({exc})") from exc


def _check_sums(
    tally: TallyToDecrypt,
    counted: tuple[tuple[str, int, bool], ...],
    sums: Mapping[str, tuple[list[int], list[list[Ciphertext]]]],
) -> None:
    """The tally file holds exactly the published colleges, each with the sums of its counted
    ballots."""
    minimum = {c.id: c.minimum_ballots for c in tally.manifest.description.colleges}
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

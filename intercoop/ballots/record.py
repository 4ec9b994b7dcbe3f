"""The election record: everything a third party needs to verify an election, as one JSON file.

The format is specified in ``docs/election-record.md`` (its version is :data:`VERSION`); the
primitives it uses are those of ``docs/ballots-crypto.md``. This module holds the typed record,
its strict JSON decoding, the hashes that chain it together and the open arithmetic of the
weighted result. It imports no Django: the web layer and ``intercoop-verify`` are its clients.

The record has four parts:

* ``manifest``: the election ``description`` (questions, colleges and their weights, trustees n/t),
  the key ``ceremony`` (dealer commitments with their proofs, verification keys, joint key) and
  the ``roll`` (roll hash, and the frozen credential public keys with their college). Every ballot
  proof is bound to ``manifest_hash``, the SHA-256 of the manifest's canonical JSON.
* ``board``: the hash-chained bulletin board, one entry per cast ballot with its tracker.
* ``tally``: per college, the board entries that count (the last per credential), the homomorphic
  sums, and, for colleges that are published, the trustees' decryption shares and the counts.
* ``result``: the weighted result, computed in the open with exact fractions.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import multiprocessing
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from intercoop.ballots.crypto.ballot import QuestionSpec, SignedBallot, canonical_json
from intercoop.ballots.crypto.dkg import DealerCommitment, DecryptionShare, DkgParameters
from intercoop.ballots.crypto.elgamal import Ciphertext
from intercoop.ballots.crypto.errors import CryptoError, EncodingError
from intercoop.ballots.crypto.group import Point, parse_hex
from intercoop.ballots.crypto.jsonshape import (
    expect_int,
    expect_list,
    expect_object,
    loads_strict,
)

FORMAT = "intercoop-election-record"
#: The version this code writes. Version 2 adds one rule to version 1: the roll's credentials
#: are sorted by key (docs/election-record.md, section 7).
VERSION = 2
#: The versions ``intercoop-verify`` reads.
READABLE_VERSIONS = (1, 2)
QUESTION_KINDS = ("yes_no", "single_choice", "approval")
HASH_BYTES = 32
#: Default minimum number of counted ballots for a college's own result to be published.
DEFAULT_MINIMUM_BALLOTS = 5

_IDENTIFIER = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_FRACTION = re.compile(r"(0|[1-9][0-9]*)(/[1-9][0-9]*)?")
#: A lone surrogate is not a Unicode character: it cannot be written in UTF-8, and JSON readers
#: differ on it (some keep it, some replace it with U+FFFD, which changes every hash).
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: Control characters in free text, except tab, line feed and carriage return (a question may
#: have several lines): they are invisible, so two texts that look the same could differ.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: The most characters (Unicode code points, as Python's ``len`` counts them) of free text.
MAX_TEXT = 1000


class RecordError(CryptoError):
    """The record is inconsistent (beyond its encoding): a rule of the format is broken."""


# --- hashing ------------------------------------------------------------------------------------


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def hash_json(value: object) -> bytes:
    """SHA-256 of the canonical JSON (sorted keys, no whitespace, ASCII) of ``value``."""
    return sha256(canonical_json(value))


def tracker_of(signed_ballot_json: object) -> bytes:
    """A ballot's tracker: the SHA-256 of the canonical JSON of the signed ballot."""
    return hash_json(signed_ballot_json)


def entry_hash_of(*, index: int, previous: bytes, tracker: bytes) -> bytes:
    """The chain hash of a board entry: it commits to its position, its predecessor and (through
    the tracker) its ballot."""
    return hash_json({"index": index, "previous": previous.hex(), "tracker": tracker.hex()})


# --- small strict decoders ----------------------------------------------------------------------


def expect_str(value: object, *, where: str, maximum: int = MAX_TEXT) -> str:
    """A string of at most ``maximum`` Unicode code points, with no lone surrogate."""
    if not isinstance(value, str) or len(value) > maximum:
        raise EncodingError(f"expected a string of at most {maximum} characters", where=where)
    lone = _SURROGATE.search(value)
    if lone is not None:
        raise EncodingError(
            f"a lone surrogate (U+{ord(lone.group()):04X}) is not a character", where=where
        )
    return value


def expect_text(value: object, *, where: str) -> str:
    """Free text (a title, a question, a label, a name): :func:`expect_str`, and no control
    character other than tab, line feed and carriage return."""
    text = expect_str(value, where=where)
    control = _CONTROL.search(text)
    if control is not None:
        raise EncodingError(
            f"control character U+{ord(control.group()):04X} is not allowed in text", where=where
        )
    return text


def expect_identifier(value: object, *, where: str) -> str:
    text = expect_str(value, where=where)
    if _IDENTIFIER.fullmatch(text) is None:
        raise EncodingError("expected an identifier ([a-z0-9][a-z0-9_-]{0,63})", where=where)
    return text


def expect_bool(value: object, *, where: str) -> bool:
    if not isinstance(value, bool):
        raise EncodingError("expected true or false", where=where)
    return value


def parse_fraction(value: object, *, where: str) -> Fraction:
    """A non-negative rational as ``"p"`` or ``"p/q"``, in lowest terms (so that each value has
    exactly one encoding)."""
    text = expect_str(value, where=where, maximum=200)
    if _FRACTION.fullmatch(text) is None:
        raise EncodingError('expected a fraction "p" or "p/q"', where=where)
    fraction = Fraction(text)
    if str(fraction) != text:
        raise EncodingError(f"fraction not in lowest terms (write {fraction})", where=where)
    return fraction


def format_fraction(value: Fraction) -> str:
    return str(value)


def _hash_hex(value: object, *, where: str) -> bytes:
    return parse_hex(value, length=HASH_BYTES, where=where)


# --- manifest -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    label: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label}

    @classmethod
    def from_json(cls, value: object, *, where: str) -> Option:
        obj = expect_object(value, ("id", "label"), where=where)
        return cls(
            expect_identifier(obj["id"], where=f"{where}.id"),
            expect_text(obj["label"], where=f"{where}.label"),
        )


@dataclass(frozen=True, slots=True)
class Question:
    """A question: ``yes_no`` (options yes, no; at most one), ``single_choice`` (at most one of
    two or more) or ``approval`` (any number between min and max)."""

    id: str
    kind: str
    text: str
    options: tuple[Option, ...]
    min_selected: int
    max_selected: int

    def spec(self) -> QuestionSpec:
        return QuestionSpec(len(self.options), self.min_selected, self.max_selected)

    def check(self, *, where: str) -> None:
        n = len(self.options)
        if self.kind not in QUESTION_KINDS:
            raise RecordError(f"{where}: unknown kind {self.kind!r}")
        if not 1 <= n <= 1000:
            raise RecordError(f"{where}: 1 to 1000 options")
        if len({o.id for o in self.options}) != n:
            raise RecordError(f"{where}: option ids are not unique")
        if not 0 <= self.min_selected <= self.max_selected <= n:
            raise RecordError(f"{where}: 0 <= min_selected <= max_selected <= options is required")
        if self.kind == "yes_no" and [o.id for o in self.options] != ["yes", "no"]:
            raise RecordError(f"{where}: a yes/no question has the options yes, no")
        if self.kind in ("yes_no", "single_choice") and (
            self.max_selected != 1 or n < 2 or self.min_selected not in (0, 1)
        ):
            raise RecordError(f"{where}: {self.kind} selects at most one of two or more options")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "options": [o.to_json() for o in self.options],
            "min_selected": self.min_selected,
            "max_selected": self.max_selected,
        }

    @classmethod
    def from_json(cls, value: object, *, where: str) -> Question:
        keys = ("id", "kind", "text", "options", "min_selected", "max_selected")
        obj = expect_object(value, keys, where=where)
        options = expect_list(obj["options"], where=f"{where}.options")
        return cls(
            expect_identifier(obj["id"], where=f"{where}.id"),
            expect_str(obj["kind"], where=f"{where}.kind"),
            expect_text(obj["text"], where=f"{where}.text"),
            tuple(
                Option.from_json(o, where=f"{where}.options[{i}]") for i, o in enumerate(options)
            ),
            expect_int(obj["min_selected"], where=f"{where}.min_selected"),
            expect_int(obj["max_selected"], where=f"{where}.max_selected"),
        )


@dataclass(frozen=True, slots=True)
class College:
    """A college (voting group) with its weight in the result and the minimum number of counted
    ballots for its own result to be published."""

    id: str
    name: str
    weight: Fraction
    minimum_ballots: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "weight": format_fraction(self.weight),
            "minimum_ballots": self.minimum_ballots,
        }

    @classmethod
    def from_json(cls, value: object, *, where: str) -> College:
        obj = expect_object(value, ("id", "name", "weight", "minimum_ballots"), where=where)
        return cls(
            expect_identifier(obj["id"], where=f"{where}.id"),
            expect_text(obj["name"], where=f"{where}.name"),
            parse_fraction(obj["weight"], where=f"{where}.weight"),
            expect_int(obj["minimum_ballots"], where=f"{where}.minimum_ballots"),
        )


@dataclass(frozen=True, slots=True)
class Description:
    """What the election is, fixed before the key ceremony; its hash is the ceremony's context."""

    election_id: str
    title: str
    revoting: bool
    questions: tuple[Question, ...]
    colleges: tuple[College, ...]
    trustees: int
    threshold: int

    def params(self) -> DkgParameters:
        return DkgParameters(trustees=self.trustees, threshold=self.threshold)

    def specs(self) -> list[QuestionSpec]:
        return [q.spec() for q in self.questions]

    def college(self, college_id: str) -> College:
        for college in self.colleges:
            if college.id == college_id:
                return college
        raise RecordError(f"no college {college_id!r}")

    def check(self) -> None:
        """The rules of the format beyond encoding (kinds, unique ids, weights, thresholds)."""
        if not self.questions:
            raise RecordError("an election has at least one question")
        if len({q.id for q in self.questions}) != len(self.questions):
            raise RecordError("question ids are not unique")
        for i, question in enumerate(self.questions):
            question.check(where=f"questions[{i}]")
        if not self.colleges:
            raise RecordError("an election has at least one college")
        if len({c.id for c in self.colleges}) != len(self.colleges):
            raise RecordError("college ids are not unique")
        for college in self.colleges:
            if college.weight <= 0:
                raise RecordError(f"college {college.id}: the weight must be positive")
            if college.minimum_ballots < 1:
                raise RecordError(f"college {college.id}: minimum_ballots must be at least 1")
        try:
            self.params()
        except CryptoError as exc:
            raise RecordError(str(exc)) from exc

    def to_json(self) -> dict[str, Any]:
        return {
            "election_id": self.election_id,
            "title": self.title,
            "revoting": self.revoting,
            "questions": [q.to_json() for q in self.questions],
            "colleges": [c.to_json() for c in self.colleges],
            "trustees": self.trustees,
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, value: object, *, where: str = "manifest.description") -> Description:
        keys = (
            "election_id",
            "title",
            "revoting",
            "questions",
            "colleges",
            "trustees",
            "threshold",
        )
        obj = expect_object(value, keys, where=where)
        questions = expect_list(obj["questions"], where=f"{where}.questions")
        colleges = expect_list(obj["colleges"], where=f"{where}.colleges")
        return cls(
            expect_identifier(obj["election_id"], where=f"{where}.election_id"),
            expect_text(obj["title"], where=f"{where}.title"),
            expect_bool(obj["revoting"], where=f"{where}.revoting"),
            tuple(
                Question.from_json(q, where=f"{where}.questions[{i}]")
                for i, q in enumerate(questions)
            ),
            tuple(
                College.from_json(c, where=f"{where}.colleges[{i}]") for i, c in enumerate(colleges)
            ),
            expect_int(obj["trustees"], where=f"{where}.trustees", minimum=1, maximum=255),
            expect_int(obj["threshold"], where=f"{where}.threshold", minimum=1, maximum=255),
        )


@dataclass(frozen=True, slots=True)
class Ceremony:
    """The public transcript of the key ceremony: its context (the description's hash), each
    dealer's commitments and proof, each trustee's verification key and the joint key."""

    context: bytes
    commitments: tuple[DealerCommitment, ...]
    verification_keys: tuple[Point, ...]
    public_key: Point

    def to_json(self) -> dict[str, Any]:
        return {
            "context": self.context.hex(),
            "commitments": [c.to_json() for c in self.commitments],
            "verification_keys": [k.hex() for k in self.verification_keys],
            "public_key": self.public_key.hex(),
        }

    @classmethod
    def from_json(
        cls, value: object, *, params: DkgParameters, where: str = "manifest.ceremony"
    ) -> Ceremony:
        keys = ("context", "commitments", "verification_keys", "public_key")
        obj = expect_object(value, keys, where=where)
        commitments = expect_list(
            obj["commitments"], where=f"{where}.commitments", length=params.trustees
        )
        vks = expect_list(
            obj["verification_keys"], where=f"{where}.verification_keys", length=params.trustees
        )
        return cls(
            _hash_hex(obj["context"], where=f"{where}.context"),
            tuple(
                DealerCommitment.from_json(c, params=params, where=f"{where}.commitments[{i}]")
                for i, c in enumerate(commitments)
            ),
            tuple(
                Point.from_hex(k, where=f"{where}.verification_keys[{i}]")
                for i, k in enumerate(vks)
            ),
            Point.from_hex(obj["public_key"], where=f"{where}.public_key"),
        )


@dataclass(frozen=True, slots=True)
class RollEntry:
    """A frozen credential public key and its college. Which member holds it is not public."""

    credential: bytes
    college: str

    def to_json(self) -> dict[str, Any]:
        return {"credential": self.credential.hex(), "college": self.college}

    @classmethod
    def from_json(cls, value: object, *, where: str) -> RollEntry:
        obj = expect_object(value, ("credential", "college"), where=where)
        credential = parse_hex(obj["credential"], length=32, where=f"{where}.credential")
        Point.from_bytes(credential, where=f"{where}.credential")
        return cls(credential, expect_identifier(obj["college"], where=f"{where}.college"))


@dataclass(frozen=True, slots=True)
class Roll:
    """The roll frozen before voting: ``hash`` commits to the private roll (member to
    credential); ``credentials`` are the public keys that may sign ballots, with their college."""

    hash: bytes
    credentials: tuple[RollEntry, ...]

    def to_json(self) -> dict[str, Any]:
        return {"hash": self.hash.hex(), "credentials": [c.to_json() for c in self.credentials]}

    @classmethod
    def from_json(cls, value: object, *, where: str = "manifest.roll") -> Roll:
        obj = expect_object(value, ("hash", "credentials"), where=where)
        items = expect_list(obj["credentials"], where=f"{where}.credentials")
        return cls(
            _hash_hex(obj["hash"], where=f"{where}.hash"),
            tuple(
                RollEntry.from_json(c, where=f"{where}.credentials[{i}]")
                for i, c in enumerate(items)
            ),
        )


@dataclass(frozen=True, slots=True)
class Manifest:
    description: Description
    ceremony: Ceremony
    roll: Roll

    def to_json(self) -> dict[str, Any]:
        return {
            "description": self.description.to_json(),
            "ceremony": self.ceremony.to_json(),
            "roll": self.roll.to_json(),
        }

    def hash(self) -> bytes:
        return hash_json(self.to_json())

    @classmethod
    def from_json(cls, value: object, *, where: str = "manifest") -> Manifest:
        obj = expect_object(value, ("description", "ceremony", "roll"), where=where)
        description = Description.from_json(obj["description"], where=f"{where}.description")
        try:
            params = description.params()
        except CryptoError as exc:
            raise EncodingError(str(exc), where=f"{where}.description") from exc
        return cls(
            description,
            Ceremony.from_json(obj["ceremony"], params=params, where=f"{where}.ceremony"),
            Roll.from_json(obj["roll"], where=f"{where}.roll"),
        )


# --- board --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BoardEntry:
    """One cast ballot on the board; ``hash`` chains it to ``previous`` (the manifest hash for
    the first entry)."""

    index: int
    previous: bytes
    tracker: bytes
    hash: bytes
    ballot: SignedBallot

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "previous": self.previous.hex(),
            "tracker": self.tracker.hex(),
            "hash": self.hash.hex(),
            "ballot": self.ballot.to_json(),
        }

    @classmethod
    def from_json(cls, value: object, *, where: str) -> BoardEntry:
        keys = ("index", "previous", "tracker", "hash", "ballot")
        obj = expect_object(value, keys, where=where)
        return cls(
            expect_int(obj["index"], where=f"{where}.index"),
            _hash_hex(obj["previous"], where=f"{where}.previous"),
            _hash_hex(obj["tracker"], where=f"{where}.tracker"),
            _hash_hex(obj["hash"], where=f"{where}.hash"),
            SignedBallot.from_json(obj["ballot"], where=f"{where}.ballot"),
        )


def board_entry(*, board: Sequence[BoardEntry], genesis: bytes, ballot: SignedBallot) -> BoardEntry:
    """The next entry of a board whose first ``previous`` is ``genesis`` (the manifest hash)."""
    index = len(board)
    previous = board[-1].hash if board else genesis
    tracker = tracker_of(ballot.to_json())
    return BoardEntry(
        index,
        previous,
        tracker,
        entry_hash_of(index=index, previous=previous, tracker=tracker),
        ballot,
    )


def counted_entries(credentials: Sequence[bytes]) -> list[int]:
    """Indices of the board entries that count: the last one of each credential, in board order
    (with revoting off, a board holds at most one per credential, and this is every entry)."""
    last: dict[bytes, int] = {}
    for index, credential in enumerate(credentials):
        last[credential] = index
    return sorted(last.values())


# --- tally --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SelectionTally:
    """One option's homomorphic sum in one college; for a published college, the trustees'
    decryption shares and the count they decrypt to; for a withheld one, neither."""

    ciphertext: Ciphertext
    shares: tuple[DecryptionShare, ...] | None
    count: int | None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ciphertext": self.ciphertext.to_json()}
        if self.shares is not None:
            out["shares"] = [s.to_json() for s in self.shares]
        if self.count is not None:
            out["count"] = self.count
        return out

    @classmethod
    def from_json(cls, value: object, *, params: DkgParameters, where: str) -> SelectionTally:
        # The shape follows the keys present, not ``withheld``: that the two agree is a check of
        # the verifier (``withheld``), not an encoding rule.
        full = isinstance(value, dict) and ("shares" in value or "count" in value)
        keys = ("ciphertext", "shares", "count") if full else ("ciphertext",)
        obj = expect_object(value, keys, where=where)
        ciphertext = Ciphertext.from_json(
            obj["ciphertext"], allow_identity=True, where=f"{where}.ciphertext"
        )
        if not full:
            return cls(ciphertext, None, None)
        shares = expect_list(obj["shares"], where=f"{where}.shares")
        return cls(
            ciphertext,
            tuple(
                DecryptionShare.from_json(s, params=params, where=f"{where}.shares[{i}]")
                for i, s in enumerate(shares)
            ),
            expect_int(obj["count"], where=f"{where}.count", maximum=2**62),
        )


@dataclass(frozen=True, slots=True)
class CollegeTally:
    """A college's part of the tally: the board entries counted for it, and per question and
    option a :class:`SelectionTally`. ``withheld`` colleges have too few ballots to publish."""

    college: str
    ballots: tuple[int, ...]
    withheld: bool
    questions: tuple[tuple[SelectionTally, ...], ...]

    def counts(self) -> list[list[int]]:
        out = []
        for question in self.questions:
            row = []
            for selection in question:
                if selection.count is None:
                    raise RecordError(f"college {self.college} has no published counts")
                row.append(selection.count)
            out.append(row)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "college": self.college,
            "ballots": list(self.ballots),
            "withheld": self.withheld,
            "questions": [[s.to_json() for s in q] for q in self.questions],
        }

    @classmethod
    def from_json(cls, value: object, *, params: DkgParameters, where: str) -> CollegeTally:
        obj = expect_object(value, ("college", "ballots", "withheld", "questions"), where=where)
        withheld = expect_bool(obj["withheld"], where=f"{where}.withheld")
        ballots = expect_list(obj["ballots"], where=f"{where}.ballots")
        questions = expect_list(obj["questions"], where=f"{where}.questions")
        return cls(
            expect_identifier(obj["college"], where=f"{where}.college"),
            tuple(expect_int(b, where=f"{where}.ballots[{i}]") for i, b in enumerate(ballots)),
            withheld,
            tuple(
                tuple(
                    SelectionTally.from_json(s, params=params, where=f"{where}.questions[{q}][{i}]")
                    for i, s in enumerate(expect_list(question, where=f"{where}.questions[{q}]"))
                )
                for q, question in enumerate(questions)
            ),
        )


@dataclass(frozen=True, slots=True)
class Tally:
    """The trustees who took part in decryption (at least t of n) and each college's tally."""

    trustees_present: tuple[int, ...]
    colleges: tuple[CollegeTally, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "trustees_present": list(self.trustees_present),
            "colleges": [c.to_json() for c in self.colleges],
        }

    @classmethod
    def from_json(cls, value: object, *, params: DkgParameters, where: str = "tally") -> Tally:
        obj = expect_object(value, ("trustees_present", "colleges"), where=where)
        present = expect_list(obj["trustees_present"], where=f"{where}.trustees_present")
        colleges = expect_list(obj["colleges"], where=f"{where}.colleges")
        return cls(
            tuple(
                params.check_index(
                    expect_int(p, where=f"{where}.trustees_present[{i}]"),
                    where=f"{where}.trustees_present[{i}]",
                )
                for i, p in enumerate(present)
            ),
            tuple(
                CollegeTally.from_json(c, params=params, where=f"{where}.colleges[{i}]")
                for i, c in enumerate(colleges)
            ),
        )


# --- weighted result ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuestionResult:
    question: str
    scores: tuple[Fraction, ...]

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question, "scores": [format_fraction(s) for s in self.scores]}

    @classmethod
    def from_json(cls, value: object, *, where: str) -> QuestionResult:
        obj = expect_object(value, ("question", "scores"), where=where)
        scores = expect_list(obj["scores"], where=f"{where}.scores")
        return cls(
            expect_identifier(obj["question"], where=f"{where}.question"),
            tuple(parse_fraction(s, where=f"{where}.scores[{i}]") for i, s in enumerate(scores)),
        )


@dataclass(frozen=True, slots=True)
class Result:
    """The weighted result. ``included`` are the published colleges, ``withheld`` the others;
    ``questions`` is empty when no college is published."""

    included: tuple[str, ...]
    withheld: tuple[str, ...]
    questions: tuple[QuestionResult, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "included": list(self.included),
            "withheld": list(self.withheld),
            "questions": [q.to_json() for q in self.questions],
        }

    @classmethod
    def from_json(cls, value: object, *, where: str = "result") -> Result:
        obj = expect_object(value, ("included", "withheld", "questions"), where=where)
        included = expect_list(obj["included"], where=f"{where}.included")
        withheld = expect_list(obj["withheld"], where=f"{where}.withheld")
        questions = expect_list(obj["questions"], where=f"{where}.questions")
        return cls(
            tuple(
                expect_identifier(c, where=f"{where}.included[{i}]") for i, c in enumerate(included)
            ),
            tuple(
                expect_identifier(c, where=f"{where}.withheld[{i}]") for i, c in enumerate(withheld)
            ),
            tuple(
                QuestionResult.from_json(q, where=f"{where}.questions[{i}]")
                for i, q in enumerate(questions)
            ),
        )


def is_published(college: College, ballots: int) -> bool:
    return ballots >= college.minimum_ballots


def weighted_result(
    description: Description, tallies: Mapping[str, tuple[int, Sequence[Sequence[int]] | None]]
) -> Result:
    """The result computed in the open, with exact fractions.

    ``tallies`` maps each college id to (number of counted ballots, counts per question and
    option, or None if withheld). A college is included when its ballots reach its minimum. For
    option o, score(o) = sum over included colleges c of w_c * count_c(o) / ballots_c, divided
    by the sum of the included colleges' weights: each college contributes the share of its
    ballots that selected o, scaled by its weight, and the withheld colleges' weight is
    redistributed in proportion to the others'.
    """
    included: dict[str, tuple[int, Sequence[Sequence[int]]]] = {}
    withheld: list[str] = []
    for college in description.colleges:
        ballots, counts = tallies[college.id]
        if is_published(college, ballots) and counts is not None:
            included[college.id] = (ballots, counts)
        else:
            withheld.append(college.id)
    weights = {c.id: c.weight for c in description.colleges}
    total_weight = sum((weights[c] for c in included), Fraction(0))
    questions: list[QuestionResult] = []
    if included:
        for q, question in enumerate(description.questions):
            scores = []
            for o in range(len(question.options)):
                score = Fraction(0)
                for college_id, (ballots, counts) in included.items():
                    score += weights[college_id] * Fraction(counts[q][o], ballots)
                scores.append(score / total_weight)
            questions.append(QuestionResult(question.id, tuple(scores)))
    return Result(tuple(included), tuple(withheld), tuple(questions))


# --- the record ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Record:
    manifest: Manifest
    manifest_hash: bytes
    board: tuple[BoardEntry, ...]
    head: bytes
    tally: Tally
    result: Result

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "manifest": self.manifest.to_json(),
            "manifest_hash": self.manifest_hash.hex(),
            "board": {"entries": [e.to_json() for e in self.board], "head": self.head.hex()},
            "tally": self.tally.to_json(),
            "result": self.result.to_json(),
        }

    @classmethod
    def from_json(cls, value: object) -> Record:
        """Strict decoding of a whole record (every encoding checked; no semantic check)."""
        obj = expect_record_object(value)
        manifest = Manifest.from_json(obj["manifest"])
        board = expect_board(obj["board"])
        return cls(
            manifest,
            _hash_hex(obj["manifest_hash"], where="manifest_hash"),
            tuple(BoardEntry.from_json(e, where=f"board.entries[{i}]") for i, e in board.entries),
            board.head,
            Tally.from_json(obj["tally"], params=manifest.description.params()),
            Result.from_json(obj["result"]),
        )


RECORD_KEYS = ("format", "version", "manifest", "manifest_hash", "board", "tally", "result")


def expect_record_object(value: object) -> dict[str, object]:
    return expect_object(value, RECORD_KEYS, where="record")


@dataclass(frozen=True, slots=True)
class RawBoard:
    entries: tuple[tuple[int, object], ...]
    head: bytes


def expect_board(value: object, *, where: str = "board") -> RawBoard:
    """The board's shape and head; its entries are left as JSON (decoded where they are
    verified, possibly in another process)."""
    obj = expect_object(value, ("entries", "head"), where=where)
    entries = expect_list(obj["entries"], where=f"{where}.entries")
    return RawBoard(tuple(enumerate(entries)), _hash_hex(obj["head"], where=f"{where}.head"))


def record_dump(record: Record | Mapping[str, object], path: Path | str) -> None:
    """Write the record as JSON; gzip-compressed when the file name ends in ``.gz``."""
    data = record.to_json() if isinstance(record, Record) else record
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=True).encode()
    target = Path(path)
    if target.name.endswith(".gz"):
        target.write_bytes(gzip.compress(text, compresslevel=6, mtime=0))
    else:
        target.write_bytes(text)


def record_load_json(path: Path | str) -> object:
    """The JSON value of a record file, plain or gzip-compressed (detected by its magic bytes),
    read by the strict loader of every tool (``jsonshape.loads_strict``). Raises OSError or
    ValueError (``jsonshape.DuplicateKeyError`` for a key given twice)."""
    data = Path(path).read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return loads_strict(data)


def pool_context() -> BaseContext:
    """Worker processes are forked where the platform allows it (the workers then start at
    once, with the module state they need); elsewhere they are spawned."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()

"""The manifest: the election's description (questions, colleges and their weights, trustees),
the key ceremony and the roll, each with its strict JSON decoding."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from intercoop_tools.crypto.ballot import QuestionSpec
from intercoop_tools.crypto.dkg import DealerCommitment, DkgParameters
from intercoop_tools.crypto.errors import CryptoError, EncodingError
from intercoop_tools.crypto.group import Point, parse_hex
from intercoop_tools.crypto.jsonshape import expect_int, expect_list, expect_object
from intercoop_tools.record.encoding import (
    QUESTION_KINDS,
    RecordError,
    expect_bool,
    expect_hash,
    expect_identifier,
    expect_str,
    expect_text,
    format_fraction,
    hash_json,
    parse_fraction,
)

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
            expect_hash(obj["context"], where=f"{where}.context"),
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
            expect_hash(obj["hash"], where=f"{where}.hash"),
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

"""The tally: per college, the counted board entries, the homomorphic sums and, for a published
college, the trustees' decryption shares and the counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from intercoop_tools.crypto.dkg import DecryptionShare, DkgParameters
from intercoop_tools.crypto.elgamal import Ciphertext
from intercoop_tools.crypto.jsonshape import expect_int, expect_list, expect_object
from intercoop_tools.record.encoding import RecordError, expect_bool, expect_identifier

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

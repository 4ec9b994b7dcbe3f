"""The weighted result, computed in the open with exact fractions, and which colleges are
published."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from intercoop_tools.crypto.jsonshape import expect_list, expect_object
from intercoop_tools.record.encoding import expect_identifier, format_fraction, parse_fraction
from intercoop_tools.record.manifest import College, Description

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

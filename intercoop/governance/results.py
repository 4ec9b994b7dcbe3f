"""The result a decision stores when it closes (``Decision.result``), as typed values; and the
shapes of the other JSON the governance services store and several modules read: a meeting's
quorum at its call (``Meeting.quorum_check``) and a decision's frozen rules
(``Decision.rules_snapshot``).

A counted decision (public or secret ballot) stores a :class:`DecisionResult`: the tally
engine's count per college and overall, the outcome of a yes/no or consent vote, the turnout and
quorum, and whether it was adopted. A verifiable decision stores a :class:`VerifiableResult`,
computed from its election's published result. Both are written with ``to_json`` and read with
:func:`stored_result` (or each class's ``from_json``), and nowhere else by string keys: the JSON
stored is the same as before these classes, key for key (``to_json(from_json(x)) == x``).

This module reads nothing and writes nothing, and imports no layer of the app, so that the
services, the selectors and the views may all use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self, TypedDict

from intercoop_tools.rules.rules import Preset

# A result's JSON as stored: a mapping of text keys (``Decision.result`` holds it).
JSON = dict[str, Any]


class QuorumCount(TypedDict):
    """Members eligible, present (in person or remotely) and represented by proxy, against the
    quorum's rule (a fraction of the eligible, as "n/d" and in percent)."""

    eligible: int
    present: int
    represented: int
    counted: int
    rule: str
    rule_percent: float
    required: int
    met: bool


class CollegeQuorumCheck(QuorumCount):
    key: str
    name: str
    has_rule: bool  # whether the rules set this college a quorum of its own at this call


class QuorumCheck(QuorumCount):
    """``Meeting.quorum_check``: the quorum when the meeting opened (or at its second call),
    overall and per college; ``met`` only if the colleges with a rule met theirs too."""

    call: int
    checked_at: str  # ISO 8601
    colleges: list[CollegeQuorumCheck]


class SnapshotCollege(TypedDict):
    key: str
    name: str
    categories: list[str]
    weight: str | None  # a fraction as text, "n/d"


class SnapshotCategory(TypedDict):
    key: str
    label: str


class RulesSnapshot(TypedDict):
    """``Decision.rules_snapshot``: the co-op's voting rules frozen when the vote opened
    (fractions as "n/d")."""

    preset: Preset
    colleges: list[SnapshotCollege]
    categories: list[SnapshotCategory]
    one_member_one_vote: bool
    weighting_by_capital: bool
    proxies_allowed: bool
    max_proxies_per_holder: int | None
    min_membership_days_to_vote: int
    notice_days: int
    quorum: str | None
    college_quorum: dict[str, str | None]
    second_call_quorum: str | None
    min_college_ballots_to_publish: int


@dataclass(frozen=True)
class Count:
    """One run of the tally engine (``intercoop_tools.tally.result.TallyResult`` as JSON): for
    one college, or overall when the colleges are pooled or ranked ballots weighted.
    ``rounds`` are the method's rounds or stages, as the engine describes them."""

    method: str
    seats: int
    ballots: int
    blank: int
    candidates: tuple[str, ...]
    withdrawn: tuple[str, ...]
    tie_break_order: tuple[str, ...]
    winners: tuple[str, ...]
    rounds: list[dict[str, Any]]
    counts: dict[str, int] | None = None
    ranking: tuple[str, ...] | None = None
    notes: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, value: JSON) -> Self:
        return cls(
            method=value["method"],
            seats=value["seats"],
            ballots=value["ballots"],
            blank=value["blank"],
            candidates=tuple(value["candidates"]),
            withdrawn=tuple(value["withdrawn"]),
            tie_break_order=tuple(value["tie_break_order"]),
            winners=tuple(value["winners"]),
            rounds=value["rounds"],
            counts=value.get("counts"),
            ranking=tuple(value["ranking"]) if "ranking" in value else None,
            notes=tuple(value.get("notes") or ()),
        )

    def to_json(self) -> JSON:
        data: JSON = {
            "method": self.method,
            "seats": self.seats,
            "ballots": self.ballots,
            "blank": self.blank,
            "candidates": list(self.candidates),
            "withdrawn": list(self.withdrawn),
            "tie_break_order": list(self.tie_break_order),
            "winners": list(self.winners),
        }
        if self.counts is not None:
            data["counts"] = self.counts
        if self.ranking is not None:
            data["ranking"] = list(self.ranking)
        if self.notes:
            data["notes"] = list(self.notes)
        data["rounds"] = self.rounds
        return data


@dataclass(frozen=True)
class CollegeResult:
    """A college's ballots and its own count (None when no valid ballot was cast in it)."""

    key: str
    name: str
    weight: str | None  # a fraction as text, "n/d"; None without weights
    ballots: int
    blank: int
    abstain: int
    valid: int
    count: Count | None

    @property
    def counts(self) -> dict[str, int] | None:
        return self.count.counts if self.count is not None else None

    @property
    def winners(self) -> tuple[str, ...]:
        return self.count.winners if self.count is not None else ()

    @classmethod
    def from_json(cls, value: JSON) -> Self:
        return cls(
            key=value["key"],
            name=value["name"],
            weight=value["weight"],
            ballots=value["ballots"],
            blank=value["blank"],
            abstain=value["abstain"],
            valid=value["valid"],
            count=Count.from_json(value["result"]) if value["result"] is not None else None,
        )

    def to_json(self) -> JSON:
        return {
            "key": self.key,
            "name": self.name,
            "weight": self.weight,
            "ballots": self.ballots,
            "blank": self.blank,
            "abstain": self.abstain,
            "valid": self.valid,
            "result": self.count.to_json() if self.count is not None else None,
        }


@dataclass(frozen=True)
class Overall:
    """The decision's overall count: the engine's run on the pooled (or, for ranked methods,
    weighted) ballots; or, for weighted colleges voting on choices, each option's weighted
    share; or nothing at all (``empty``) when no valid ballot was cast."""

    weighted: bool
    winners: tuple[str, ...]
    empty: bool = False
    scale: int | None = None  # weighted ranked ballots: the weights' scale
    shares: dict[str, str] | None = None  # weighted choices: option → fraction as text
    count: Count | None = None

    @property
    def counts(self) -> dict[str, int] | None:
        return self.count.counts if self.count is not None else None

    @property
    def rounds(self) -> list[dict[str, Any]]:
        return self.count.rounds if self.count is not None else []

    @classmethod
    def from_json(cls, value: JSON) -> Self:
        count = Count.from_json(value) if "method" in value else None
        return cls(
            weighted=value["weighted"],
            winners=tuple(value["winners"]),
            empty=bool(value.get("empty")),
            scale=value.get("scale"),
            shares=value.get("shares"),
            count=count,
        )

    def to_json(self) -> JSON:
        data: JSON = {"weighted": self.weighted}
        if self.scale is not None:
            data["scale"] = self.scale
        if self.count is not None:
            data.update(self.count.to_json())
            return data
        if self.shares is not None:
            data["shares"] = self.shares
        data["winners"] = list(self.winners)
        if self.empty:
            data["empty"] = True
        return data


@dataclass(frozen=True)
class Outcome:
    """Whether a yes/no or consent vote passed its threshold, before the quorum. Yes/no: the
    share of Yes among Yes and No, the threshold and its rule ("more_than", "at_least").
    Consent: the shares that agree and disagree, and the blocks."""

    passed: bool
    share_for: str | None = None
    threshold: str | None = None
    rule: str | None = None
    share_agree: str | None = None
    share_disagree: str | None = None
    blocks: int | None = None

    @classmethod
    def from_json(cls, value: JSON) -> Self:
        return cls(
            passed=value["passed"],
            share_for=value.get("share_for"),
            threshold=value.get("threshold"),
            rule=value.get("rule"),
            share_agree=value.get("share_agree"),
            share_disagree=value.get("share_disagree"),
            blocks=value.get("blocks"),
        )

    def to_json(self) -> JSON:
        if self.rule is not None:
            return {
                "share_for": self.share_for,
                "threshold": self.threshold,
                "rule": self.rule,
                "passed": self.passed,
            }
        return {
            "share_agree": self.share_agree,
            "share_disagree": self.share_disagree,
            "blocks": self.blocks,
            "passed": self.passed,
        }


@dataclass(frozen=True)
class CollegeTurnout:
    key: str
    name: str
    roll: int
    voted: int
    quorum: str | None  # the college's own quorum, a fraction as text, if the rules set one
    met: bool

    @classmethod
    def from_json(cls, value: JSON) -> Self:
        return cls(
            key=value["key"],
            name=value["name"],
            roll=value["roll"],
            voted=value["voted"],
            quorum=value["quorum"],
            met=value["met"],
        )

    def to_json(self) -> JSON:
        return {
            "key": self.key,
            "name": self.name,
            "roll": self.roll,
            "voted": self.voted,
            "quorum": self.quorum,
            "met": self.met,
        }


@dataclass(frozen=True)
class Quorum:
    """The quorum a decision was held to: the rules' (``required``, a fraction of the roll as
    text), or, for a meeting's resolution, the meeting's (``check``: the meeting's stored
    ``quorum_check`` when it opened)."""

    source: str  # "rules" or "meeting"
    met: bool
    required: str | None = None
    check: QuorumCheck | None = None

    @classmethod
    def from_json(cls, value: JSON) -> Self:
        return cls(
            source=value["source"],
            met=value["met"],
            required=value.get("required"),
            check=value.get("check"),
        )

    def to_json(self) -> JSON:
        if self.source == "meeting":
            return {"source": self.source, "met": self.met, "check": self.check}
        return {"source": self.source, "required": self.required, "met": self.met}


@dataclass(frozen=True)
class Turnout:
    """Roll size, ballots and quorum, overall and per college; the colleges whose own result
    may be published (enough ballots to keep their members' votes secret)."""

    roll_size: int
    ballots: int
    colleges: tuple[CollegeTurnout, ...]
    quorum: Quorum
    min_college_ballots_to_publish: int
    publishable: tuple[str, ...]

    @classmethod
    def from_json(cls, value: JSON) -> Self:
        return cls(
            roll_size=value["roll_size"],
            ballots=value["ballots"],
            colleges=tuple(CollegeTurnout.from_json(c) for c in value["colleges"]),
            quorum=Quorum.from_json(value["quorum"]),
            min_college_ballots_to_publish=value["min_college_ballots_to_publish"],
            publishable=tuple(value["publishable"]),
        )

    def to_json(self) -> JSON:
        return {
            "roll_size": self.roll_size,
            "ballots": self.ballots,
            "colleges": [c.to_json() for c in self.colleges],
            "quorum": self.quorum.to_json(),
            "min_college_ballots_to_publish": self.min_college_ballots_to_publish,
            "publishable": list(self.publishable),
        }


@dataclass(frozen=True)
class DecisionResult:
    """What a public or secret ballot's close stores: the count (``bundle.count_colleges``),
    the turnout, and ``adopted`` (yes/no and consent: the outcome passed and the quorum was
    met; None for the methods that choose)."""

    method: str
    engine_method: str
    seats: int
    options: tuple[str, ...]
    weighted: bool
    colleges: tuple[CollegeResult, ...]
    overall: Overall
    outcome: Outcome | None
    turnout: Turnout
    adopted: bool | None = None

    @classmethod
    def from_json(cls, value: JSON) -> Self:
        return cls(
            method=value["method"],
            engine_method=value["engine_method"],
            seats=value["seats"],
            options=tuple(value["options"]),
            weighted=value["weighted"],
            colleges=tuple(CollegeResult.from_json(c) for c in value["colleges"]),
            overall=Overall.from_json(value["overall"]),
            outcome=Outcome.from_json(value["outcome"]) if value["outcome"] is not None else None,
            turnout=Turnout.from_json(value["turnout"]),
            adopted=value.get("adopted"),
        )

    def to_json(self) -> JSON:
        data: JSON = {
            "method": self.method,
            "engine_method": self.engine_method,
            "seats": self.seats,
            "options": list(self.options),
            "weighted": self.weighted,
            "colleges": [c.to_json() for c in self.colleges],
            "overall": self.overall.to_json(),
            "outcome": self.outcome.to_json() if self.outcome is not None else None,
            "turnout": self.turnout.to_json(),
        }
        if self.adopted is not None:
            data["adopted"] = self.adopted
        return data


@dataclass(frozen=True)
class VerifiableResult:
    """What a verifiable decision stores when its election is published: the weighted scores
    per option (exact fractions as text), the colleges included and withheld, the winners
    (option ids of the election's description, and their labels), adoption for yes/no (with
    the weighted share of yes among yes and no), and the turnout. Without a published college
    there are no scores, no winners, no labels."""

    turnout: Turnout
    scores: dict[str, str]
    included: tuple[str, ...]
    withheld: tuple[str, ...]
    winners: tuple[str, ...]
    adopted: bool | None
    yes_share: str | None = None
    winner_labels: tuple[str, ...] | None = None

    @classmethod
    def from_json(cls, value: JSON) -> Self:
        labels = value.get("winner_labels")
        return cls(
            turnout=Turnout.from_json(value["turnout"]),
            scores=value["scores"],
            included=tuple(value["included"]),
            withheld=tuple(value["withheld"]),
            winners=tuple(value["winners"]),
            adopted=value["adopted"],
            yes_share=value.get("yes_share"),
            winner_labels=tuple(labels) if labels is not None else None,
        )

    def to_json(self) -> JSON:
        data: JSON = {
            "verifiable": True,
            "turnout": self.turnout.to_json(),
            "scores": self.scores,
            "included": list(self.included),
            "withheld": list(self.withheld),
            "winners": list(self.winners),
            "adopted": self.adopted,
        }
        if self.yes_share is not None:
            data["yes_share"] = self.yes_share
        if self.winner_labels is not None:
            data["winner_labels"] = list(self.winner_labels)
        return data


def stored_result(value: Any) -> DecisionResult | VerifiableResult | None:
    """A decision's stored result (``Decision.result``) as its class; None if none is stored."""
    if not isinstance(value, dict) or not value:
        return None
    if value.get("verifiable"):
        return VerifiableResult.from_json(value)
    return DecisionResult.from_json(value)

"""The result of a count."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TallyResult:
    """What a method returns.

    ``winners`` are names in order of election. ``rounds`` is a list of JSON-serialisable dicts,
    one per round or stage; each method's docstring describes its keys. ``ballots`` counts every
    ballot read, ``blank`` those that name no candidate. ``tie_break_order`` is the order used
    when earlier rounds do not break a tie (see :mod:`intercoop_tools.tally.ties`).
    """

    method: str
    candidates: tuple[str, ...]
    seats: int
    winners: list[str]
    rounds: list[dict[str, Any]]
    ballots: int
    blank: int
    tie_break_order: tuple[str, ...]
    counts: dict[str, int] | None = None
    ranking: list[str] | None = None
    withdrawn: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
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
            data["counts"] = dict(self.counts)
        if self.ranking is not None:
            data["ranking"] = list(self.ranking)
        if self.notes:
            data["notes"] = list(self.notes)
        data["rounds"] = self.rounds
        return data

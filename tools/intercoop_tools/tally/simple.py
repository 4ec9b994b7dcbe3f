"""Plurality, approval and score voting: one round, highest totals win.

- **plurality**: each ballot names one candidate; a candidate's tally is the number of ballots
  naming them. A ballot naming several candidates is refused (:class:`TallyError`), not
  silently spoilt: the ballot format, not the count, decides what an overvote is.
- **approval**: each ballot names any number of candidates; each named candidate gets one vote.
- **score**: each ballot gives named candidates a whole-number score (0 or more); a candidate's
  tally is the sum of their scores. Naming a candidate with score 0 is a valid, non-blank
  ballot.

The ``seats`` candidates with the highest tallies win, listed from the highest tally down.
Equal tallies are ordered by the tie-break order (:mod:`intercoop_tools.tally.ties`); the
round records every tie that decided who won or in what order. Blank ballots are counted in
``blank`` and add to no tally. All arithmetic is on integers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from intercoop_tools.tally.errors import TallyError
from intercoop_tools.tally.profile import ChoiceProfile
from intercoop_tools.tally.result import TallyResult
from intercoop_tools.tally.ties import TieBreaker, tie_break_order


def plurality(profile: ChoiceProfile, *, seats: int = 1, seed: str | None = None) -> TallyResult:
    named = (profile.marks >= 0).sum(axis=1)
    if bool((named > 1).any()):
        raise TallyError("a plurality ballot names more than one candidate")
    if bool((profile.marks > 1).any()):
        raise TallyError("a plurality ballot carries a score")
    return _highest(profile, profile.marks >= 0, "plurality", seats, seed)


def approval(profile: ChoiceProfile, *, seats: int = 1, seed: str | None = None) -> TallyResult:
    if bool((profile.marks > 1).any()):
        raise TallyError("an approval ballot carries a score")
    return _highest(profile, profile.marks >= 0, "approval", seats, seed)


def score(profile: ChoiceProfile, *, seats: int = 1, seed: str | None = None) -> TallyResult:
    return _highest(profile, np.maximum(profile.marks, 0), "score", seats, seed)


def _highest(
    profile: ChoiceProfile,
    points: np.ndarray[Any, Any],
    method: str,
    seats: int,
    seed: str | None,
) -> TallyResult:
    if seats < 1:
        raise TallyError("the number of seats must be at least 1")
    names = profile.candidates
    order = tie_break_order(names, seed)
    breaker = TieBreaker(order)
    tallies = (
        [int(v) for v in profile.counts @ points.astype(np.int64)]
        if len(profile.counts)
        else [0] * len(names)
    )
    ranked = sorted(range(len(names)), key=lambda c: (-tallies[c], order.index(c)))
    winners = ranked[:seats]
    ties: list[dict[str, Any]] = []
    for value in sorted({tallies[c] for c in winners}, reverse=True):
        group = [c for c in range(len(names)) if tallies[c] == value]
        if len(group) > 1:
            ties.append(
                {
                    "tally": value,
                    "candidates": [names[c] for c in sorted(group, key=breaker.rank)],
                    "broken_by": "tie-break order",
                }
            )
    counts = {names[c]: tallies[c] for c in range(len(names))}
    round_: dict[str, Any] = {
        "round": 1,
        "tallies": counts,
        "total": sum(tallies),
        "elected": [names[c] for c in winners],
        "ties": ties,
    }
    return TallyResult(
        method=method,
        candidates=names,
        seats=seats,
        winners=[names[c] for c in winners],
        rounds=[round_],
        ballots=profile.ballots,
        blank=profile.blank,
        tie_break_order=tuple(names[c] for c in order),
        counts=counts,
    )

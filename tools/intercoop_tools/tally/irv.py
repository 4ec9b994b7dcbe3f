"""Instant-runoff voting (IRV): a single winner, ranked ballots.

Each round, every ballot counts one vote for its highest-ranked candidate still in the race.
A candidate with more than half of the votes of the round (ballots that have run out of
preferences do not count) wins. Otherwise the candidate with the fewest votes is eliminated and
the next round begins. When one candidate is left, they win.

A tie for fewest votes is broken backwards through earlier rounds, then by the tie-break order
(:mod:`intercoop_tools.tally.ties`). Blank ballots are counted in ``blank`` only.

Each round dict has ``round``, ``tallies`` (votes of each candidate still in the race),
``exhausted`` (ballots with no preference left), ``continuing_votes``, ``majority`` (votes
needed to win outright), then ``elected`` or ``eliminated`` (with ``tie`` when a tie was broken)
and ``transfers``: where the eliminated candidate's ballots went (``exhausted`` for none).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from intercoop_tools.tally._ranked import next_choice, weighted_bincount, without_withdrawn
from intercoop_tools.tally.errors import TallyError
from intercoop_tools.tally.profile import RankedProfile
from intercoop_tools.tally.result import TallyResult
from intercoop_tools.tally.ties import TieBreaker, tie_break_order


def irv(profile: RankedProfile, *, seed: str | None = None) -> TallyResult:
    names = profile.candidates
    ncand = len(names)
    prefs, counts, struck_blank = without_withdrawn(profile)
    order = tie_break_order(names, seed)
    breaker = TieBreaker(order)
    continuing = np.ones(ncand, dtype=bool)
    continuing[list(profile.withdrawn)] = False
    if not continuing.any():
        raise TallyError("every candidate has withdrawn")

    rows = np.arange(prefs.shape[0], dtype=np.int64)
    if continuing.all():
        # Every candidate is in the race: each ballot's first preference is its top.
        top = prefs[:, 0].copy() if prefs.shape[1] else np.full(rows.size, -1, dtype=np.int64)
        pos = np.where(top >= 0, 0, -1)
    else:
        pos, top = next_choice(prefs, rows, np.full(rows.size, -1, dtype=np.int64), continuing)
    rounds: list[dict[str, Any]] = []
    history: list[dict[int, float]] = []
    # `top` is each ballot's current candidate (-1 once exhausted); the tallies are updated
    # with each elimination's transfers rather than recounted.
    live = pos >= 0
    tally = weighted_bincount(top[live], counts[live], ncand)
    exhausted = int(counts[~live].sum())
    winner: int | None = None
    while winner is None:
        alive = [c for c in range(ncand) if continuing[c]]
        votes = sum(tally[c] for c in alive)
        round_: dict[str, Any] = {
            "round": len(rounds) + 1,
            "tallies": {names[c]: tally[c] for c in alive},
            "exhausted": exhausted,
            "continuing_votes": votes,
            "majority": votes // 2 + 1,
        }
        rounds.append(round_)
        leaders = [c for c in alive if 2 * tally[c] > votes]
        if leaders or len(alive) == 1:
            winner = leaders[0] if leaders else alive[0]
            round_["elected"] = [names[winner]]
            break
        fewest = min(tally[c] for c in alive)
        tied = [c for c in alive if tally[c] == fewest]
        loser, how = breaker.lowest(tied, history)
        history.append({c: float(tally[c]) for c in alive})
        round_["eliminated"] = names[loser]
        if len(tied) > 1:
            round_["tie"] = {"candidates": [names[c] for c in tied], "broken_by": how}
        continuing[loser] = False
        # rows is 0..n-1, so a ballot's index is its row.
        moving = np.flatnonzero(top == loser)
        moved_pos, moved_top = next_choice(prefs, moving, pos[moving], continuing)
        pos[moving], top[moving] = moved_pos, moved_top
        arrived = moved_top >= 0
        moved_counts = counts[moving]
        gained = weighted_bincount(moved_top[arrived], moved_counts[arrived], ncand)
        transfers = {names[c]: gained[c] for c in range(ncand) if gained[c]}
        lost = int(moved_counts[~arrived].sum())
        transfers["exhausted"] = lost
        round_["transfers"] = transfers
        exhausted += lost
        for c in range(ncand):
            tally[c] += gained[c]
        tally[loser] = 0

    return TallyResult(
        method="irv",
        candidates=names,
        seats=1,
        winners=[names[winner]],
        rounds=rounds,
        ballots=profile.ballots,
        blank=profile.blank + struck_blank,
        tie_break_order=tuple(names[c] for c in order),
        withdrawn=[names[c] for c in sorted(profile.withdrawn)],
    )

"""Meek STV, after Hill, Wichmann and Woodall, "Algorithm 123: Single Transferable Vote by Meek's
method" (The Computer Journal, 1987), as OpenSTV's ``MeekSTV`` implements it.

Every candidate has a *keep value*: 1 while hopeful, 0 once excluded, and between 0 and 1 once
elected. A ballot of weight 1 gives each candidate it ranks, in order, the fraction ``keep``
of the weight it still has, and passes the rest on; what is left after the last preference is
*excess*. The quota is ``(valid ballots - excess) / (seats + 1)``.

1. Compute every candidate's votes with the current keep values.
2. Any hopeful candidate with more than the quota is elected (all at once; ordered by votes,
   highest first, ties backwards through earlier rounds then by the tie-break order).
3. Otherwise, while the total surplus of elected candidates is above ``tolerance`` votes and
   still shrinking, set each elected candidate's keep value to ``keep * quota / votes`` and go
   back to 1.
4. When the surpluses have converged and nobody new is elected, the hopeful candidate with the
   fewest votes is excluded (keep value 0). Tallies within ``tolerance`` of each other are
   equal: such ties are broken backwards through earlier rounds, then by the tie-break order.
5. When the elected and hopeful candidates together are no more than the seats, all hopeful
   candidates are elected; when every seat is filled, the count ends.

Arithmetic is in binary floating point (IEEE double), which the method allows: its results
are defined up to the convergence tolerance. The comparison "more than the quota" is
``votes > quota + tolerance``, the float analogue of Hill-Wichmann-Woodall's adding 10^-9 to
the quota.

For speed, ballots are grouped before iterating: with excluded candidates worth nothing and
hopeful ones keeping everything, a ballot's flow depends only on the elected candidates it
ranks before its first hopeful candidate, and on that candidate. Ballots with the same such
prefix are iterated as one group; this changes no result.

Each round dict has ``round``, ``iterations``, ``quota``, ``excess``, ``votes`` and ``keep``
(per candidate, excluded and withdrawn candidates omitted), and ``elected`` or ``excluded``
(with ``tie`` when a tie was broken).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from intercoop_tools.tally._ranked import without_withdrawn
from intercoop_tools.tally.errors import TallyError
from intercoop_tools.tally.profile import IntArray, RankedProfile, _collapse_rows
from intercoop_tools.tally.result import TallyResult
from intercoop_tools.tally.ties import TieBreaker, tie_break_order

HOPEFUL, ELECTED, EXCLUDED = 0, 1, 2
MAX_ITERATIONS = 100_000


def _groups(
    prefs: IntArray, counts: IntArray, state: NDArray[np.int64]
) -> tuple[IntArray, IntArray]:
    """Collapse ballots to their elected prefix plus first hopeful candidate (padded with -1)."""
    if prefs.size == 0:
        return prefs, counts
    lookup = np.append(state, EXCLUDED)  # padding (-1) reads as excluded
    status = lookup[prefs]
    hopeful = status == HOPEFUL
    first = np.where(hopeful.any(axis=1), hopeful.argmax(axis=1), prefs.shape[1])
    column = np.arange(prefs.shape[1])[None, :]
    keep = ((status == ELECTED) & (column < first[:, None])) | (column == first[:, None])
    kept = np.where(keep, prefs, -1)
    order = np.argsort(kept < 0, axis=1, kind="stable")
    kept = np.take_along_axis(kept, order, axis=1)
    return _collapse_rows(kept, counts)


def _flow(
    groups: IntArray, weights: NDArray[np.float64], keep: NDArray[np.float64], ncand: int
) -> tuple[NDArray[np.float64], float]:
    """Votes per candidate and the excess, for the grouped ballots and these keep values."""
    votes = np.zeros(ncand, dtype=np.float64)
    remaining = weights.copy()
    lookup = np.append(keep, 0.0)
    for column in range(groups.shape[1]):
        cand = groups[:, column]
        k = lookup[cand]
        given = remaining * k
        present = cand >= 0
        votes += np.bincount(cand[present], weights=given[present], minlength=ncand)
        remaining = remaining - given
    return votes, float(remaining.sum())


def stv_meek(
    profile: RankedProfile,
    *,
    seats: int | None = None,
    seed: str | None = None,
    tolerance: float = 1e-6,
) -> TallyResult:
    seats = profile.seats if seats is None else seats
    if seats < 1:
        raise TallyError("the number of seats must be at least 1")
    if not tolerance > 0:
        raise TallyError("the tolerance must be positive")
    names = profile.candidates
    ncand = len(names)
    prefs, counts, struck_blank = without_withdrawn(profile)
    order = tie_break_order(names, seed)
    breaker = TieBreaker(order, tolerance=tolerance)
    valid = float(counts.sum())

    state = np.full(ncand, HOPEFUL, dtype=np.int64)
    state[list(profile.withdrawn)] = EXCLUDED
    keep = np.where(state == HOPEFUL, 1.0, 0.0)
    elected: list[int] = []
    rounds: list[dict[str, Any]] = []
    history: list[dict[int, float]] = []

    def in_play() -> list[int]:
        return [c for c in range(ncand) if state[c] != EXCLUDED]

    def elect_in_order(group: list[int], votes: NDArray[np.float64]) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        rest = list(group)
        while rest:
            best = max(float(votes[c]) for c in rest)
            tied = [c for c in rest if best - float(votes[c]) <= tolerance]
            chosen, how = breaker.highest(tied, history)
            out.append((chosen, how if len(tied) > 1 else "none"))
            rest.remove(chosen)
        for c, _ in out:
            state[c] = ELECTED
            elected.append(c)
        return out

    while len(elected) < seats:
        hopeful = [c for c in range(ncand) if state[c] == HOPEFUL]
        if len(elected) + len(hopeful) <= seats:
            votes, excess = _flow(*_grouped(prefs, counts, state), keep, ncand)
            done = elect_in_order(hopeful, votes)
            if rounds:
                rounds[-1]["elected_last_vacancies"] = [names[c] for c, _ in done]
            else:
                rounds.append(
                    _round(1, 0, valid, excess, seats, votes, keep, names, in_play())
                    | {"elected_last_vacancies": [names[c] for c, _ in done]}
                )
            break
        groups, weights = _grouped(prefs, counts, state)
        iterations = 0
        last_surplus = float("inf")
        while True:
            iterations += 1
            votes, excess = _flow(groups, weights, keep, ncand)
            quota = (valid - excess) / (seats + 1)
            winners = [c for c in hopeful if float(votes[c]) > quota + tolerance]
            surplus = sum(max(float(votes[c]) - quota, 0.0) for c in elected)
            if winners or surplus <= tolerance or surplus >= last_surplus:
                break
            if iterations >= MAX_ITERATIONS:
                raise TallyError("Meek STV did not converge")
            last_surplus = surplus
            for c in elected:
                if votes[c] > 0:
                    keep[c] = keep[c] * quota / float(votes[c])
        round_ = _round(
            len(rounds) + 1, iterations, valid, excess, seats, votes, keep, names, in_play()
        )
        if winners:
            done = elect_in_order(winners, votes)
            round_["elected"] = [names[c] for c, _ in done]
            ties = [names[c] for c, how in done if how != "none"]
            if ties:
                round_["elected_order_ties"] = ties
        else:
            fewest = min(float(votes[c]) for c in hopeful)
            tied = [c for c in hopeful if float(votes[c]) - fewest <= tolerance]
            loser, how = breaker.lowest(tied, history)
            state[loser] = EXCLUDED
            keep[loser] = 0.0
            round_["excluded"] = names[loser]
            if len(tied) > 1:
                round_["tie"] = {"candidates": [names[c] for c in tied], "broken_by": how}
        history.append({c: float(votes[c]) for c in range(ncand)})
        rounds.append(round_)

    return TallyResult(
        method="stv-meek",
        candidates=names,
        seats=seats,
        winners=[names[c] for c in elected[:seats]],
        rounds=rounds,
        ballots=profile.ballots,
        blank=profile.blank + struck_blank,
        tie_break_order=tuple(names[c] for c in order),
        withdrawn=[names[c] for c in sorted(profile.withdrawn)],
        notes=[f"floating point, tolerance {tolerance} votes"],
    )


def _grouped(
    prefs: IntArray, counts: IntArray, state: NDArray[np.int64]
) -> tuple[IntArray, NDArray[np.float64]]:
    groups, group_counts = _groups(prefs, counts, state)
    return groups, group_counts.astype(np.float64)


def _round(
    number: int,
    iterations: int,
    valid: float,
    excess: float,
    seats: int,
    votes: NDArray[np.float64],
    keep: NDArray[np.float64],
    names: tuple[str, ...],
    shown: list[int],
) -> dict[str, Any]:
    return {
        "round": number,
        "iterations": iterations,
        "quota": (valid - excess) / (seats + 1),
        "excess": excess,
        "votes": {names[c]: float(votes[c]) for c in shown},
        "keep": {names[c]: float(keep[c]) for c in shown},
    }

"""The Schulze method (Condorcet), with winning strength, as in Markus Schulze, "A new monotonic,
clone-independent, reversal symmetric, and Condorcet-consistent single-winner election method"
(Social Choice and Welfare, 2011).

1. ``d[a][b]`` is the number of ballots that rank ``a`` above ``b``. A ballot ranks every
   candidate it names above every candidate it does not name, and leaves unnamed candidates
   equal to each other. Withdrawn candidates take no part.
2. The link ``a → b`` has strength ``d[a][b]`` if ``d[a][b] > d[b][a]``, else 0 (winning
   strength); ``p[a][b]`` is the strength of the strongest path from ``a`` to ``b``
   (Floyd-Warshall widest paths, integer arithmetic).
3. ``a`` beats ``b`` when ``p[a][b] > p[b][a]``; this relation is transitive (Schulze, section
   4.1). The ranking takes, again and again, a candidate that no remaining candidate beats;
   when several qualify, the tie-break order picks (the tie is recorded).

``winners`` are the first ``seats`` candidates of the ranking; ``ranking`` is all of it. The
one round dict has ``pairwise`` (``d``), ``strongest_paths`` (``p``), ``ranking`` and ``ties``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from intercoop_tools.tally._ranked import without_withdrawn
from intercoop_tools.tally.errors import TallyError
from intercoop_tools.tally.profile import IntArray, RankedProfile
from intercoop_tools.tally.result import TallyResult
from intercoop_tools.tally.ties import TieBreaker, tie_break_order

# Up to this many candidates, pairwise() counts through bitmasks (see _pairwise_masks); the
# table it sums into has ncand * 2**ncand cells.
MASK_CANDIDATES = 16


def pairwise(prefs: IntArray, counts: IntArray, ncand: int) -> list[list[int]]:
    """``d[a][b]``: how many ballots rank ``a`` above ``b``."""
    if int(counts.sum()) >= 2**53:
        raise TallyError("too many ballots to count exactly")
    if prefs.size == 0:
        return [[0] * ncand for _ in range(ncand)]
    if ncand <= MASK_CANDIDATES:
        return _pairwise_masks(prefs, counts, ncand)
    return _pairwise_positions(prefs, counts, ncand)


def _pairwise_masks(prefs: IntArray, counts: IntArray, ncand: int) -> list[list[int]]:
    """The candidate at each position of a ballot is ranked above exactly the candidates not
    yet named at that position (ranked later, or not at all): a bitmask. Summing the ballots'
    weights per (candidate, mask) takes one pass per position, instead of one per pair of
    positions; each mask then adds its sum to the pairs it stands for."""
    nrows, width = prefs.shape
    # One contiguous row per position. Candidate numbers fit in a byte here (ncand <= 16), and
    # transposing bytes moves an eighth of the memory.
    by_position = np.ascontiguousarray(prefs.astype(np.int8).T)
    # float64 sums of whole numbers are exact below 2**53 (checked by the caller).
    weights = counts.astype(np.float64)
    everyone = np.int32((1 << ncand) - 1)
    sums = np.zeros(ncand << ncand, dtype=np.float64)
    named = np.zeros(nrows, dtype=np.int32)
    # At position ncand - 1 every candidate has been named: nobody is left below.
    for position in range(min(width, ncand - 1)):
        column = by_position[position].astype(np.int32)
        # Padding sits at the end of a ballot: once absent, absent on every later position.
        present = column >= 0
        complete = bool(present.all())
        if complete:
            here, weight, seen = column, weights, named
        elif present.any():
            here, weight, seen = column[present], weights[present], named[present]
        else:
            break
        seen = seen | np.left_shift(np.int32(1), here)
        key = (here << ncand) | (everyone ^ seen)
        sums += np.bincount(key, weights=weight, minlength=ncand << ncand)
        if complete:
            named = seen
        else:
            named[present] = seen
    masks = np.arange(1 << ncand)
    member = ((masks[:, None] >> np.arange(ncand)[None, :]) & 1).astype(np.float64)
    matrix = np.rint(sums.reshape(ncand, 1 << ncand) @ member).astype(np.int64)
    return [[int(v) for v in row] for row in matrix.tolist()]


def _pairwise_positions(prefs: IntArray, counts: IntArray, ncand: int) -> list[list[int]]:
    """The same count, pair of positions by pair of positions (for many candidates)."""
    nrows, width = prefs.shape
    # float64 sums of whole numbers are exact below 2**53.
    weights = counts.astype(np.float64)
    cells = np.zeros(ncand * ncand, dtype=np.float64)
    # Ranked above ranked: every pair of positions (i, j), i < j. Padding sits at the end of a
    # row, so position j holding a candidate implies position i does too.
    for j in range(1, width):
        later = prefs[:, j]
        present = later >= 0
        if not present.any():
            break
        rows_ok = present if not present.all() else slice(None)
        for i in range(j):
            pair = prefs[rows_ok, i] * ncand + later[rows_ok]
            cells += np.bincount(pair, weights=weights[rows_ok], minlength=ncand * ncand)
    # Ranked above unranked.
    ranked = np.zeros((nrows, ncand), dtype=bool)
    row_index = np.broadcast_to(np.arange(nrows)[:, None], prefs.shape)
    ranked[row_index[prefs >= 0], prefs[prefs >= 0]] = True
    cells += ((ranked * weights[:, None]).T @ ~ranked).ravel()
    matrix = np.rint(cells).astype(np.int64).reshape(ncand, ncand)
    return [[int(v) for v in row] for row in matrix.tolist()]


def strongest_paths(d: list[list[int]], alive: list[int]) -> list[list[int]]:
    n = len(d)
    p = [[0] * n for _ in range(n)]
    for a in alive:
        for b in alive:
            if a != b and d[a][b] > d[b][a]:
                p[a][b] = d[a][b]
    for k in alive:
        for a in alive:
            if a == k:
                continue
            pak = p[a][k]
            if pak == 0:
                continue
            row = p[a]
            pk = p[k]
            for b in alive:
                if b != a and b != k:
                    via = pak if pak < pk[b] else pk[b]
                    if via > row[b]:
                        row[b] = via
    return p


def schulze(
    profile: RankedProfile, *, seats: int | None = None, seed: str | None = None
) -> TallyResult:
    seats = 1 if seats is None else seats
    if seats < 1:
        raise TallyError("the number of seats must be at least 1")
    names = profile.candidates
    ncand = len(names)
    prefs, counts, struck_blank = without_withdrawn(profile)
    order = tie_break_order(names, seed)
    breaker = TieBreaker(order)
    alive = [c for c in range(ncand) if c not in profile.withdrawn]
    if not alive:
        raise TallyError("every candidate has withdrawn")
    d = pairwise(prefs, counts, ncand)
    p = strongest_paths(d, alive)

    ranking: list[int] = []
    ties: list[dict[str, Any]] = []
    remaining = list(alive)
    while remaining:
        unbeaten = [a for a in remaining if not any(p[b][a] > p[a][b] for b in remaining)]
        if not unbeaten:  # impossible: the relation is a strict partial order
            raise AssertionError("Schulze relation has a cycle")
        chosen = breaker.by_order(unbeaten, lowest=False)
        if len(unbeaten) > 1:
            ties.append(
                {
                    "position": len(ranking) + 1,
                    "candidates": [names[c] for c in unbeaten],
                    "broken_by": "tie-break order",
                }
            )
        ranking.append(chosen)
        remaining.remove(chosen)

    def matrix(m: list[list[int]]) -> dict[str, dict[str, int]]:
        return {names[a]: {names[b]: m[a][b] for b in alive if b != a} for a in alive}

    round_ = {
        "round": 1,
        "pairwise": matrix(d),
        "strongest_paths": matrix(p),
        "ranking": [names[c] for c in ranking],
        "ties": ties,
    }
    return TallyResult(
        method="schulze",
        candidates=names,
        seats=seats,
        winners=[names[c] for c in ranking[:seats]],
        rounds=[round_],
        ballots=profile.ballots,
        blank=profile.blank + struck_blank,
        tie_break_order=tuple(names[c] for c in order),
        ranking=[names[c] for c in ranking],
        withdrawn=[names[c] for c in sorted(profile.withdrawn)],
    )

"""Vectorised helpers shared by the ranked methods."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from intercoop_tools.tally.profile import IntArray, RankedProfile


def without_withdrawn(profile: RankedProfile) -> tuple[IntArray, IntArray, int]:
    """The ballots with withdrawn candidates struck out, and how many became blank.

    A withdrawn candidate is not on the ballot paper, so a ballot that ranks only withdrawn
    candidates marks nobody: it is counted as blank.
    """
    prefs, counts = profile.prefs, profile.counts
    if not profile.withdrawn or prefs.size == 0:
        return prefs, counts, 0
    struck = np.isin(prefs, sorted(profile.withdrawn))
    cleaned = np.where(struck, -1, prefs)
    # Move the remaining preferences left, keeping their order.
    order = np.argsort(cleaned < 0, axis=1, kind="stable")
    cleaned = np.take_along_axis(cleaned, order, axis=1)
    empty = (cleaned < 0).all(axis=1)
    return cleaned[~empty], counts[~empty], int(counts[empty].sum())


def next_preference(
    prefs: IntArray, rows: IntArray, after: IntArray, active: NDArray[np.bool_]
) -> IntArray:
    """For each ``rows[i]``, the first position after ``after[i]`` holding an active candidate,
    or ``-1`` if there is none. ``active`` is indexed by candidate."""
    return next_choice(prefs, rows, after, active)[0]


def next_choice(
    prefs: IntArray, rows: IntArray, after: IntArray, active: NDArray[np.bool_]
) -> tuple[IntArray, IntArray]:
    """``next_preference``, and the candidate at that position (``-1`` where none).

    Steps one position at a time, and only for the ballots still looking: most find an active
    candidate at the next position, so this reads about one cell per ballot rather than the
    whole rest of each ballot."""
    n = rows.size
    positions = np.full(n, -1, dtype=np.int64)
    candidates = np.full(n, -1, dtype=np.int64)
    width = prefs.shape[1]
    flat = prefs.reshape(-1)
    # Index -1 (padding) reads the extra False at the end.
    lookup = np.append(active, False)
    looking = np.arange(n)
    pos = after + 1
    cell = rows * width + pos
    while looking.size:
        inside = pos < width
        if not inside.all():
            looking, pos, cell = looking[inside], pos[inside], cell[inside]
            if not looking.size:
                break
        candidate = flat.take(cell)
        found = lookup.take(candidate)
        done = looking[found]
        positions[done] = pos[found]
        candidates[done] = candidate[found]
        # Padding ends a ballot: nothing further on it.
        further = ~found & (candidate >= 0)
        looking, pos, cell = looking[further], pos[further] + 1, cell[further] + 1
    return positions, candidates


def weighted_bincount(candidates: IntArray, weights: IntArray, ncand: int) -> list[int]:
    """Exact integer sums of ``weights`` per candidate (float64 sums are exact below 2**53)."""
    if candidates.size == 0:
        return [0] * ncand
    total = int(np.abs(weights).sum())
    if total < 2**53:
        sums = np.bincount(candidates, weights=weights, minlength=ncand)
        return [int(v) for v in np.rint(sums)]
    out = np.zeros(ncand, dtype=object)
    np.add.at(out, candidates, weights.astype(object))
    return [int(v) for v in out]

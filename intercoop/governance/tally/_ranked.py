"""Vectorised helpers shared by the ranked methods."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from intercoop.governance.tally.profile import IntArray, RankedProfile


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
    if rows.size == 0:
        return np.zeros(0, dtype=np.int64)
    width = prefs.shape[1]
    sub = prefs[rows]
    # Index -1 (padding) reads the extra False at the end.
    lookup = np.append(active, False)
    ok = lookup[sub] & (np.arange(width)[None, :] > after[:, None])
    pos = ok.argmax(axis=1)
    found = ok[np.arange(rows.size), pos]
    return np.where(found, pos, -1).astype(np.int64)


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

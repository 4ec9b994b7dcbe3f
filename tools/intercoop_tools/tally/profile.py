"""Ballot profiles: identical ballots collapsed into (ballot, count) pairs, held as NumPy arrays.

Two kinds of profile:

- :class:`RankedProfile` for ranked ballots (IRV, STV, Schulze). Row ``i`` of ``prefs`` lists
  candidate indices in order of preference, padded on the right with ``-1``; ``counts[i]``
  ballots were cast that way. A ranking may stop early (it is *truncated*); it may not rank a
  candidate twice, nor rank candidates equal.
- :class:`ChoiceProfile` for plurality, approval and score ballots. Row ``i`` of ``marks`` holds,
  for each candidate, the score the ballot gives (``1`` for a plain choice), or ``-1`` where the
  ballot does not name that candidate.

A ballot that names no candidate is *blank*: it is counted in ``blank`` and is not a row.

Rows are collapsed (each distinct ballot appears once, with the sum of its counts) and sorted,
so a profile does not depend on the order in which ballots were read. No method depends on the
order of rows either: every result is a function of the multiset of ballots.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from intercoop_tools.tally.errors import TallyError

IntArray = NDArray[np.int64]

# Above this many ballots the integer arithmetic of the counts (Scottish STV multiplies a
# surplus by a value, both scaled by 10^5) could overflow int64.
MAX_BALLOTS = 900_000_000


def _check_candidates(candidates: Sequence[str]) -> tuple[str, ...]:
    names = tuple(candidates)
    if not names:
        raise TallyError("there are no candidates")
    seen: set[str] = set()
    for name in names:
        if not name:
            raise TallyError("a candidate's name is empty")
        if name in seen:
            raise TallyError(f"candidate {name!r} is listed twice")
        seen.add(name)
    return names


def _collapse_rows(rows: NDArray[np.int64], counts: IntArray) -> tuple[IntArray, IntArray]:
    """Merge identical rows, summing their counts; rows come back sorted lexicographically."""
    if rows.shape[0] == 0:
        return rows.astype(np.int64), counts.astype(np.int64)
    width = rows.shape[1]
    low = int(rows.min()) if rows.size else 0
    base = int(rows.max()) - low + 1 if rows.size else 1
    if width == 0:
        return rows[:1].astype(np.int64), np.array([int(counts.sum())], dtype=np.int64)
    if base**width < 2**62:
        # Encode each row as one integer (its digits in base `base`, most significant first);
        # sorting those integers sorts the rows lexicographically, and is much faster than
        # np.unique(axis=0).
        keys = np.zeros(rows.shape[0], dtype=np.int64)
        for column in range(width):
            keys *= base
            keys += rows[:, column] - low
        unique_keys, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        summed = np.bincount(
            inverse.ravel(), weights=counts.astype(np.float64), minlength=unique_keys.shape[0]
        )
        return rows[first].astype(np.int64), _exact_counts(summed, counts)
    unique_rows, inverse = np.unique(rows, axis=0, return_inverse=True)
    summed = np.bincount(
        inverse.ravel(), weights=counts.astype(np.float64), minlength=unique_rows.shape[0]
    )
    return unique_rows.astype(np.int64), _exact_counts(summed, counts)


def _exact_counts(summed: NDArray[Any], counts: IntArray) -> IntArray:
    # bincount sums in float64, which is exact while every partial sum is below 2**53.
    if int(counts.sum()) >= 2**53:
        raise TallyError("too many ballots to count exactly")
    exact: IntArray = np.rint(summed).astype(np.int64)
    return exact


def _as_counts(counts: Sequence[int] | IntArray | None, n: int) -> IntArray:
    if counts is None:
        return np.ones(n, dtype=np.int64)
    array = np.asarray(counts, dtype=np.int64)
    if array.shape != (n,):
        raise TallyError(f"expected {n} counts, got {array.shape[0] if array.ndim else 0}")
    if n and int(array.min()) < 0:
        raise TallyError("a ballot count is negative")
    return array


# eq=False: NumPy arrays do not compare to a single bool; compare rankings() instead.
@dataclass(frozen=True, eq=False)
class RankedProfile:
    """Collapsed ranked ballots. Build one with :meth:`from_rankings` or :meth:`from_array`."""

    candidates: tuple[str, ...]
    prefs: IntArray
    counts: IntArray
    blank: int = 0
    withdrawn: frozenset[int] = frozenset()
    seats: int = 1
    title: str = ""

    @property
    def valid(self) -> int:
        """Ballots that rank at least one candidate (withdrawn candidates included)."""
        return int(self.counts.sum())

    @property
    def ballots(self) -> int:
        return self.valid + self.blank

    def rankings(self) -> list[tuple[tuple[int, ...], int]]:
        """The distinct non-blank rankings and their counts, as plain Python values."""
        out = []
        for row, count in zip(self.prefs.tolist(), self.counts.tolist(), strict=True):
            out.append((tuple(c for c in row if c >= 0), int(count)))
        return out

    @classmethod
    def from_rankings(
        cls,
        candidates: Sequence[str],
        rankings: Iterable[tuple[Sequence[int], int]],
        *,
        withdrawn: Iterable[int] = (),
        seats: int = 1,
        title: str = "",
    ) -> RankedProfile:
        """Collapse ``(ranking, count)`` pairs; a ranking lists candidate indices, best first."""
        names = _check_candidates(candidates)
        pairs = list(rankings)
        width = max((len(r) for r, _ in pairs), default=0)
        rows = np.full((len(pairs), width), -1, dtype=np.int64)
        for i, (ranking, _) in enumerate(pairs):
            rows[i, : len(ranking)] = ranking
        counts = [count for _, count in pairs]
        return cls.from_array(
            names, rows, counts, withdrawn=withdrawn, seats=seats, title=title, _names=names
        )

    @classmethod
    def from_array(
        cls,
        candidates: Sequence[str],
        prefs: NDArray[np.integer] | Sequence[Sequence[int]],
        counts: Sequence[int] | IntArray | None = None,
        *,
        withdrawn: Iterable[int] = (),
        seats: int = 1,
        title: str = "",
        _names: tuple[str, ...] | None = None,
    ) -> RankedProfile:
        """Collapse an ``(n, length)`` array of candidate indices padded with ``-1``."""
        names = _names if _names is not None else _check_candidates(candidates)
        rows = np.asarray(prefs, dtype=np.int64)
        if rows.ndim != 2:
            rows = rows.reshape(rows.shape[0] if rows.ndim else 0, -1)
        n = rows.shape[0]
        weights = _as_counts(counts, n)
        _check_rankings(rows, len(names))
        gone = frozenset(int(c) for c in withdrawn)
        if any(not 0 <= c < len(names) for c in gone):
            raise TallyError("a withdrawn candidate is not on the list of candidates")
        if seats < 1:
            raise TallyError("the number of seats must be at least 1")
        keep = weights > 0
        rows, weights = rows[keep], weights[keep]
        # Drop columns that are padding on every row, then set blank rows aside.
        ranked_lengths = (rows >= 0).sum(axis=1)
        width = int(ranked_lengths.max()) if ranked_lengths.size else 0
        rows = rows[:, :width]
        is_blank = ranked_lengths == 0
        blank = int(weights[is_blank].sum())
        rows, weights = _collapse_rows(rows[~is_blank], weights[~is_blank])
        if int(weights.sum()) + blank > MAX_BALLOTS:
            raise TallyError(f"more than {MAX_BALLOTS} ballots")
        rows.setflags(write=False)
        weights.setflags(write=False)
        return cls(
            candidates=names,
            prefs=rows,
            counts=weights,
            blank=blank,
            withdrawn=gone,
            seats=seats,
            title=title,
        )


def _check_rankings(rows: IntArray, ncand: int) -> None:
    if rows.size == 0:
        return
    if int(rows.min()) < -1 or int(rows.max()) >= ncand:
        raise TallyError("a ballot ranks a candidate that is not on the list")
    ranked = rows >= 0
    # Padding only at the end: once a row has a -1, every later entry is -1.
    if bool((ranked[:, 1:] & ~ranked[:, :-1]).any()):
        raise TallyError("a ballot skips a preference")
    ordered = np.sort(rows, axis=1)
    if bool(((ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] >= 0)).any()):
        raise TallyError("a ballot ranks a candidate twice")


@dataclass(frozen=True, eq=False)
class ChoiceProfile:
    """Collapsed plurality, approval or score ballots (see the module docstring)."""

    candidates: tuple[str, ...]
    marks: IntArray
    counts: IntArray
    blank: int = 0

    @property
    def valid(self) -> int:
        return int(self.counts.sum())

    @property
    def ballots(self) -> int:
        return self.valid + self.blank

    def choices(self) -> list[tuple[dict[int, int], int]]:
        """The distinct non-blank ballots as ``({candidate: score}, count)``."""
        out = []
        for row, count in zip(self.marks.tolist(), self.counts.tolist(), strict=True):
            out.append(({c: s for c, s in enumerate(row) if s >= 0}, int(count)))
        return out

    @classmethod
    def from_choices(
        cls,
        candidates: Sequence[str],
        ballots: Iterable[tuple[dict[int, int] | Iterable[int], int]],
    ) -> ChoiceProfile:
        """Collapse ``(ballot, count)`` pairs; a ballot is a set of candidate indices (each
        scored 1) or a ``{candidate index: score}`` mapping with scores of 0 or more."""
        names = _check_candidates(candidates)
        pairs = list(ballots)
        marks = np.full((len(pairs), len(names)), -1, dtype=np.int64)
        for i, (ballot, _) in enumerate(pairs):
            scored = ballot if isinstance(ballot, dict) else dict.fromkeys(ballot, 1)
            for c, s in scored.items():
                if not 0 <= c < len(names):
                    raise TallyError("a ballot names a candidate that is not on the list")
                if s < 0:
                    raise TallyError("a score is negative")
                marks[i, c] = s
        return cls.from_array(names, marks, [count for _, count in pairs])

    @classmethod
    def from_array(
        cls,
        candidates: Sequence[str],
        marks: NDArray[np.integer] | Sequence[Sequence[int]],
        counts: Sequence[int] | IntArray | None = None,
    ) -> ChoiceProfile:
        names = _check_candidates(candidates)
        rows = np.asarray(marks, dtype=np.int64).reshape(-1, len(names))
        weights = _as_counts(counts, rows.shape[0])
        if rows.size and int(rows.min()) < -1:
            raise TallyError("a score is negative")
        keep = weights > 0
        rows, weights = rows[keep], weights[keep]
        is_blank = (rows < 0).all(axis=1)
        blank = int(weights[is_blank].sum())
        rows, weights = _collapse_rows(rows[~is_blank], weights[~is_blank])
        if int(weights.sum()) + blank > MAX_BALLOTS:
            raise TallyError(f"more than {MAX_BALLOTS} ballots")
        rows.setflags(write=False)
        weights.setflags(write=False)
        return cls(candidates=names, marks=rows, counts=weights, blank=blank)

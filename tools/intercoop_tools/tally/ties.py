"""Deterministic tie-breaking.

Every method breaks ties the same way, in two steps:

1. **Backwards through earlier rounds** (the rule of the Scottish Local Government Elections
   Order 2007, rules 49 and 51, used here for every round-based method). Among the tied
   candidates, look at the most recent earlier round in which their tallies were not all equal
   and keep only those with the lowest tally (to exclude someone) or the highest (to pick whose
   surplus goes first, or who is elected first). Repeat with the rounds before that until one
   candidate is left.
2. **The tie-break order** otherwise. This order replaces the drawing of lots of the statutes: it
   is fixed before the count and printed with every result (``tie_break_order``), so anyone can
   check it. Earlier in the order means *favoured*: elected before, excluded after. By default
   it is the order in which the file lists the candidates. With a seed it is the candidates
   sorted by ``SHA-256(seed + "\\x00" + name)`` (hex digest, ascending), which an organiser can
   fix in public before the count (for example the result of a public draw).

Methods without rounds (plurality, approval, score, Schulze) use the tie-break order alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


def tie_break_order(candidates: Sequence[str], seed: str | None = None) -> tuple[int, ...]:
    """Candidate indices, most favoured first (see the module docstring)."""
    indices = range(len(candidates))
    if seed is None:
        return tuple(indices)

    def key(c: int) -> str:
        return hashlib.sha256(f"{seed}\x00{candidates[c]}".encode()).hexdigest()

    return tuple(sorted(indices, key=lambda c: (key(c), c)))


@dataclass(frozen=True)
class TieBreaker:
    order: tuple[int, ...]
    # Tallies within `tolerance` of each other count as equal (non-zero only for Meek STV).
    tolerance: float = 0.0

    def rank(self, c: int) -> int:
        return self.order.index(c)

    def lowest(
        self, tied: Sequence[int], history: Sequence[Mapping[int, float]]
    ) -> tuple[int, str]:
        """The candidate to exclude among ``tied``, and how the tie was broken."""
        return self._pick(tied, history, lowest=True)

    def highest(
        self, tied: Sequence[int], history: Sequence[Mapping[int, float]]
    ) -> tuple[int, str]:
        """The candidate to favour among ``tied``, and how the tie was broken."""
        return self._pick(tied, history, lowest=False)

    def by_order(self, tied: Sequence[int], *, lowest: bool) -> int:
        ranked = sorted(tied, key=self.rank)
        return ranked[-1] if lowest else ranked[0]

    def _pick(
        self, tied: Sequence[int], history: Sequence[Mapping[int, float]], *, lowest: bool
    ) -> tuple[int, str]:
        remaining = list(tied)
        if len(remaining) == 1:
            return remaining[0], "none"
        for back, tallies in enumerate(reversed(history), start=1):
            values = {c: tallies.get(c, 0) for c in remaining}
            target = min(values.values()) if lowest else max(values.values())
            narrowed = [c for c in remaining if abs(values[c] - target) <= self.tolerance]
            if len(narrowed) < len(remaining):
                remaining = narrowed
                if len(remaining) == 1:
                    return remaining[0], f"earlier rounds (decided {back} round(s) back)"
        return self.by_order(remaining, lowest=lowest), "tie-break order"

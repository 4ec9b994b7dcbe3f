"""Scottish STV: the rules of the Scottish Local Government Elections Order 2007 (SSI 2007/42,
schedule 1, rules 45 to 52).

Exact fixed-point arithmetic: every value is an integer number of 10^-5 votes ("units").

- **Quota** (rule 46): ``floor(valid ballots / (seats + 1)) + 1``. Blank ballots are not valid
  ballots here.
- **First stage** (rule 45): every ballot is worth 1 and goes to its first preference.
- **Election** (rule 47): at the end of each stage, every continuing candidate with at least the
  quota is elected. Several elected at once are ordered by votes, highest first (ties backwards,
  then the tie-break order).
- **Surplus** (rules 48, 49): if an elected candidate has more than the quota and seats remain,
  the largest surplus is transferred first; equal surpluses go in order of the candidate with
  more votes at the most recent earlier stage where they differed, then the tie-break order.
  *All* ballot papers credited to that candidate move to their next continuing preference
  (weighted inclusive Gregory): a paper received at value ``v`` moves at
  ``floor(surplus * v / total)`` units, where ``total`` is the candidate's votes, i.e. the
  statutory "A divided by B ... to five decimal places (any remainder being ignored)". Papers
  with no next continuing preference are non-transferable. The candidate keeps the quota; the
  difference between the surplus and what moved is shown as ``non_transferable`` (the value
  the non-transferable papers would have carried) and ``lost_to_truncation``. Each surplus
  transfer is one stage. Because elected candidates receive no further papers, every paper's
  "value when received" is the value it carries, and each surplus is transferred once.
- **Exclusion** (rules 50, 51): when no surplus remains to transfer, the continuing candidate
  with the fewest votes is excluded (ties: fewest votes at the most recent earlier stage where
  they differed, then the tie-break order, which stands in for the drawing of lots). All of
  their papers move, at the value at which they were received, to their next continuing
  preference, in one stage.
- **Last vacancies** (rule 52): when the continuing candidates are no more than the seats
  left, they are all elected (ordered by votes, as above) and the count ends.

Each stage dict has ``stage``, ``action`` (``first preferences``, ``surplus`` or
``exclusion``), ``candidate`` (whose papers moved), ``tallies`` (every candidate's votes as a
decimal string with 5 decimals; elected candidates whose surplus has gone show the quota,
excluded candidates 0), ``non_transferable`` (running total), ``transfers`` (votes each
candidate received in this stage), ``elected`` (elected at the end of this stage), and for a
surplus ``surplus``, ``total`` and ``transfer_values`` (value when received → transfer value).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from intercoop_tools.tally._ranked import next_preference, weighted_bincount, without_withdrawn
from intercoop_tools.tally.errors import TallyError
from intercoop_tools.tally.profile import RankedProfile
from intercoop_tools.tally.result import TallyResult
from intercoop_tools.tally.ties import TieBreaker, tie_break_order

UNIT = 100_000  # 10^5 units make one vote: five decimal places.


def units(value: int) -> str:
    """Format a number of 10^-5 votes as a decimal with five places."""
    sign = "-" if value < 0 else ""
    whole, frac = divmod(abs(value), UNIT)
    return f"{sign}{whole}.{frac:05d}"


def stv_scottish(
    profile: RankedProfile, *, seats: int | None = None, seed: str | None = None
) -> TallyResult:
    seats = profile.seats if seats is None else seats
    if seats < 1:
        raise TallyError("the number of seats must be at least 1")
    names = profile.candidates
    ncand = len(names)
    prefs, counts, struck_blank = without_withdrawn(profile)
    order = tie_break_order(names, seed)
    breaker = TieBreaker(order)
    valid = int(counts.sum())
    quota = (valid // (seats + 1) + 1) * UNIT

    continuing = np.ones(ncand, dtype=bool)
    continuing[list(profile.withdrawn)] = False
    excluded: set[int] = set(profile.withdrawn)
    elected: list[int] = []
    settled: set[int] = set()  # elected candidates whose surplus is transferred (or who had none)

    # Parcels of identical papers: ballot row, position of the current preference, value in
    # units, number of papers.
    rows = np.arange(prefs.shape[0], dtype=np.int64)
    pos = next_preference(prefs, rows, np.full(rows.size, -1, dtype=np.int64), continuing)
    value = np.full(rows.size, UNIT, dtype=np.int64)
    papers = counts.astype(np.int64)
    non_transferable = int(papers[pos < 0].sum()) * UNIT
    live = pos >= 0
    rows, pos, value, papers = rows[live], pos[live], value[live], papers[live]

    stages: list[dict[str, Any]] = []
    history: list[dict[int, float]] = []

    def holders() -> Any:
        return prefs[rows, pos]

    def votes() -> list[int]:
        tally = weighted_bincount(holders(), value * papers, ncand)
        for c in settled:
            tally[c] = quota
        for c in excluded:
            tally[c] = 0
        return tally

    def order_by_votes(group: list[int], tally: list[int]) -> list[tuple[int, str]]:
        """Highest votes first; ties backwards through earlier stages, then tie-break order."""
        out: list[tuple[int, str]] = []
        rest = list(group)
        while rest:
            best = max(tally[c] for c in rest)
            tied = [c for c in rest if tally[c] == best]
            chosen, how = breaker.highest(tied, history)
            out.append((chosen, how if len(tied) > 1 else "none"))
            rest.remove(chosen)
        return out

    def close_stage(stage: dict[str, Any]) -> list[int]:
        tally = votes()
        stage["tallies"] = {names[c]: units(tally[c]) for c in range(ncand)}
        stage["non_transferable"] = units(non_transferable)
        reached = [c for c in range(ncand) if continuing[c] and tally[c] >= quota]
        newly = order_by_votes(reached, tally)
        stage["elected"] = [names[c] for c, _ in newly]
        ties = [names[c] for c, how in newly if how != "none"]
        if ties:
            stage["elected_order_ties"] = ties
        for c, _ in newly:
            continuing[c] = False
            elected.append(c)
            if tally[c] == quota:
                settled.add(c)
        stages.append(stage)
        return tally

    def move(source: Any, new_values: Any, gained: list[int]) -> tuple[int, int]:
        """Move the parcels selected by ``source`` to their next continuing preference, each at
        ``new_values``; return (units moved, units non-transferable)."""
        nonlocal rows, pos, value, papers
        idx = np.flatnonzero(source)
        nxt = next_preference(prefs, rows[idx], pos[idx], continuing)
        ok = nxt >= 0
        stuck = int((new_values[~ok] * papers[idx[~ok]]).sum())
        moved_rows = rows[idx[ok]]
        moved_pos = nxt[ok]
        moved_value = new_values[ok]
        moved_papers = papers[idx[ok]]
        got = weighted_bincount(prefs[moved_rows, moved_pos], moved_value * moved_papers, ncand)
        for c in range(ncand):
            gained[c] += got[c]
        keep = ~source
        carry = moved_value > 0
        rows = np.concatenate([rows[keep], moved_rows[carry]])
        pos = np.concatenate([pos[keep], moved_pos[carry]])
        value = np.concatenate([value[keep], moved_value[carry]])
        papers = np.concatenate([papers[keep], moved_papers[carry]])
        return sum(got), stuck

    tally = close_stage({"stage": 1, "action": "first preferences", "quota": units(quota)})
    while True:
        history.append({c: float(tally[c]) for c in range(ncand)})
        if len(elected) >= seats:
            break
        left = [c for c in range(ncand) if continuing[c]]
        if len(left) <= seats - len(elected):
            last = order_by_votes(left, tally)
            for c, _ in last:
                continuing[c] = False
                elected.append(c)
            stages[-1]["elected_last_vacancies"] = [names[c] for c, _ in last]
            break
        pending = [c for c in elected if c not in settled]
        gained = [0] * ncand
        stage: dict[str, Any] = {"stage": len(stages) + 1}
        if pending:
            biggest = max(tally[c] for c in pending)
            tied = [c for c in pending if tally[c] == biggest]
            donor, how = breaker.highest(tied, history[:-1])
            total = tally[donor]
            surplus = total - quota
            at_donor = holders() == donor
            received = value[at_donor]
            new_values = surplus * received // total
            stage.update(
                action="surplus",
                candidate=names[donor],
                surplus=units(surplus),
                total=units(total),
                transfer_values={
                    units(int(v)): units(int(surplus * int(v) // total))
                    for v in sorted(set(received.tolist()), reverse=True)
                },
            )
            if len(tied) > 1:
                stage["tie"] = {"candidates": [names[c] for c in tied], "broken_by": how}
            moved, stuck = move(at_donor, new_values, gained)
            non_transferable += stuck
            stage["lost_to_truncation"] = units(surplus - moved - stuck)
            settled.add(donor)
        else:
            fewest = min(tally[c] for c in left)
            tied = [c for c in left if tally[c] == fewest]
            loser, how = breaker.lowest(tied, history[:-1])
            continuing[loser] = False
            excluded.add(loser)
            stage.update(action="exclusion", candidate=names[loser])
            if len(tied) > 1:
                stage["tie"] = {"candidates": [names[c] for c in tied], "broken_by": how}
            at_loser = holders() == loser
            _, stuck = move(at_loser, value[at_loser], gained)
            non_transferable += stuck
        stage["transfers"] = {names[c]: units(gained[c]) for c in range(ncand) if gained[c]}
        tally = close_stage(stage)

    return TallyResult(
        method="stv-scottish",
        candidates=names,
        seats=seats,
        winners=[names[c] for c in elected],
        rounds=stages,
        ballots=profile.ballots,
        blank=profile.blank + struck_blank,
        tie_break_order=tuple(names[c] for c in order),
        withdrawn=[names[c] for c in sorted(profile.withdrawn)],
        notes=[f"quota {units(quota)}; values are exact to 5 decimal places (SSI 2007/42)"],
    )

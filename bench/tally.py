"""Tally benchmark: our tally engine against pref_voting, on the same synthetic profiles.

Each profile has 10 candidates and complete rankings drawn from a mixture of three Mallows
models (dispersion 0.5 around three random central orders, weights 0.5/0.3/0.2), with a fixed
seed, so that results are neither unanimous nor uniform noise. Ballots are generated in chunks
and collapsed into (ranking, count) pairs as they come; both engines then count the same
collapsed profile (pref_voting gets a ``Profile`` with ``rcounts``; the time to build it is
reported separately). Plurality counts first preferences; approval approves the top 3. pref_voting
counts pairwise majorities while building its Profile, so its Schulze time here includes
redoing that step with its own code, as ours includes counting them.

For each method and size it reports the median of ``--repeat`` runs of ours and of
pref_voting's (pref_voting runs in a child process with a time limit, and fewer repeats once
one run is slow), their ratio, and whether the winners agree: AGREE, DISAGREE, or TIE-OK (the
other engine reports a tie and our winner is among its winners). Any DISAGREE makes the exit
status 1. Figures belong in docs/benchmarks.md with the command line.

    .venv/bin/python bench/tally.py                               # 10k, 1m, 10m; Meek 100k, 1m
    .venv/bin/python bench/tally.py --sizes 10k,1m --meek-sizes 1m --json tally.json
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _sizes import size_label, size_list

from intercoop_tools.tally import (
    ChoiceProfile,
    RankedProfile,
    approval,
    irv,
    plurality,
    schulze,
    stv_meek,
    stv_scottish,
)

CANDIDATES = tuple(f"C{i}" for i in range(10))
METHODS = ("plurality", "approval", "irv", "stv-scottish", "stv-meek", "schulze")
SEATS = {"stv-scottish": 3, "stv-meek": 3}
CHUNK = 1_000_000
APPROVALS = 3
PHI = 0.5  # Mallows dispersion: 0 is unanimity, 1 is uniform noise


def parse_sizes(text: str) -> list[int]:
    return size_list(text, minimum=10, unit="ballots")


# --- Synthetic profiles --------------------------------------------------------------------
def mallows_chunk(rng: np.random.Generator, n: int, centre: np.ndarray, phi: float) -> np.ndarray:
    """``n`` rankings from a Mallows model, by the repeated insertion method (vectorised)."""
    m = centre.size
    ranks = np.zeros((n, 0), dtype=np.int8)
    for i in range(m):
        # Insert the i-th candidate of the centre at position j (0..i) with weight phi^(i - j).
        weights = phi ** (i - np.arange(i + 1))
        positions = rng.choice(i + 1, size=n, p=weights / weights.sum())
        columns = np.arange(i + 1)[None, :]
        left = np.pad(ranks, ((0, 0), (0, 1)))  # column j holds ranks[:, j]
        right = np.pad(ranks, ((0, 0), (1, 0)))  # column j holds ranks[:, j - 1]
        grown = np.where(
            columns < positions[:, None],
            left,
            np.where(columns == positions[:, None], centre[i], right),
        )
        ranks = grown.astype(np.int8)
    return ranks


def synthetic_profile(size: int, seed: int) -> RankedProfile:
    rng = np.random.default_rng(seed)
    m = len(CANDIDATES)
    centres = [rng.permutation(m).astype(np.int8) for _ in range(3)]
    mixture = np.array([0.5, 0.3, 0.2])
    base = m + 1
    totals: dict[int, int] = {}
    done = 0
    while done < size:
        n = min(CHUNK, size - done)
        which = rng.choice(3, size=n, p=mixture)
        rows = np.empty((n, m), dtype=np.int8)
        for k, centre in enumerate(centres):
            picked = np.flatnonzero(which == k)
            rows[picked] = mallows_chunk(rng, picked.size, centre, PHI)
        keys = np.zeros(n, dtype=np.int64)
        for column in range(m):
            keys = keys * base + rows[:, column].astype(np.int64) + 1
        unique, counts = np.unique(keys, return_counts=True)
        for key, count in zip(unique.tolist(), counts.tolist(), strict=True):
            totals[key] = totals.get(key, 0) + count
        done += n
    keys = np.array(sorted(totals), dtype=np.int64)
    counts = np.array([totals[k] for k in keys.tolist()], dtype=np.int64)
    rows = np.empty((keys.size, m), dtype=np.int64)
    rest = keys.copy()
    for column in range(m - 1, -1, -1):
        rows[:, column] = rest % base - 1
        rest //= base
    return RankedProfile.from_array(CANDIDATES, rows, counts)


def first_choices(profile: RankedProfile) -> ChoiceProfile:
    marks = np.full((profile.prefs.shape[0], len(CANDIDATES)), -1, dtype=np.int64)
    marks[np.arange(marks.shape[0]), profile.prefs[:, 0]] = 1
    return ChoiceProfile.from_array(CANDIDATES, marks, profile.counts)


def top_approvals(profile: RankedProfile) -> ChoiceProfile:
    marks = np.full((profile.prefs.shape[0], len(CANDIDATES)), -1, dtype=np.int64)
    for k in range(APPROVALS):
        marks[np.arange(marks.shape[0]), profile.prefs[:, k]] = 1
    return ChoiceProfile.from_array(CANDIDATES, marks, profile.counts)


# --- Our engine ------------------------------------------------------------------------------
def ours(
    method: str, ranked: RankedProfile, firsts: ChoiceProfile, approvals: ChoiceProfile
) -> Callable[[], list[str]]:
    seats = SEATS.get(method, 1)
    calls: dict[str, Callable[[], list[str]]] = {
        "plurality": lambda: plurality(firsts).winners,
        "approval": lambda: approval(approvals).winners,
        "irv": lambda: irv(ranked).winners,
        "stv-scottish": lambda: stv_scottish(ranked, seats=seats).winners,
        "stv-meek": lambda: stv_meek(ranked, seats=seats).winners,
        "schulze": lambda: schulze(ranked).winners,
    }
    return calls[method]


# --- pref_voting, in a child process with a time limit ---------------------------------------
_SHARED: dict[str, Any] = {}


def _pref_voting_call(method: str) -> Callable[[], list[int]]:
    from pref_voting.grade_methods import approval as pv_approval
    from pref_voting.iterative_methods import instant_runoff
    from pref_voting.margin_based_methods import beat_path
    from pref_voting.proportional_methods import stv_meek as pv_meek
    from pref_voting.proportional_methods import stv_scottish as pv_scottish
    from pref_voting.scoring_methods import plurality as pv_plurality

    profile = _SHARED["pv_profile"]
    seats = SEATS.get(method, 1)
    calls: dict[str, Callable[[], list[int]]] = {
        "plurality": lambda: pv_plurality(profile),
        "approval": lambda: pv_approval(_SHARED["pv_grades"]),
        "irv": lambda: instant_runoff(profile),
        "stv-scottish": lambda: pv_scottish(profile, num_seats=seats, rng=random.Random(0)),  # noqa: S311 - lots
        "stv-meek": lambda: pv_meek(profile, num_seats=seats),
        "schulze": lambda: beat_path(_with_fresh_pairwise(profile)),
    }
    return calls[method]


def _with_fresh_pairwise(profile: Any) -> Any:
    """pref_voting counts the pairwise majorities while it builds a Profile; redo that step
    (its own code) so that its Schulze time, like ours, includes counting them."""
    from pref_voting.profiles import _support

    cands = profile.candidates
    profile._tally = np.array(
        [[_support(profile._ranks, profile._rcounts, a, b) for b in cands] for a in cands]
    )
    return profile


def _child(method: str, repeat: int, budget: float, queue: Any) -> None:
    call = _pref_voting_call(method)
    times: list[float] = []
    spent = 0.0
    while len(times) < repeat and (not times or spent + times[-1] < budget):
        start = time.perf_counter()
        winners = [int(w) for w in call()]
        times.append(time.perf_counter() - start)
        spent += times[-1]
        queue.put((list(times), winners))  # after every run, so a slow repeat loses nothing
    queue.put(None)


def run_pref_voting(method: str, repeat: int, limit: float) -> tuple[list[float], list[int]] | str:
    """Run pref_voting in a forked child, for at most ``limit`` seconds (the child stops
    repeating once half of that is spent)."""
    context = mp.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_child, args=(method, repeat, limit / 2, queue))
    child.start()
    deadline = time.monotonic() + limit
    last: tuple[list[float], list[int]] | None = None
    while True:
        try:
            message = queue.get(timeout=max(deadline - time.monotonic(), 0.01))
        except Exception:  # noqa: BLE001 - queue.Empty: the time limit passed
            child.terminate()
            break
        if message is None:
            break
        last = message
    child.join()
    if last is None:
        return f"not run: over the {limit:.0f} s limit"
    return last


def build_pref_voting(ranked: RankedProfile, approvals: ChoiceProfile) -> float:
    from pref_voting.grade_profiles import GradeProfile
    from pref_voting.profiles import Profile

    start = time.perf_counter()
    _SHARED["pv_profile"] = Profile(ranked.prefs.tolist(), rcounts=ranked.counts.tolist())
    grade_maps = [
        {c: (1 if s > 0 else 0) for c, s in enumerate(row)} for row in approvals.marks.tolist()
    ]
    _SHARED["pv_grades"] = GradeProfile(
        grade_maps,
        [0, 1],
        gcounts=approvals.counts.tolist(),
        candidates=list(range(len(CANDIDATES))),
    )
    return time.perf_counter() - start


# --- Main ------------------------------------------------------------------------------------
def agreement(method: str, our: list[str], their: list[int]) -> str:
    theirs = [CANDIDATES[c] for c in their]
    if method in SEATS:
        return "AGREE" if sorted(our) == sorted(theirs) else "DISAGREE"
    if len(theirs) == 1:
        return "AGREE" if our == theirs else "DISAGREE"
    return "TIE-OK" if our[0] in theirs else "DISAGREE"


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10k,1m,10m", type=parse_sizes, help="default 10k,1m,10m"
    )
    parser.add_argument(
        "--meek-sizes",
        default="100k,1m",
        type=parse_sizes,
        help="sizes for Meek STV (default 100k,1m)",
    )
    parser.add_argument("--methods", default=",".join(METHODS), type=lambda s: s.split(","))
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per method (median)")
    parser.add_argument(
        "--limit", type=float, default=600, help="seconds allowed to pref_voting per method"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    unknown = set(args.methods) - set(METHODS)
    if unknown:
        parser.error(f"unknown method {', '.join(sorted(unknown))}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    rows: list[dict[str, Any]] = []
    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print()
    print(
        "| ballots | distinct | method | ours (ms) | pref_voting (ms) | ratio | winners | check |"
    )
    print("|---:|---:|---|---:|---:|---:|---|---|")
    disagreed = False
    for size in sorted(set(args.sizes) | set(args.meek_sizes)):
        methods = [
            m
            for m in args.methods
            if (size in args.meek_sizes if m == "stv-meek" else size in args.sizes)
        ]
        if not methods:
            continue
        start = time.perf_counter()
        ranked = synthetic_profile(size, args.seed)
        generated = time.perf_counter() - start
        firsts, approvals = first_choices(ranked), top_approvals(ranked)
        converted = build_pref_voting(ranked, approvals)
        print(
            f"<!-- {size_label(size)}: generated and collapsed in {generated:.1f} s "
            f"({ranked.prefs.shape[0]} distinct rankings); pref_voting Profile built in "
            f"{converted:.1f} s -->",
            flush=True,
        )
        for method in methods:
            call = ours(method, ranked, firsts, approvals)
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                winners = call()
                times.append(time.perf_counter() - t0)
            our_time = statistics.median(times)
            outcome = run_pref_voting(method, args.repeat, args.limit)
            row: dict[str, Any] = {
                "ballots": size,
                "distinct": int(ranked.prefs.shape[0]),
                "method": method,
                "seats": SEATS.get(method, 1),
                "ours_s": our_time,
                "ours_runs": times,
                "winners": winners,
            }
            if isinstance(outcome, str):
                row.update(pref_voting=outcome, check="not compared")
                theirs_cell, ratio_cell, check = outcome, "-", "not compared"
            else:
                their_times, their_winners = outcome
                their_time = statistics.median(their_times)
                check = agreement(method, winners, their_winners)
                disagreed |= check == "DISAGREE"
                row.update(
                    pref_voting_s=their_time,
                    pref_voting_runs=their_times,
                    pref_voting_winners=[CANDIDATES[c] for c in their_winners],
                    ratio=their_time / our_time,
                    check=check,
                )
                theirs_cell = f"{their_time * 1000:.1f} (n={len(their_times)})"
                ratio_cell = f"{their_time / our_time:.0f}x"
            rows.append(row)
            print(
                f"| {size_label(size)} | {ranked.prefs.shape[0]} | {method} | "
                f"{our_time * 1000:.1f} | "
                f"{theirs_cell} | {ratio_cell} | {' '.join(winners)} | {check} |",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 1 if disagreed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Ties: backwards through earlier rounds first, then the tie-break order (file order, or the
SHA-256 order of a seed), and the result says which rule decided."""

from __future__ import annotations

import hashlib

from intercoop_tools.tally import RankedProfile, count, irv, plurality, read_csv, schulze
from intercoop_tools.tally.ties import tie_break_order


def test_irv_breaks_a_tie_for_last_on_the_most_recent_round_where_they_differed() -> None:
    # Round 1: A 5, B 2, C 3, D 1; D goes, to B. Round 2: A 5, B 3, C 3: B had fewer in
    # round 1, so B goes, to C (D's ballot is exhausted). Round 3: A 5, C 5: C had fewer in
    # round 2, so C goes and A wins.
    profile = RankedProfile.from_rankings(
        ["A", "B", "C", "D"], [([0], 5), ([1, 2], 2), ([2, 1], 3), ([3, 1], 1)]
    )

    result = irv(profile)

    assert result.rounds[1]["tallies"] == {"A": 5, "B": 3, "C": 3}
    assert result.rounds[1]["eliminated"] == "B"
    assert result.rounds[1]["tie"]["broken_by"].startswith("earlier rounds")
    assert result.rounds[2]["tallies"] == {"A": 5, "C": 5}
    assert result.rounds[2]["eliminated"] == "C"
    assert result.rounds[2]["tie"]["broken_by"] == "earlier rounds (decided 1 round(s) back)"
    assert result.winners == ["A"]


def test_a_tie_in_every_round_falls_to_the_tie_break_order() -> None:
    profile = RankedProfile.from_rankings(["A", "B"], [([0], 2), ([1], 2)])

    result = irv(profile)

    # The later candidate in the order is eliminated first.
    assert result.rounds[0]["eliminated"] == "B"
    assert result.rounds[0]["tie"]["broken_by"] == "tie-break order"
    assert result.tie_break_order == ("A", "B")
    assert result.winners == ["A"]


def test_a_seed_gives_the_sha256_order_and_the_result_states_it() -> None:
    names = ["A", "B", "C"]
    expected = sorted(names, key=lambda n: hashlib.sha256(f"s1\x00{n}".encode()).hexdigest())

    order = tie_break_order(names, "s1")

    assert [names[c] for c in order] == expected
    result = plurality(read_csv("1,A\n1,B\n1,C\n", "plurality"), seed="s1")
    assert list(result.tie_break_order) == expected
    assert result.winners == expected[:1]
    assert result.rounds[0]["ties"][0]["candidates"] == expected


def test_schulze_records_a_tie_for_first_place() -> None:
    profile = RankedProfile.from_rankings(["A", "B"], [([0, 1], 1), ([1, 0], 1)])

    result = schulze(profile)

    assert result.ranking == ["A", "B"]
    assert result.rounds[0]["ties"][0]["candidates"] == ["A", "B"]


def test_plurality_ties_at_the_last_seat_follow_the_declared_order() -> None:
    result = count("candidates,Cy+Bo+Al\n3,Al\n2,Bo\n2,Cy\n", "plurality", seats=2)

    assert result.winners == ["Al", "Cy"]

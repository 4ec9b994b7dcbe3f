"""Worked examples published on Wikipedia, with the answers published there."""

from __future__ import annotations

from intercoop.governance.tests.strategies import read
from intercoop_tools.tally import irv, read_blt, schulze, stv_meek, stv_scottish


def test_irv_elects_knoxville_in_the_tennessee_example() -> None:
    # Wikipedia, "Instant-runoff voting": Chattanooga then Nashville are eliminated.
    result = irv(read_blt(read("tennessee.blt")))

    assert result.winners == ["Knoxville"]
    assert result.rounds[0]["tallies"] == {
        "Memphis": 42,
        "Nashville": 26,
        "Chattanooga": 15,
        "Knoxville": 17,
    }
    assert [r.get("eliminated") for r in result.rounds] == ["Chattanooga", "Nashville", None]
    assert result.rounds[-1]["tallies"] == {"Memphis": 42, "Knoxville": 58}


def test_schulze_ranks_the_tennessee_example() -> None:
    # Wikipedia, "Schulze method": Nashville > Chattanooga > Knoxville > Memphis.
    result = schulze(read_blt(read("tennessee.blt")))

    assert result.winners == ["Nashville"]
    assert result.ranking == ["Nashville", "Chattanooga", "Knoxville", "Memphis"]


def test_schulze_reproduces_the_45_voter_example() -> None:
    # Wikipedia, "Schulze method", example with 45 voters: d, p and the order E > A > C > B > D.
    result = schulze(read_blt(read("schulze45.blt")))
    round_ = result.rounds[0]

    assert round_["pairwise"] == {
        "A": {"B": 20, "C": 26, "D": 30, "E": 22},
        "B": {"A": 25, "C": 16, "D": 33, "E": 18},
        "C": {"A": 19, "B": 29, "D": 17, "E": 24},
        "D": {"A": 15, "B": 12, "C": 28, "E": 14},
        "E": {"A": 23, "B": 27, "C": 21, "D": 31},
    }
    assert round_["strongest_paths"] == {
        "A": {"B": 28, "C": 28, "D": 30, "E": 24},
        "B": {"A": 25, "C": 28, "D": 33, "E": 24},
        "C": {"A": 25, "B": 29, "D": 29, "E": 24},
        "D": {"A": 25, "B": 28, "C": 28, "E": 24},
        "E": {"A": 25, "B": 28, "C": 28, "D": 31},
    }
    assert result.ranking == ["E", "A", "C", "B", "D"]
    assert schulze(read_blt(read("schulze45.blt")), seats=2).winners == ["E", "A"]


def test_scottish_stv_elects_the_food_example_winners() -> None:
    # Wikipedia, "Single transferable vote", example: quota 6, Chocolate's surplus of 6 splits
    # 4 to Strawberries and 2 to Hamburgers, Pears are excluded, Oranges reach the quota.
    result = stv_scottish(read_blt(read("food.blt")))

    assert result.winners == ["Chocolate", "Oranges", "Strawberries"]
    surplus = result.rounds[1]
    assert surplus["candidate"] == "Chocolate"
    assert surplus["transfers"] == {"Strawberries": "4.00000", "Hamburgers": "2.00000"}
    assert [r.get("candidate") for r in result.rounds[2:]] == ["Pears", "Hamburgers"]


def test_meek_stv_elects_the_same_food_example_winners() -> None:
    # The same seats as the published count. Meek's quota is fractional (20 / 4 = 5), so
    # Strawberries (1 + 8 * 7/12) pass it before Oranges do.
    result = stv_meek(read_blt(read("food.blt")))

    assert set(result.winners) == {"Chocolate", "Oranges", "Strawberries"}
    assert result.rounds[0]["quota"] == 5.0
    assert abs(result.rounds[1]["keep"]["Chocolate"] - 5 / 12) < 1e-6

"""Rule 48(3): "the calculation being made to five decimal places (any remainder being
ignored)". Worked by hand from the rule: quota floor(12 / 3) + 1 = 5, Ann's surplus 7 - 5 = 2,
each paper moves at 2 * 1 / 7 = 0.285714... truncated to 0.28571."""

from __future__ import annotations

from intercoop_tools.tally import RankedProfile, stv_scottish


def test_the_transfer_value_is_truncated_and_the_remainder_is_lost() -> None:
    profile = RankedProfile.from_rankings(
        ["Ann", "Ben", "Cal", "Dot"], [([0, 1], 7), ([2], 2), ([3], 3)], seats=2
    )

    result = stv_scottish(profile)

    surplus = result.rounds[1]
    assert result.rounds[0]["quota"] == "5.00000"
    assert surplus["transfer_values"] == {"1.00000": "0.28571"}
    assert surplus["transfers"] == {"Ben": "1.99997"}
    assert surplus["lost_to_truncation"] == "0.00003"
    assert surplus["tallies"]["Ben"] == "1.99997"
    # Untruncated, Ben would tie with Cal at 2; truncated, Ben is the lowest and goes first.
    assert result.rounds[2]["candidate"] == "Ben"
    assert result.winners == ["Ann", "Dot"]

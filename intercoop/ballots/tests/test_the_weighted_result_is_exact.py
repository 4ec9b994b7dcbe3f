"""The weighted result: each college's share of its ballots, weighted, over the weight of the
published colleges, in exact fractions; withheld colleges leave no trace in it."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intercoop_tools.crypto.errors import EncodingError
from intercoop_tools.record.encoding import parse_fraction
from intercoop_tools.record.result import weighted_result
from intercoop_tools.simulate import simulation_description

DESCRIPTION = simulation_description(colleges=3, trustees=1, threshold=1)  # weights 1/6 1/3 1/2


@st.composite
def college_tallies(draw: st.DrawFn) -> dict[str, tuple[int, list[list[int]] | None]]:
    out: dict[str, tuple[int, list[list[int]] | None]] = {}
    for college in DESCRIPTION.colleges:
        ballots = draw(st.integers(min_value=0, max_value=40))
        yes = draw(st.integers(min_value=0, max_value=ballots))
        approvals = [draw(st.integers(min_value=0, max_value=ballots)) for _ in range(4)]
        published = ballots >= college.minimum_ballots
        out[college.id] = (ballots, [[yes, ballots - yes], approvals] if published else None)
    return out


@given(college_tallies())
def test_scores_are_weighted_shares_and_withheld_colleges_leave_no_trace(
    tallies: dict[str, tuple[int, list[list[int]] | None]],
) -> None:
    result = weighted_result(DESCRIPTION, tallies)
    published = [c for c in DESCRIPTION.colleges if tallies[c.id][1] is not None]
    assert list(result.included) == [c.id for c in published]
    assert set(result.withheld) == {c.id for c in DESCRIPTION.colleges} - set(result.included)
    if not published:
        assert result.questions == ()
        return
    yes_no = result.questions[0]
    # every ballot answers yes or no, so the two scores share the whole weight
    assert sum(yes_no.scores) == 1
    for question in result.questions:
        assert all(0 <= score <= 1 for score in question.scores)
    # changing a withheld college's ballots changes nothing
    for college in DESCRIPTION.colleges:
        if tallies[college.id][1] is None:
            changed = dict(tallies)
            changed[college.id] = (max(0, tallies[college.id][0] - 1), None)
            assert weighted_result(DESCRIPTION, changed) == result


def test_a_worked_example() -> None:
    # college-1 (1/6): 6 ballots, 3 yes; college-2 (1/3): 10 ballots, 10 yes; college-3 (1/2)
    # withheld. Yes = (1/6 * 1/2 + 1/3 * 1) / (1/6 + 1/3) = (1/12 + 4/12) / (6/12) = 5/6.
    tallies: dict[str, tuple[int, list[list[int]] | None]] = {
        "college-1": (6, [[3, 3], [0, 0, 0, 6]]),
        "college-2": (10, [[10, 0], [5, 0, 0, 0]]),
        "college-3": (2, None),
    }
    result = weighted_result(DESCRIPTION, tallies)
    assert result.questions[0].scores == (Fraction(5, 6), Fraction(1, 6))
    assert result.questions[1].scores == (Fraction(1, 3), 0, 0, Fraction(1, 3))
    assert result.withheld == ("college-3",)


@pytest.mark.parametrize("text", ["2/4", "1/1", "01", "1/0", "-1", "1.5", " 1", "1/01", ""])
def test_a_fraction_has_one_encoding(text: str) -> None:
    with pytest.raises(EncodingError):
        parse_fraction(text, where="weight")


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("1", 1), ("5/6", Fraction(5, 6))])
def test_fractions_in_lowest_terms_are_read(text: str, value: Fraction) -> None:
    assert parse_fraction(text, where="weight") == value

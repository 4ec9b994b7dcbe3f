"""Whenever at least one college voted, the weighted shares add up to exactly 1."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from intercoop_tools.rules.presets import custom
from intercoop_tools.rules.results import weighted_shares
from intercoop_tools.rules.rules import College, Rules

OPTIONS = ("yes", "no", "abstain")


@st.composite
def weighted_rules(draw: st.DrawFn) -> Rules:
    raw = draw(st.lists(st.integers(1, 100), min_size=1, max_size=6))
    total = sum(raw)
    cats = ("worker", "user", "producer", "supporting", "community", "founder")
    weighted = draw(st.booleans())
    return custom(
        [
            College(
                f"c{i}", f"C{i}", frozenset({cats[i]}), Fraction(w, total) if weighted else None
            )
            for i, w in enumerate(raw)
        ]
    )


@given(rules=weighted_rules(), data=st.data())
def test_shares_sum_to_one(rules: Rules, data: st.DataObject) -> None:
    counts = {
        c.key: data.draw(st.dictionaries(st.sampled_from(OPTIONS), st.integers(0, 50)))
        for c in rules.colleges
    }
    assume(any(sum(v.values()) for v in counts.values()))

    shares = weighted_shares(counts, rules)

    assert sum(shares.values()) == 1
    assert all(0 <= s <= 1 for s in shares.values())

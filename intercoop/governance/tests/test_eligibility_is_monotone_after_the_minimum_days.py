"""For an active member who never left nor was suspended, eligibility starts exactly once the
minimum days of membership have passed, and never stops afterwards."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from intercoop_tools.rules.eligibility import MemberFacts, eligible
from intercoop_tools.rules.presets import custom

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@given(
    joined=dates,
    min_days=st.integers(0, 400),
    first=dates,
    later_by=st.integers(0, 3000),
    reaffirmed=st.lists(dates, max_size=3),
)
def test_eligibility_is_monotone_in_the_record_date(
    joined: date, min_days: int, first: date, later_by: int, reaffirmed: list[date]
) -> None:
    rules = custom(min_membership_days_to_vote=min_days)
    member = MemberFacts("m", joined, "worker", tuple((d, "active") for d in reaffirmed))
    later = first + timedelta(days=later_by)

    at_first = eligible(member, rules, first)
    at_later = eligible(member, rules, later)

    assert at_first.eligible == (first >= joined + timedelta(days=min_days))
    if at_first.eligible:
        assert at_later.eligible

"""For the buying page: the fill of the open case, the tier closing now would reach, and what is
still needed for the next tier, from the cycle's totals so far."""

from __future__ import annotations

import pytest

from intercoop.exchange.closing import Offer, PriceTier, offer_progress

APPLES = Offer(
    offer_id="apples",
    supplier_id="orchard",
    unit_price=200,
    case_size=10,
    tiers=(PriceTier(min_cases=3, unit_price=180), PriceTier(min_cases=5, unit_price=160)),
)


def test_an_open_case_the_tolerance_cannot_fill_yet() -> None:
    p = offer_progress(APPLES, ordered_units=24, tolerance_units=3)
    assert (p.full_cases, p.units_in_open_case, p.units_to_fill_case) == (2, 4, 6)
    assert (p.open_case_fills_by_tolerance, p.cases_if_closed_now) == (False, 2)
    assert (p.tier_min_cases, p.unit_price_now) == (0, 200)
    assert (p.next_tier_min_cases, p.next_tier_unit_price, p.units_to_next_tier) == (3, 180, 6)


def test_tolerance_that_fills_the_open_case_reaches_the_tier_now() -> None:
    p = offer_progress(APPLES, ordered_units=27, tolerance_units=3)
    assert (p.open_case_fills_by_tolerance, p.cases_if_closed_now) == (True, 3)
    assert (p.tier_min_cases, p.unit_price_now) == (3, 180)
    assert (p.next_tier_min_cases, p.units_to_next_tier) == (5, 23)


def test_past_the_last_tier_there_is_no_next_one() -> None:
    p = offer_progress(APPLES, ordered_units=60, tolerance_units=0)
    assert (p.unit_price_now, p.units_in_open_case, p.units_to_fill_case) == (160, 0, 0)
    assert (p.next_tier_min_cases, p.units_to_next_tier) == (None, None)


def test_nothing_ordered_yet() -> None:
    p = offer_progress(APPLES, ordered_units=0, tolerance_units=0)
    assert (p.cases_if_closed_now, p.unit_price_now, p.units_to_next_tier) == (0, 200, 30)


def test_negative_totals_and_empty_cases_are_refused() -> None:
    with pytest.raises(ValueError, match="never negative"):
        offer_progress(APPLES, ordered_units=-1, tolerance_units=0)
    with pytest.raises(ValueError, match="at least one unit"):
        offer_progress(Offer("x", "s", 100, case_size=0), ordered_units=1, tolerance_units=0)

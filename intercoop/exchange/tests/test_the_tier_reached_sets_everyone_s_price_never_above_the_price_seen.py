"""The tier is reached by the final allocated cases and everyone pays its price; no member pays
more per unit than the price shown when the line was placed, and the supplier is paid what the
members pay."""

from __future__ import annotations

from intercoop.exchange.closing import Offer, PriceTier, close_cycle

from .closing_books import EUR, order

APPLES = Offer(
    offer_id="apples",
    supplier_id="orchard",
    unit_price=200,
    case_size=10,
    tiers=(PriceTier(min_cases=3, unit_price=180), PriceTier(min_cases=5, unit_price=160)),
)


def prices(closing) -> dict[str, int]:
    return {i.member_id: i.lines[0].unit_price for i in closing.invoices}


def test_reaching_a_tier_lowers_everyone_s_price_including_earlier_buyers() -> None:
    book = [
        order("a", "apples", 15, seen=200, minute=0),
        order("b", "apples", 9, seen=200, minute=1),
        order("c", "apples", 6, seen=200, minute=2),
    ]
    closing = close_cycle(EUR, [APPLES], book)
    (apples,) = closing.offers
    assert (apples.cases, apples.tier_min_cases, apples.tier_unit_price) == (3, 3, 180)
    assert prices(closing) == {"a": 180, "b": 180, "c": 180}
    assert closing.invoiced == 30 * 180


def test_a_case_filled_by_tolerance_counts_towards_the_tier() -> None:
    book = [
        order("a", "apples", 20, seen=200, minute=0),
        order("b", "apples", 4, seen=200, minute=1, tolerance=6),
    ]
    closing = close_cycle(EUR, [APPLES], book)
    assert closing.offers[0].cases == 3
    assert prices(closing) == {"a": 180, "b": 180}


def test_the_highest_tier_reached_applies() -> None:
    closing = close_cycle(EUR, [APPLES], [order("a", "apples", 60, seen=200)])
    assert (closing.offers[0].tier_min_cases, prices(closing)["a"]) == (5, 160)


def test_members_who_saw_a_better_tier_pay_it_when_units_were_dropped() -> None:
    # given a and b ordered while the page showed the 3-case tier (180), c before it (200);
    # orders then changed so that only 26 units remain: 2 cases, 6 loose units dropped from b
    book = [
        order("c", "apples", 2, seen=200, minute=0),
        order("a", "apples", 15, seen=180, minute=1),
        order("b", "apples", 9, seen=180, minute=2),
    ]
    closing = close_cycle(EUR, [APPLES], book)
    (apples,) = closing.offers
    assert (apples.cases, apples.tier_unit_price) == (2, 200)
    # then each pays the tier's price capped by the price seen
    assert prices(closing) == {"a": 180, "b": 180, "c": 200}
    allocated = {i.member_id: i.lines[0].allocated_units for i in closing.invoices}
    assert allocated == {"a": 15, "b": 3, "c": 2}
    # and the supplier is paid what the members pay
    (delivery,) = closing.deliveries
    assert delivery.goods == 15 * 180 + 3 * 180 + 2 * 200 == closing.goods

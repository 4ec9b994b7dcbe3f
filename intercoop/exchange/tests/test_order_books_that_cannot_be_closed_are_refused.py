"""A book with unknown offers, doubled lines, tiers that do not rise, negative numbers or times
without a zone is refused with a message naming what is wrong."""

from __future__ import annotations

from datetime import datetime

import pytest

from intercoop.exchange.closing import (
    Cycle,
    Fee,
    FeeBasis,
    FeeRole,
    MemberOrder,
    Offer,
    OrderBookError,
    OrderLine,
    PriceTier,
    close_cycle,
)

from .closing_books import EUR, at, order

BEANS = Offer(offer_id="beans", supplier_id="s", unit_price=100, case_size=5)


def refused(match: str, offers, orders, cycle: Cycle = EUR) -> None:
    with pytest.raises(OrderBookError, match=match):
        close_cycle(cycle, offers, orders)


def test_unknown_offers_and_doubled_lines_are_refused() -> None:
    refused("no such offer", [BEANS], [order("m", "peas", 1, seen=1)])
    refused("two lines", [BEANS], [MemberOrder("m", "h", order("m", "beans", 1, seen=1).lines * 2)])
    refused("two orders", [BEANS], [order("m", "beans", 1, seen=1)] * 2)
    refused("listed twice", [BEANS, BEANS], [])


def test_tiers_must_rise_in_cases_and_not_in_price() -> None:
    def with_tiers(*tiers: PriceTier) -> list[Offer]:
        return [Offer("beans", "s", 100, 5, tiers)]

    refused("rise from 1 case", with_tiers(PriceTier(0, 90)), [])
    refused("rise from 1 case", with_tiers(PriceTier(3, 90), PriceTier(3, 80)), [])
    refused("must not exceed", with_tiers(PriceTier(2, 110)), [])
    refused("must not exceed", with_tiers(PriceTier(2, 90), PriceTier(4, 95)), [])


def test_negative_numbers_and_zoneless_times_are_refused() -> None:
    refused("negative", [BEANS], [order("m", "beans", -1, seen=100)])
    refused("negative", [BEANS], [order("m", "beans", 1, seen=100, tolerance=-2)])
    refused("case holds at least one", [Offer("x", "s", 100, 0)], [])
    naive = datetime(2026, 12, 7, 9, 0)  # noqa: DTZ001 - the point of the test
    line = OrderLine("beans", 1, seen_unit_price=100, placed_at=naive)
    refused("time zone", [BEANS], [MemberOrder("m", "h", (line,))])
    fee = Fee("f", FeeRole.COORDINATOR, FeeBasis.PER_ITEM, amount=-1)
    refused("negative", [BEANS], [], Cycle("EUR", "c", (fee,)))
    assert at(0).tzinfo is not None

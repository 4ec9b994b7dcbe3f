"""Each supplier's delivery list holds its own offers per hub and nothing of the others; each
hub's packing list holds its members' allocated units."""

from __future__ import annotations

from intercoop.exchange.closing import (
    DeliveryLine,
    MemberOrder,
    Offer,
    OrderLine,
    PackingLine,
    close_cycle,
)

from .closing_books import EUR, at

OFFERS = [
    Offer(offer_id="eggs", supplier_id="farm", unit_price=35, case_size=6),
    Offer(offer_id="milk", supplier_id="farm", unit_price=120),
    Offer(offer_id="bread", supplier_id="bakery", unit_price=250),
    Offer(offer_id="rye", supplier_id="bakery", unit_price=300),
]
BOOK = [
    MemberOrder(
        "ann",
        "north",
        (
            OrderLine("eggs", 4, seen_unit_price=35, placed_at=at(0)),
            OrderLine("bread", 2, seen_unit_price=250, placed_at=at(0)),
        ),
    ),
    MemberOrder(
        "bob",
        "south",
        (
            OrderLine("eggs", 2, seen_unit_price=35, placed_at=at(1)),
            OrderLine("milk", 3, seen_unit_price=120, placed_at=at(1)),
        ),
    ),
    MemberOrder("cy", "north", (OrderLine("milk", 1, seen_unit_price=120, placed_at=at(2)),)),
]


def test_each_supplier_sees_its_own_offers_per_hub() -> None:
    bakery, farm = close_cycle(EUR, OFFERS, BOOK).deliveries
    assert bakery.supplier_id == "bakery"
    assert bakery.lines == (DeliveryLine(hub_id="north", offer_id="bread", units=2, goods=500),)
    assert farm.lines == (
        DeliveryLine(hub_id="north", offer_id="eggs", units=4, goods=140),
        DeliveryLine(hub_id="north", offer_id="milk", units=1, goods=120),
        DeliveryLine(hub_id="south", offer_id="eggs", units=2, goods=70),
        DeliveryLine(hub_id="south", offer_id="milk", units=3, goods=360),
    )
    assert (bakery.goods, farm.goods) == (500, 690)
    assert {line.offer_id for line in bakery.lines} <= {"bread", "rye"}


def test_each_hub_packs_per_member() -> None:
    north, south = close_cycle(EUR, OFFERS, BOOK).packing_lists
    assert north.hub_id == "north"
    assert north.lines == (
        PackingLine(member_id="ann", offer_id="bread", supplier_id="bakery", units=2),
        PackingLine(member_id="ann", offer_id="eggs", supplier_id="farm", units=4),
        PackingLine(member_id="cy", offer_id="milk", supplier_id="farm", units=1),
    )
    assert [(p.member_id, p.offer_id, p.units) for p in south.lines] == [
        ("bob", "eggs", 2),
        ("bob", "milk", 3),
    ]

"""Fees by role and basis, computed by hand: rates rounded half to even once per line or per
order, and the member invoices adding up to exactly what the suppliers, the hubs and the
coordinator receive."""

from __future__ import annotations

from intercoop.exchange.closing import (
    Cycle,
    Fee,
    FeeBasis,
    FeeCharge,
    FeeRole,
    MemberOrder,
    Offer,
    OrderLine,
    Payout,
    apply_rate,
    close_cycle,
    price_split,
)

from .closing_books import at

CYCLE = Cycle(
    currency="EUR",
    coordinator_id="coord",
    fees=(
        Fee("coord", FeeRole.COORDINATOR, FeeBasis.PER_ITEM, rate_bp=500),
        Fee("pack", FeeRole.SUPPLIER, FeeBasis.PER_ITEM, amount=10, supplier_id="farm"),
        Fee("hub", FeeRole.DISTRIBUTOR, FeeBasis.PER_ORDER, amount=100),
        Fee("delivery", FeeRole.SUPPLIER, FeeBasis.PER_ORDER, amount=50),
    ),
)
EGGS = Offer(offer_id="eggs", supplier_id="farm", unit_price=35)
BREAD = Offer(offer_id="bread", supplier_id="bakery", unit_price=250)
BOOK = [
    MemberOrder(
        "a",
        "h1",
        (
            OrderLine("eggs", 3, seen_unit_price=35, placed_at=at(0)),
            OrderLine("bread", 1, seen_unit_price=250, placed_at=at(0)),
        ),
    ),
    MemberOrder("b", "h2", (OrderLine("eggs", 1, seen_unit_price=35, placed_at=at(1)),)),
]


def test_rates_round_half_to_even() -> None:
    assert [apply_rate(a, 500) for a in (105, 250, 350, 35)] == [5, 12, 18, 2]
    assert [apply_rate(a, 5000) for a in (1, 3, 5)] == [0, 2, 2]
    assert apply_rate(0, 500) == 0


def test_each_line_and_order_carries_its_fees_as_computed_by_hand() -> None:
    a, b = close_cycle(CYCLE, [EGGS, BREAD], BOOK).invoices
    bread, eggs = a.lines
    # bread 250: 5 % is 12.5, rounded to 12; no packing fee from the bakery
    assert bread.fees == (FeeCharge("coord", FeeRole.COORDINATOR, "coord", 12),)
    assert bread.total == 262
    # eggs 3 x 35 = 105: 5 % is 5.25, rounded to 5; packing 3 x 10
    assert eggs.fees == (
        FeeCharge("coord", FeeRole.COORDINATOR, "coord", 5),
        FeeCharge("pack", FeeRole.SUPPLIER, "farm", 30),
    )
    assert eggs.total == 140
    # a per-order hub fee once, and each supplier's delivery fee once
    assert a.order_fees == (
        FeeCharge("hub", FeeRole.DISTRIBUTOR, "h1", 100),
        FeeCharge("delivery", FeeRole.SUPPLIER, "bakery", 50),
        FeeCharge("delivery", FeeRole.SUPPLIER, "farm", 50),
    )
    assert (a.goods, a.fees, a.total) == (355, 247, 602)
    assert (b.goods, b.fees, b.total) == (35, 162, 197)


def test_invoices_add_up_to_what_every_party_receives() -> None:
    closing = close_cycle(CYCLE, [EGGS, BREAD], BOOK)
    assert closing.payouts == (
        Payout(FeeRole.COORDINATOR, "coord", goods=0, fees=19),
        Payout(FeeRole.SUPPLIER, "bakery", goods=250, fees=50),
        Payout(FeeRole.SUPPLIER, "farm", goods=140, fees=140),
        Payout(FeeRole.DISTRIBUTOR, "h1", goods=0, fees=100),
        Payout(FeeRole.DISTRIBUTOR, "h2", goods=0, fees=100),
    )
    assert closing.invoiced == 602 + 197 == sum(p.goods + p.fees for p in closing.payouts)
    assert dict(closing.fees_by_role) == {
        FeeRole.COORDINATOR: 19,
        FeeRole.SUPPLIER: 190,
        FeeRole.DISTRIBUTOR: 200,
    }
    assert closing.goods + sum(f for _, f in closing.fees_by_role) == closing.invoiced


def test_a_buyer_sees_one_unit_s_price_split_into_its_parts() -> None:
    split = price_split(CYCLE, EGGS, 35, hub_id="h1")
    assert (split.supplier_price, split.total) == (35, 47)
    assert [(p.fee_id, p.role, p.amount) for p in split.fees] == [
        ("coord", FeeRole.COORDINATOR, 2),
        ("pack", FeeRole.SUPPLIER, 10),
    ]
    # the bakery's unit carries no farm packing fee
    assert [p.fee_id for p in price_split(CYCLE, BREAD, 250).fees] == ["coord"]


def test_an_order_left_empty_pays_no_per_order_fee() -> None:
    crates = Offer(offer_id="crates", supplier_id="farm", unit_price=35, case_size=6)
    book = [MemberOrder("a", "h1", (OrderLine("crates", 2, seen_unit_price=35, placed_at=at(0)),))]
    (invoice,) = close_cycle(CYCLE, [crates], book).invoices
    assert (invoice.order_fees, invoice.total) == ((), 0)

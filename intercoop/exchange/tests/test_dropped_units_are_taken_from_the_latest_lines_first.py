"""When a partial case is dropped, first come first served: units are removed from the line
placed last, then the one before, with the member id breaking ties of time."""

from __future__ import annotations

from intercoop.exchange.closing import Offer, close_cycle

from .closing_books import EUR, order

FLOUR = Offer(offer_id="flour", supplier_id="mill", unit_price=150, case_size=10)


def allocated(closing) -> dict[str, int]:
    return {i.member_id: i.lines[0].allocated_units for i in closing.invoices}


def test_the_latest_line_loses_its_units_first_then_the_one_before() -> None:
    # given 10 + 4 units: one case and 4 loose; the last lines are c (3 units) then b (4 units)
    book = [
        order("a", "flour", 7, seen=150, minute=0),
        order("b", "flour", 4, seen=150, minute=5),
        order("c", "flour", 3, seen=150, minute=9),
    ]
    closing = close_cycle(EUR, [FLOUR], book)
    # then c loses its 3 units and b one
    assert allocated(closing) == {"a": 7, "b": 3, "c": 0}
    dropped = {i.member_id: i.lines[0].dropped_units for i in closing.invoices}
    assert dropped == {"a": 0, "b": 1, "c": 3}


def test_lines_placed_at_the_same_time_are_ordered_by_member_id() -> None:
    book = [
        order("b", "flour", 6, seen=150, minute=1),
        order("a", "flour", 6, seen=150, minute=1),
    ]
    # 12 units: 2 loose, removed from b (later in the tie-break) rather than a
    assert allocated(close_cycle(EUR, [FLOUR], book)) == {"a": 6, "b": 4}


def test_the_order_of_the_input_does_not_matter() -> None:
    book = [
        order("a", "flour", 7, seen=150, minute=0),
        order("b", "flour", 4, seen=150, minute=5),
        order("c", "flour", 3, seen=150, minute=9),
    ]
    assert close_cycle(EUR, [FLOUR], book) == close_cycle(EUR, [FLOUR], list(reversed(book)))

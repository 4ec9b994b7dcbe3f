"""Whole cases are kept; the last partial case is filled from tolerance when it is enough and
dropped otherwise; tolerance never opens a case of its own."""

from __future__ import annotations

from intercoop.exchange.closing import CaseOutcome, Offer, close_cycle

from .closing_books import EUR, order

EGGS = Offer(offer_id="eggs", supplier_id="farm", unit_price=300, case_size=6)


def units(closing, member: str) -> int:
    (invoice,) = [i for i in closing.invoices if i.member_id == member]
    return invoice.lines[0].allocated_units


def test_units_that_make_whole_cases_are_all_kept() -> None:
    closing = close_cycle(
        EUR, [EGGS], [order("a", "eggs", 7, seen=300), order("b", "eggs", 5, seen=300, minute=1)]
    )
    (eggs,) = closing.offers
    assert (eggs.outcome, eggs.cases, eggs.allocated_units) == (CaseOutcome.EXACT, 2, 12)
    assert (units(closing, "a"), units(closing, "b")) == (7, 5)


def test_the_last_case_is_filled_when_the_tolerance_covers_it() -> None:
    # given 9 units ordered: one case and 3 loose, and 3 units of tolerance offered
    book = [
        order("a", "eggs", 4, seen=300),
        order("b", "eggs", 3, seen=300, minute=1, tolerance=2),
        order("c", "eggs", 2, seen=300, minute=2, tolerance=1),
    ]
    # when the cycle closes
    closing = close_cycle(EUR, [EGGS], book)
    # then the second case is full, from b's and c's tolerance
    (eggs,) = closing.offers
    assert (eggs.outcome, eggs.cases, eggs.tolerance_used) == (CaseOutcome.FILLED, 2, 3)
    assert [units(closing, m) for m in "abc"] == [4, 5, 3]
    extras = {i.member_id: i.lines[0].extra_units for i in closing.invoices}
    assert extras == {"a": 0, "b": 2, "c": 1}


def test_the_last_case_is_dropped_when_the_tolerance_falls_short() -> None:
    # given 7 units ordered: one case and 1 loose, 5 missing and only 1 of tolerance
    book = [order("a", "eggs", 4, seen=300), order("b", "eggs", 3, seen=300, minute=1, tolerance=1)]
    closing = close_cycle(EUR, [EGGS], book)
    (eggs,) = closing.offers
    assert (eggs.outcome, eggs.cases, eggs.dropped_units) == (CaseOutcome.DROPPED, 1, 1)
    assert (units(closing, "a"), units(closing, "b")) == (4, 2)
    assert eggs.allocated_units % EGGS.case_size == 0


def test_tolerance_does_not_open_a_case_of_its_own() -> None:
    closing = close_cycle(EUR, [EGGS], [order("a", "eggs", 6, seen=300, tolerance=5)])
    (eggs,) = closing.offers
    assert (eggs.outcome, eggs.allocated_units, eggs.tolerance_used) == (CaseOutcome.EXACT, 6, 0)


def test_a_single_partial_case_is_dropped_whole() -> None:
    closing = close_cycle(EUR, [EGGS], [order("a", "eggs", 2, seen=300, tolerance=3)])
    (eggs,) = closing.offers
    assert (eggs.outcome, eggs.cases, eggs.allocated_units) == (CaseOutcome.DROPPED, 0, 0)
    (invoice,) = closing.invoices
    assert (invoice.lines[0].dropped_units, invoice.total) == (2, 0)
    assert closing.packing_lists[0].lines == ()


def test_an_offer_nobody_ordered_closes_with_nothing() -> None:
    (eggs,) = close_cycle(EUR, [EGGS], []).offers
    assert (eggs.outcome, eggs.allocated_units) == (CaseOutcome.NONE, 0)

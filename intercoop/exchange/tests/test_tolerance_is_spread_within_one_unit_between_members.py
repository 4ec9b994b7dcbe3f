"""The units missing from the last case are spread by water-filling: equal levels, a member's
own maximum when it is lower, and the earliest lines take the odd units."""

from __future__ import annotations

from intercoop.exchange.closing import Offer, close_cycle, spread_tolerance

from .closing_books import EUR, order


def test_needed_units_are_spread_evenly_and_the_odd_one_goes_to_the_earliest() -> None:
    assert spread_tolerance(7, [5, 5, 5]) == [3, 2, 2]


def test_a_member_with_a_small_maximum_takes_it_and_the_others_share_the_rest() -> None:
    # 9 units: the member who accepts 1 takes 1, the other two 4 each
    assert spread_tolerance(9, [6, 1, 6]) == [4, 1, 4]
    # 8 units: 1, then 7 over two members: 4 and 3, the earlier taking the odd unit
    assert spread_tolerance(8, [6, 1, 6]) == [4, 1, 3]


def test_when_the_tolerance_just_covers_the_need_everyone_gives_their_maximum() -> None:
    assert spread_tolerance(6, [1, 2, 3]) == [1, 2, 3]


def test_members_without_tolerance_get_nothing() -> None:
    assert spread_tolerance(3, [0, 4, 0, 4]) == [0, 2, 0, 1]


def test_a_closing_spreads_tolerance_across_the_members_who_offered_it() -> None:
    # As Foodsoft's users asked: the first member with tolerance should not fill the case alone.
    honey = Offer(offer_id="honey", supplier_id="bees", unit_price=800, case_size=12)
    book = [
        order("ann", "honey", 2, seen=800, minute=0, tolerance=6),
        order("ben", "honey", 1, seen=800, minute=1, tolerance=6),
        order("cat", "honey", 2, seen=800, minute=2, tolerance=6),
        order("dan", "honey", 2, seen=800, minute=3),
    ]
    # 7 ordered, 5 missing, spread 2/2/1 between ann, ben and cat
    closing = close_cycle(EUR, [honey], book)
    extras = {i.member_id: i.lines[0].extra_units for i in closing.invoices}
    assert extras == {"ann": 2, "ben": 2, "cat": 1, "dan": 0}
    assert closing.offers[0].cases == 1

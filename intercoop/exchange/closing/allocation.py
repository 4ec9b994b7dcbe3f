"""Cases, tolerance and tiers for one offer: the rules the closing and the buying page share."""

from __future__ import annotations

from collections.abc import Sequence

from .model import CaseOutcome, Offer, OfferProgress


def fill_cases(case_size: int, ordered: int, tolerance: int) -> tuple[int, int, int, CaseOutcome]:
    """(allocated units, tolerance used, units dropped, outcome) for an offer's totals.

    Whole cases are kept. A last, partial case is filled from the tolerance offered when it is
    enough, and dropped otherwise. Tolerance never opens a case of its own."""
    if ordered == 0:
        return 0, 0, 0, CaseOutcome.NONE
    full, loose = divmod(ordered, case_size)
    if loose == 0:
        return ordered, 0, 0, CaseOutcome.EXACT
    missing = case_size - loose
    if tolerance >= missing:
        return ordered + missing, missing, 0, CaseOutcome.FILLED
    return full * case_size, 0, loose, CaseOutcome.DROPPED


def tier_for(offer: Offer, cases: int) -> tuple[int, int]:
    """(tier threshold in cases, unit price) reached with ``cases`` cases; (0, base) below all."""
    reached = (0, offer.unit_price)
    for tier in offer.tiers:
        if cases < tier.min_cases:
            break
        reached = (tier.min_cases, tier.unit_price)
    return reached


def spread_tolerance(needed: int, maxima: Sequence[int]) -> list[int]:
    """Water-filling: give ``needed`` units to members who accept at most ``maxima[i]`` more, so
    that any two members' extras differ by at most one unless the smaller is that member's
    maximum. ``maxima`` is in priority order (earliest placed first); the members who get one
    unit more than the level are the earliest ones that can take it."""
    if needed > sum(maxima):
        raise ValueError("not enough tolerance to spread")
    extras = [0] * len(maxima)
    remaining = needed
    left = len(maxima)
    by_maximum = sorted(range(len(maxima)), key=lambda i: (maxima[i], i))
    position = 0
    # Members whose maximum is below the even share take their maximum; the share of the
    # others grows as they drop out.
    while position < len(by_maximum):
        member = by_maximum[position]
        if maxima[member] > remaining // left:
            break
        extras[member] = maxima[member]
        remaining -= maxima[member]
        left -= 1
        position += 1
    if left:
        level, surplus = divmod(remaining, left)
        # Every member left has a maximum above ``level``, so level + 1 fits.
        for rank, member in enumerate(sorted(by_maximum[position:])):
            extras[member] = level + (1 if rank < surplus else 0)
    return extras


def drop_latest(excess: int, quantities: Sequence[int]) -> list[int]:
    """Units removed from each line when ``excess`` units are dropped: from the latest placed line
    backwards (``quantities`` in priority order, earliest first)."""
    removed = [0] * len(quantities)
    for index in range(len(quantities) - 1, -1, -1):
        if excess == 0:
            break
        taken = min(quantities[index], excess)
        removed[index] = taken
        excess -= taken
    return removed


def offer_progress(offer: Offer, *, ordered_units: int, tolerance_units: int) -> OfferProgress:
    """Where an offer stands for the buying page, from the cycle's totals so far (sums the
    database gives): the fill of the open case, the tier closing now would reach, and what is
    still needed for the next tier."""
    if ordered_units < 0 or tolerance_units < 0:
        raise ValueError("ordered and tolerance units are never negative")
    if offer.case_size < 1:
        raise ValueError(f"offer {offer.offer_id!r}: a case holds at least one unit")
    size = offer.case_size
    full, loose = divmod(ordered_units, size)
    allocated, _, _, _ = fill_cases(size, ordered_units, tolerance_units)
    cases_now = allocated // size
    tier_cases, price_now = tier_for(offer, cases_now)
    following = next((t for t in offer.tiers if t.min_cases > cases_now), None)
    return OfferProgress(
        offer_id=offer.offer_id,
        case_size=size,
        ordered_units=ordered_units,
        tolerance_offered=tolerance_units,
        full_cases=full,
        units_in_open_case=loose,
        units_to_fill_case=size - loose if loose else 0,
        open_case_fills_by_tolerance=bool(loose) and tolerance_units >= size - loose,
        cases_if_closed_now=cases_now,
        tier_min_cases=tier_cases,
        unit_price_now=price_now,
        next_tier_min_cases=following.min_cases if following else None,
        next_tier_unit_price=following.unit_price if following else None,
        units_to_next_tier=(following.min_cases * size - ordered_units) if following else None,
    )

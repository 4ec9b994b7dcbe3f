"""Small order books for the closing's tests: lines placed at given minutes of one day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from intercoop.exchange.closing import Cycle, MemberOrder, OrderLine

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
EUR = Cycle(currency="EUR", coordinator_id="coord")


def at(minute: int) -> datetime:
    return START + timedelta(minutes=minute)


def order(
    member: str,
    offer: str,
    quantity: int,
    *,
    seen: int,
    minute: int = 0,
    tolerance: int = 0,
    hub: str = "hub-1",
) -> MemberOrder:
    """A member order of one line."""
    return MemberOrder(
        member_id=member,
        hub_id=hub,
        lines=(
            OrderLine(
                offer_id=offer,
                quantity=quantity,
                seen_unit_price=seen,
                placed_at=at(minute),
                tolerance=tolerance,
            ),
        ),
    )

"""A closed order cycle for the closing's tests, on the shared cycle world (``cycle_world``):
members of both buying groups ordered, one of them with a Cyrillic name and one with accents;
the cycle is past its closing time. ``closed_world`` also closes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.exchange.models import CycleClosing, OrderCycle
from intercoop.exchange.services.closing import cycle_close
from intercoop.testing.factories import UserFactory

from .cycle_world import CycleWorld, build_cycle_world, open_for, place_line


@dataclass
class ClosingWorld:
    cycles: CycleWorld
    dmitry: User  # Hub South
    zoe: User  # co-op A
    stored: CycleClosing | None = None

    @property
    def cycle(self) -> OrderCycle:
        return self.cycles.cycle


def ordered_world(personas: Personas) -> ClosingWorld:
    """The cycle with its orders, past its closing time, not closed yet."""
    world = build_cycle_world(personas)
    bob, dora = personas.bob, world.dora
    dmitry = UserFactory.create(email="dmitry@example.org", name="Дмитрий Иванов")
    zoe = UserFactory.create(email="zoe@example.org", name="Zoë Ångström")
    start = timezone.now() - timedelta(hours=3)
    # Apples, cases of 6: 5 + 4 + 0 ordered, 3 of tolerance fill the second case.
    place_line(world, bob, "apples", 5, tolerance=2, placed_at=start)
    place_line(world, dora, "apples", 4, tolerance=1, hub=world.hub_south, placed_at=start)
    # Cheese, cases of 4: 4 by Bob, 3 by Zoë placed later, dropped (no tolerance).
    place_line(world, bob, "cheese", 4, placed_at=start)
    place_line(world, zoe, "cheese", 3, placed_at=start + timedelta(minutes=5))
    # Flour, cases of 10: two cases, the tier from 2 cases; Dmitry saw the base price.
    place_line(world, dora, "flour", 10, placed_at=start)
    place_line(world, dmitry, "flour", 10, hub=world.hub_south, placed_at=start)
    # Oats by the unit, Zoë saw a lower price than the base one (a tier reached back then).
    place_line(world, zoe, "oats", 3, seen_unit_price=190, placed_at=start)
    open_for(
        world.cycle,
        opens_at=timezone.now() - timedelta(days=7),
        closes_at=timezone.now() - timedelta(hours=1),
    )
    return ClosingWorld(cycles=world, dmitry=dmitry, zoe=zoe)


def closed_world(personas: Personas) -> ClosingWorld:
    world = ordered_world(personas)
    world.stored = cycle_close(cycle=world.cycle, by=world.cycles.carol)
    return world

"""The rules of saving an order: a person with a role in one of the cycle's buying groups
orders while the cycle is open; quantities are absolute (0 removes a line, a double submit
changes nothing); the price seen is the server's, set with ``placed_at`` when a line is created
or raised and kept when it is lowered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import MemberOrder, OrderLine
from intercoop.exchange.services.orders import LineInput, order_save
from intercoop.exchange.tests.cycle_world import CycleWorld, build_cycle_world, open_for, place_line
from intercoop.organizations.models import Role
from intercoop.testing.factories import RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Personas) -> CycleWorld:
    return build_cycle_world(personas)


def _lines(world: CycleWorld, member: User) -> dict[str, tuple[int, int]]:
    return {
        line.offer.name: (line.quantity, line.tolerance)
        for line in OrderLine.objects.filter(order__cycle=world.cycle, order__member=member)
    }


def test_the_first_line_makes_the_order_through_the_member_s_only_group(world: CycleWorld) -> None:
    bob = world.personas.bob
    apples = world.offers["apples"]

    order = order_save(cycle=world.cycle, member=bob, lines=[LineInput(apples.pk, 7, 2)])

    assert order is not None and order.hub == world.hub_a
    assert _lines(world, bob) == {"Apples": (7, 2)}


def test_a_quantity_of_0_removes_the_line_and_nothing_ordered_makes_no_order(
    world: CycleWorld,
) -> None:
    bob, dora = world.personas.bob, world.dora
    apples, flour = world.offers["apples"], world.offers["flour"]
    order_save(
        cycle=world.cycle, member=bob, lines=[LineInput(apples.pk, 7), LineInput(flour.pk, 10)]
    )

    order_save(cycle=world.cycle, member=bob, lines=[LineInput(apples.pk, 0, 3)])
    nothing = order_save(cycle=world.cycle, member=dora, lines=[LineInput(apples.pk, 0)])

    assert _lines(world, bob) == {"Flour": (10, 0)}
    assert nothing is None
    assert not MemberOrder.objects.filter(member=dora).exists()


def test_a_double_submit_gives_the_same_order(world: CycleWorld) -> None:
    bob = world.personas.bob
    lines = [LineInput(world.offers["apples"].pk, 7, 2), LineInput(world.offers["oats"].pk, 3)]
    order_save(cycle=world.cycle, member=bob, lines=lines)
    first = list(OrderLine.objects.order_by("pk").values())
    orders = list(MemberOrder.objects.values())

    order_save(cycle=world.cycle, member=bob, lines=lines)

    assert list(OrderLine.objects.order_by("pk").values()) == first
    assert list(MemberOrder.objects.values()) == orders
    assert MemberOrder.objects.filter(member=bob).count() == 1


def test_the_price_seen_is_the_server_s_price_at_that_instant(world: CycleWorld) -> None:
    # Given others' lines that fill three cases of apples (the tier from 3 cases: 2.80)
    place_line(world, world.dora, "apples", 18, hub=world.hub_south)
    bob = world.personas.bob

    # When Bob orders, and Alice orders pears nobody has reached a tier on
    order_save(cycle=world.cycle, member=bob, lines=[LineInput(world.offers["apples"].pk, 6)])
    order_save(
        cycle=world.cycle,
        member=world.personas.alice,
        lines=[LineInput(world.offers["pears"].pk, 6)],
    )

    # Then the price seen is what the page showed: the tier's for apples, the base for pears
    assert OrderLine.objects.get(order__member=bob).seen_unit_price == 280
    assert OrderLine.objects.get(order__member=world.personas.alice).seen_unit_price == 350


def test_raising_a_quantity_sets_price_and_time_again_lowering_keeps_them(
    world: CycleWorld,
) -> None:
    bob = world.personas.bob
    apples = world.offers["apples"].pk
    earlier = timezone.now() - timedelta(hours=3)
    line = place_line(world, bob, "apples", 12, seen_unit_price=999, placed_at=earlier)

    order_save(cycle=world.cycle, member=bob, lines=[LineInput(apples, 6, 5)])
    line.refresh_from_db()
    assert (line.quantity, line.tolerance, line.seen_unit_price, line.placed_at) == (
        6,
        5,
        999,
        earlier,
    )

    order_save(cycle=world.cycle, member=bob, lines=[LineInput(apples, 8, 5)])
    line.refresh_from_db()
    assert line.quantity == 8
    assert line.seen_unit_price == 300  # 6 units ordered before this save: the base price
    assert line.placed_at > earlier


@pytest.mark.parametrize("moment", ["upcoming", "closing", "closed"])
def test_orders_are_refused_unless_the_cycle_is_open(world: CycleWorld, moment: str) -> None:
    now = timezone.now()
    if moment == "upcoming":
        open_for(world.cycle, opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=2))
    elif moment == "closing":
        open_for(world.cycle, opens_at=now - timedelta(days=2), closes_at=now - timedelta(hours=1))
    else:
        world.cycle.closed_at = now
        world.cycle.save()

    with pytest.raises(ServiceError) as refused:
        order_save(
            cycle=world.cycle,
            member=world.personas.bob,
            lines=[LineInput(world.offers["apples"].pk, 6)],
        )

    assert refused.value.code == "cycle_not_open"
    assert not OrderLine.objects.exists()


def test_people_of_no_buying_group_are_refused(world: CycleWorld) -> None:
    # Charlie is in co-op B; the Orchard's administrator supplies but does not buy.
    for outsider in (world.personas.charlie, world.supplier_admins["orchard"]):
        with pytest.raises(ServiceError) as refused:
            order_save(
                cycle=world.cycle, member=outsider, lines=[LineInput(world.offers["apples"].pk, 6)]
            )
        assert refused.value.code == "not_a_buyer"
    assert not MemberOrder.objects.exists()


def test_a_person_in_two_groups_chooses_one_and_it_is_remembered(world: CycleWorld) -> None:
    dora = world.dora
    RoleFactory.create(organization=world.personas.coop_a, user=dora, role=Role.Name.STAFF)
    apples = world.offers["apples"].pk

    with pytest.raises(ServiceError) as unchosen:
        order_save(cycle=world.cycle, member=dora, lines=[LineInput(apples, 6)])
    order_save(cycle=world.cycle, member=dora, lines=[LineInput(apples, 6)], hub=world.hub_south)
    order = order_save(cycle=world.cycle, member=dora, lines=[LineInput(apples, 12)])

    assert unchosen.value.code == "choose_hub"
    assert order is not None and order.hub == world.hub_south


def test_a_group_of_another_cycle_or_not_one_s_own_is_refused(world: CycleWorld) -> None:
    with pytest.raises(ServiceError) as refused:
        order_save(
            cycle=world.cycle,
            member=world.personas.bob,
            lines=[LineInput(world.offers["apples"].pk, 6)],
            hub=world.hub_south,
        )

    assert refused.value.code == "invalid_hub"
    assert not MemberOrder.objects.exists()


def test_replacing_the_order_removes_the_lines_not_given(world: CycleWorld) -> None:
    bob = world.personas.bob
    place_line(world, bob, "apples", 6)
    place_line(world, bob, "flour", 10)

    order_save(
        cycle=world.cycle, member=bob, lines=[LineInput(world.offers["oats"].pk, 2)], replace=True
    )

    assert _lines(world, bob) == {"Oats": (2, 0)}

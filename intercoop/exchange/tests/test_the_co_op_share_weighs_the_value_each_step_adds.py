"""The co-op share of a traced resource, computed by hand on small chains, and its promises on
random ones: a share between 0 and 1, 1 for a chain of co-ops only and 0 for none, unchanged by
an event without a value or by the order the records come in, each event counted once."""

from __future__ import annotations

import dataclasses
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intercoop.exchange.valueflows.actions import VfError
from intercoop.exchange.valueflows.coop_share import Status, Value, coop_share
from intercoop.exchange.valueflows.graph import Graph
from intercoop.exchange.valueflows.model import EconomicEvent, Measure, Process

KG = Measure(Decimal(1), "kilogram")


def ev(
    id_: str, action: str, provider: str | None, resource: str | None = None, **kw
) -> EconomicEvent:
    return EconomicEvent(
        id_, action, provider, kw.pop("receiver", provider), resource, resource_quantity=KG, **kw
    )


def eur(amount: int) -> Value:
    return Value(amount, "EUR")


def bread_chain() -> tuple[Graph, dict[str, Value]]:
    """A farm sells wheat to a mill, which grinds it (with a worker co-op's work) into flour
    sold to a bakery, which bakes the bread."""
    graph = Graph(
        processes=[Process("growing"), Process("milling"), Process("baking")],
        events=[
            ev("harvest", "produce", "farm", "wheat", output_of="growing"),
            ev("sell-wheat", "transfer", "farm", "wheat", receiver="mill",
               to_resource_inventoried_as="wheat@mill"),
            ev("grind", "consume", "mill", "wheat@mill", input_of="milling"),
            ev("shift", "work", "workers", input_of="milling", receiver="mill"),
            ev("flour-out", "produce", "mill", "flour", output_of="milling"),
            ev("sell-flour", "transfer", "mill", "flour", receiver="bakery",
               to_resource_inventoried_as="flour@bakery"),
            ev("knead", "consume", "bakery", "flour@bakery", input_of="baking"),
            ev("bread-out", "produce", "bakery", "bread", output_of="baking"),
        ],
    )  # fmt: skip
    values = {
        "sell-wheat": eur(100),
        "shift": eur(50),
        "flour-out": eur(250),
        "sell-flour": eur(300),
        "bread-out": eur(500),
    }
    return graph, values


def test_each_step_adds_its_value_less_its_inputs_and_co_ops_weigh_what_they_added() -> None:
    graph, values = bread_chain()

    result = coop_share(
        graph, "bread", values=values, coops={"farm", "workers", "bakery"}, depth=50
    )

    added = {s.event_id: s.added for s in result.steps}
    # bread 500 - flour 300; flour sold 300 - 250; flour made 250 - wheat 100 - work 50.
    assert added == {
        "bread-out": 200,
        "sell-flour": 50,
        "flour-out": 100,
        "shift": 50,
        "sell-wheat": 100,
        "harvest": 0,
    }
    assert result.total_added == 500
    assert result.coop_added == 200 + 50 + 100
    assert result.share == Fraction(7, 10)
    assert result.currency == "EUR"
    # Consuming is walked through, not a step; the harvest has no value.
    assert [s.event_id for s in result.steps if s.status is Status.NOT_VALUED] == ["harvest"]
    assert "grind" not in added
    assert result.valued_steps == 5
    assert result.coverage == Fraction(5, 6)
    assert not result.truncated
    parts = {s.event_id: s.part for s in result.steps}
    assert parts["bread-out"] == Fraction(2, 5)
    assert sum(parts.values()) == 1


def test_a_sale_at_a_loss_adds_nothing_and_takes_nothing_from_the_others() -> None:
    graph, values = bread_chain()
    values["sell-flour"] = eur(200)  # the mill sells below the 250 it made the flour for

    result = coop_share(graph, "bread", values=values, coops={"farm"}, depth=50)

    added = {s.event_id: s.added for s in result.steps}
    assert added["sell-flour"] == 0
    assert added["bread-out"] == 300
    assert added["flour-out"] == 100
    assert result.total_added == 300 + 100 + 50 + 100
    assert result.share == Fraction(100, 550)


def test_a_step_in_another_currency_is_left_out_like_one_without_a_value() -> None:
    graph, values = bread_chain()
    values["shift"] = Value(5000, "JPY")

    result = coop_share(graph, "bread", values=values, coops={"workers"}, depth=50)

    step = next(s for s in result.steps if s.event_id == "shift")
    assert step.status is Status.OTHER_CURRENCY
    assert step.added == 0
    # The flour now adds 250 - 100: its work is not known in euros.
    assert {s.event_id: s.added for s in result.steps}["flour-out"] == 150
    assert result.share == 0


def test_the_depth_limit_cuts_the_chain_and_says_so() -> None:
    graph, values = bread_chain()

    result = coop_share(graph, "bread", values=values, coops={"bakery"}, depth=4)

    # bread, bread-out, baking, knead, flour@bakery: the flour's sale is 5 steps away.
    assert [s.event_id for s in result.steps] == ["bread-out"]
    assert result.truncated
    assert result.share == 1


def test_a_chain_without_any_value_has_no_share() -> None:
    graph, _values = bread_chain()

    result = coop_share(graph, "bread", values={}, coops={"farm"}, depth=50)

    assert result.share is None
    assert result.currency is None
    assert result.coverage == 0
    assert all(s.status is Status.NOT_VALUED for s in result.steps)


def test_only_a_resource_has_a_co_op_share() -> None:
    graph, values = bread_chain()

    with pytest.raises(VfError):
        coop_share(graph, "baking", values=values, coops=set(), depth=5)


def test_a_diamond_counts_each_event_once() -> None:
    # Two deliveries into the same stock come from one farm's harvest.
    graph = Graph(
        processes=[Process("growing"), Process("pack")],
        events=[
            ev("harvest", "produce", "farm", "apples", output_of="growing"),
            ev("to-a", "transfer", "farm", "apples", receiver="shop",
               to_resource_inventoried_as="stock"),
            ev("to-b", "transfer", "farm", "apples", receiver="shop",
               to_resource_inventoried_as="stock"),
            ev("take", "consume", "shop", "stock", input_of="pack"),
            ev("boxing", "produce", "shop", "box", output_of="pack"),
        ],
    )  # fmt: skip
    values = {"harvest": eur(80), "to-a": eur(60), "to-b": eur(60), "boxing": eur(200)}

    result = coop_share(graph, "box", values=values, coops={"farm"}, depth=50)

    assert sorted(s.event_id for s in result.steps) == ["boxing", "harvest", "to-a", "to-b"]
    added = {s.event_id: s.added for s in result.steps}
    # The harvest was reached through one of the two deliveries, and is its input only.
    assert added["boxing"] == 80
    assert sorted([added["to-a"], added["to-b"]]) == [0, 60]
    assert added["harvest"] == 80
    assert result.total_added == 220
    assert result.share == Fraction(140, 220)


def test_a_second_unvalued_delivery_from_the_same_stock_takes_no_value_elsewhere() -> None:
    graph, values = bread_chain()
    second = ev("sell-flour-2", "transfer", "mill", "flour", receiver="bakery",
                to_resource_inventoried_as="flour@bakery")  # fmt: skip
    both = Graph(processes=list(graph.processes.values()), events=[*graph.events.values(), second])

    before = coop_share(graph, "bread", values=values, coops={"farm", "bakery"}, depth=50)
    after = coop_share(both, "bread", values=values, coops={"farm", "bakery"}, depth=50)

    # The flour made is still the input of the flour sold, not of the bread.
    assert after.share == before.share == Fraction(300, 500)
    assert {s.event_id: s.added for s in after.steps}["sell-flour"] == 50


# --- random chains ------------------------------------------------------------------------

AGENTS = ["a0", "a1", "a2", "a3", "a4"]


@st.composite
def chains(draw: st.DrawFn) -> tuple[list[EconomicEvent], list[Process], dict[str, Value], str]:
    """Resources r0..rn, each made from earlier ones by a transfer or a process, sometimes fed
    back into an earlier one (a cycle); values in minor units, a few in another currency."""
    n = draw(st.integers(1, 8))
    events: list[EconomicEvent] = []
    processes: list[Process] = []
    values: dict[str, Value] = {}

    def value_of(event_id: str) -> None:
        amount = draw(st.none() | st.integers(0, 10_000))
        if amount is not None:
            values[event_id] = Value(amount, draw(st.sampled_from(["EUR", "EUR", "EUR", "JPY"])))

    agent = st.sampled_from([*AGENTS, None])
    for i in range(1, n + 1):
        if draw(st.booleans()):
            source = draw(st.integers(0, i - 1))
            event_id = f"t{i}"
            events.append(
                EconomicEvent(
                    event_id, "transfer", draw(agent), draw(agent), f"r{source}",
                    to_resource_inventoried_as=f"r{i}", resource_quantity=KG,
                )
            )  # fmt: skip
            value_of(event_id)
        else:
            process = f"p{i}"
            processes.append(Process(process))
            for j in sorted(draw(st.sets(st.integers(0, i - 1), min_size=1, max_size=3))):
                events.append(
                    EconomicEvent(f"c{i}-{j}", "consume", None, None, f"r{j}",
                                  resource_quantity=KG, input_of=process)
                )  # fmt: skip
            if draw(st.booleans()):
                events.append(EconomicEvent(f"w{i}", "work", draw(agent), None, input_of=process))
                value_of(f"w{i}")
            events.append(
                EconomicEvent(f"o{i}", "produce", draw(agent), None, f"r{i}",
                              resource_quantity=KG, output_of=process)
            )  # fmt: skip
            value_of(f"o{i}")
    if n > 1 and draw(st.booleans()):
        events.append(
            EconomicEvent("back", "transfer", draw(agent), None, f"r{n}",
                          to_resource_inventoried_as="r0", resource_quantity=KG)
        )  # fmt: skip
        value_of("back")
    return events, processes, values, f"r{n}"


def _share(events, processes, values, resource, coops, depth=50):
    return coop_share(
        Graph(events=events, processes=processes),
        resource,
        values=values,
        coops=coops,
        depth=depth,
    )


@settings(max_examples=200, deadline=None)
@given(chains(), st.sets(st.sampled_from(AGENTS)), st.integers(0, 30))
def test_a_share_is_between_0_and_1_and_its_steps_add_up(chain, coops, depth) -> None:
    events, processes, values, resource = chain

    result = _share(events, processes, values, resource, coops, depth)

    assert result.share is None or 0 <= result.share <= 1
    ids = [s.event_id for s in result.steps]
    assert len(ids) == len(set(ids))
    assert sum(s.added for s in result.steps) == result.total_added
    assert sum(s.added for s in result.steps if s.is_coop) == result.coop_added
    if result.total_added:
        assert sum(s.part for s in result.steps) == 1
    for step in result.steps:
        assert step.added <= (step.value.amount if step.status is Status.VALUED else 0)


@settings(max_examples=200, deadline=None)
@given(chains())
def test_a_chain_of_co_ops_only_has_a_share_of_1_and_one_without_any_has_0(chain) -> None:
    events, processes, values, resource = chain
    # Every step gets a provider: a step without one counts as not a co-op's.
    with_provider = [e if e.provider else dataclasses.replace(e, provider="a0") for e in events]

    everyone = _share(with_provider, processes, values, resource, set(AGENTS))
    nobody = _share(events, processes, values, resource, set())

    assert everyone.share in (None, 1)
    assert nobody.share in (None, 0)


@settings(max_examples=200, deadline=None)
@given(chains(), st.sets(st.sampled_from(AGENTS)), st.data())
def test_an_event_without_a_value_leaves_the_share_as_it_was(chain, coops, data) -> None:
    events, processes, values, resource = chain
    before = _share(events, processes, values, resource, coops)

    # A use of a tool without a value in one of the processes, a second, unvalued delivery
    # beside one of the transfers, or a new supplier's unvalued delivery of something of its
    # own into the resource.
    transfers = [e for e in events if e.action == "transfer"]
    kind = data.draw(st.sampled_from(["use", "beside", "new"]))
    if kind == "beside" and transfers:
        twin = data.draw(st.sampled_from(transfers))
        extra = dataclasses.replace(twin, id="extra", provider="a3")
    elif processes and kind == "use":
        process = data.draw(st.sampled_from(processes)).id
        extra = EconomicEvent("extra", "use", "a1", None, "tool", input_of=process)
    else:
        extra = EconomicEvent(
            "extra", "transfer", "a2", None, "elsewhere", to_resource_inventoried_as=resource
        )
    after = _share([*events, extra], processes, values, resource, coops)

    assert after.share == before.share
    assert (after.total_added, after.coop_added) == (before.total_added, before.coop_added)
    assert {s.event_id: s.added for s in after.steps if s.event_id != "extra"} == {
        s.event_id: s.added for s in before.steps
    }


@settings(max_examples=200, deadline=None)
@given(chains(), st.sets(st.sampled_from(AGENTS)), st.randoms(use_true_random=False))
def test_the_records_in_any_order_give_the_same_result(chain, coops, rnd: random.Random) -> None:
    events, processes, values, resource = chain
    shuffled_events, shuffled_processes = list(events), list(processes)
    rnd.shuffle(shuffled_events)
    rnd.shuffle(shuffled_processes)

    assert _share(shuffled_events, shuffled_processes, values, resource, coops) == _share(
        events, processes, values, resource, coops
    )

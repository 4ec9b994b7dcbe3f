"""Cycles (a resource repaired again and again, two processes feeding each other) end a walk
rather than loop it; paired actions keep a trace on the item it follows: tracing one gown out
of a bag does not bring in the other gowns packed with it."""

from decimal import Decimal

from intercoop.exchange.valueflows.graph import Graph
from intercoop.exchange.valueflows.model import EconomicEvent, Measure, Process
from intercoop.exchange.valueflows.trace import trace, track

ONE = Measure(Decimal(1), "one")


def ev(id_, action, resource=None, **kw):
    return EconomicEvent(id_, action, "a", "a", resource, resource_quantity=ONE, **kw)


def test_two_processes_feeding_each_other_end_the_walk():
    graph = Graph(
        processes=[Process("p1"), Process("p2")],
        events=[
            ev("x-in", "consume", "x", input_of="p1"),
            ev("y-out", "produce", "y", output_of="p1"),
            ev("y-in", "consume", "y", input_of="p2"),
            ev("x-out", "produce", "x", output_of="p2"),
        ],
    )
    steps = trace(graph, "x", 1000)
    assert [s.id for s in steps] == ["x", "x-out", "p2", "y-in", "y", "y-out", "p1", "x-in"]
    assert len({s.id for s in track(graph, "y", 1000)}) == 8


def test_a_resource_repaired_twice_is_traced_through_both_repairs():
    graph = Graph(
        processes=[Process("repair-1"), Process("repair-2")],
        events=[
            ev("accept-1", "accept", "bike", input_of="repair-1"),
            ev("part-1", "consume", "chain", input_of="repair-1"),
            ev("modify-1", "modify", "bike", output_of="repair-1"),
            ev("accept-2", "accept", "bike", input_of="repair-2"),
            ev("accept-other", "accept", "scooter", input_of="repair-2"),
            ev("modify-2", "modify", "bike", output_of="repair-2"),
        ],
    )
    ids = [s.id for s in trace(graph, "bike", 100)]
    assert set(ids) == {
        "bike",
        "modify-1",
        "modify-2",
        "repair-1",
        "repair-2",
        "accept-1",
        "accept-2",
        "part-1",
        "chain",
    }
    # The scooter accepted into the same repair was not modified into the bike.
    assert "accept-other" not in ids


def packing() -> Graph:
    return Graph(
        processes=[Process("pack"), Process("unpack")],
        events=[
            ev("combine-g1", "combine", "gown-1", input_of="pack"),
            ev("combine-g2", "combine", "gown-2", input_of="pack"),
            ev("pack-out", "produce", "bag", output_of="pack"),
            ev("unpack-in", "consume", "bag", input_of="unpack"),
            ev("separate-g1", "separate", "gown-1", output_of="unpack"),
            ev("separate-g2", "separate", "gown-2", output_of="unpack"),
        ],
    )


def test_tracing_one_gown_out_of_a_bag_leaves_the_other_gowns_out():
    ids = [s.id for s in trace(packing(), "gown-1", 100)]
    assert ids == [
        "gown-1",
        "separate-g1",
        "unpack",
        "unpack-in",
        "bag",
        "pack-out",
        "pack",
        "combine-g1",
    ]


def test_tracking_one_gown_into_a_bag_comes_out_with_that_gown_only():
    ids = [s.id for s in track(packing(), "gown-2", 100)]
    assert "separate-g2" in ids
    assert "separate-g1" not in ids
    assert ids[:4] == ["gown-2", "combine-g2", "separate-g2", "pack"]

"""Trace goes back from a loaf at the hub to the farm's work; track goes forwards from the
farm's wheat to the hub: resource → the events that affect it → their process → its other
flows, as Valueflows' track and trace define it, breadth first, each item once, at its
distance."""

import random

import pytest

from intercoop.exchange.tests.valueflows_chain import X, chain, records
from intercoop.exchange.valueflows.actions import VfError
from intercoop.exchange.valueflows.graph import Graph
from intercoop.exchange.valueflows.model import Kind
from intercoop.exchange.valueflows.trace import following, previous, trace, track

TRACE_FROM_HUB = [
    (0, "bread-at-hub", None),
    (1, "e/deliver-bread", "bread-at-hub"),
    (2, "bread", "e/deliver-bread"),
    (3, "e/bake-out", "bread"),
    (4, "baking", "e/bake-out"),
    # Latest first: the oven went on at 6:00, the flour went in at 5:00.
    (5, "e/bake-oven", "baking"),
    (5, "e/bake-in", "baking"),
    (6, "oven", "e/bake-oven"),
    (6, "flour-at-bakery", "e/bake-in"),
    (7, "e/sell-flour", "flour-at-bakery"),
    (8, "flour", "e/sell-flour"),
    (9, "e/mill-out", "flour"),
    (10, "milling", "e/mill-out"),
    (11, "e/mill-work", "milling"),
    (11, "e/mill-in", "milling"),
    (12, "wheat-at-mill", "e/mill-in"),
    (13, "e/sell-wheat", "wheat-at-mill"),
    (14, "wheat", "e/sell-wheat"),
    (15, "e/harvest-out", "wheat"),
    (16, "harvest", "e/harvest-out"),
    (17, "e/harvest-work", "harvest"),
]

TRACK_FROM_WHEAT = [
    (0, "wheat", None),
    # Earliest first: every event on the wheat, its production included.
    (1, "e/harvest-out", "wheat"),
    (1, "e/sell-wheat", "wheat"),
    (2, "wheat-at-mill", "e/sell-wheat"),
    (3, "e/mill-in", "wheat-at-mill"),
    (4, "milling", "e/mill-in"),
    (5, "e/mill-out", "milling"),
    (6, "flour", "e/mill-out"),
    (7, "e/sell-flour", "flour"),
    (8, "flour-at-bakery", "e/sell-flour"),
    (9, "e/bake-in", "flour-at-bakery"),
    (10, "baking", "e/bake-in"),
    (11, "e/bake-out", "baking"),
    (12, "bread", "e/bake-out"),
    (13, "e/deliver-bread", "bread"),
    (14, "bread-at-hub", "e/deliver-bread"),
]


def short(steps):
    return [(s.depth, s.id.removeprefix(X), s.parent and s.parent.removeprefix(X)) for s in steps]


def test_trace_goes_back_from_the_hub_to_the_farm():
    assert short(trace(chain(), X + "bread-at-hub", 50)) == TRACE_FROM_HUB


def test_track_goes_forwards_from_the_farm_to_the_hub():
    assert short(track(chain(), X + "wheat", 50)) == TRACK_FROM_WHEAT


def test_each_step_says_what_it_reached():
    steps = {s.id.removeprefix(X): s.kind for s in trace(chain(), X + "bread-at-hub", 50)}
    assert steps["baking"] is Kind.PROCESS
    assert steps["flour"] is Kind.RESOURCE
    assert steps["e/sell-flour"] is Kind.EVENT


def test_the_depth_limit_stops_the_walk_at_that_distance():
    graph = chain()
    assert short(trace(graph, X + "bread-at-hub", 4)) == TRACE_FROM_HUB[:5]
    assert short(trace(graph, X + "bread-at-hub", 0)) == TRACE_FROM_HUB[:1]
    assert short(track(graph, X + "wheat", 6)) == TRACK_FROM_WHEAT[:8]
    with pytest.raises(VfError, match="negative"):
        trace(graph, X + "bread", -1)


def test_a_walk_can_start_from_an_event_or_a_process():
    graph = chain()
    from_event = short(trace(graph, X + "e/mill-out", 3))
    assert from_event == [
        (0, "e/mill-out", None),
        (1, "milling", "e/mill-out"),
        (2, "e/mill-work", "milling"),
        (2, "e/mill-in", "milling"),
        (3, "wheat-at-mill", "e/mill-in"),
    ]
    assert [s.id for s in track(graph, X + "baking", 2)] == [
        X + "baking",
        X + "e/bake-out",
        X + "bread",
    ]


def test_the_answer_does_not_depend_on_the_order_the_records_came_in():
    expected_trace = trace(chain(), X + "bread-at-hub", 50)
    expected_track = track(chain(), X + "wheat", 50)
    for seed in range(5):
        shuffled = {k: random.Random(seed).sample(v, len(v)) for k, v in records().items()}
        graph = Graph(**shuffled)
        assert trace(graph, X + "bread-at-hub", 50) == expected_trace
        assert track(graph, X + "wheat", 50) == expected_track


def test_previous_and_next_are_one_step_each():
    graph = chain()
    assert previous(graph, X + "baking") == (X + "e/bake-oven", X + "e/bake-in")
    assert following(graph, X + "baking") == (X + "e/bake-out",)
    assert previous(graph, X + "e/deliver-bread") == (X + "bread",)
    assert following(graph, X + "e/deliver-bread") == (X + "bread-at-hub",)
    assert previous(graph, X + "e/harvest-work") == ()


def test_deliveries_are_found_from_the_order_and_the_order_line_they_fulfil():
    graph = chain()
    assert graph.events_realizing(X + "order/1") == (X + "e/deliver-bread",)
    assert graph.events_fulfilling(X + "order/1/line/1") == (X + "e/deliver-bread",)
    assert graph.events_realizing(X + "order/2") == ()


def test_an_unknown_start_is_refused():
    with pytest.raises(VfError, match="not an event, a process or a resource"):
        trace(chain(), X + "nowhere", 5)

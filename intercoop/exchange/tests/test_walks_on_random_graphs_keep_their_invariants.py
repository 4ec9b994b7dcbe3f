"""On random flow graphs (processes with random inputs and outputs, transfers between resources,
cycles allowed): a walk returns each item once, at non-decreasing depths, each item one step
from its parent; a shorter walk is the start of a longer one; the order of the records does not
matter; and the JSON-LD of what a trace reached reads back to those records."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from intercoop.exchange.valueflows.graph import Graph
from intercoop.exchange.valueflows.jsonld import to_jsonld
from intercoop.exchange.valueflows.jsonld_import import from_jsonld
from intercoop.exchange.valueflows.model import EconomicEvent, EconomicResource, Measure, Process
from intercoop.exchange.valueflows.trace import following, previous, trace, track

INPUTS = ["consume", "use", "work", "cite", "accept", "pickup", "combine"]
OUTPUTS = ["produce", "modify", "dropoff", "separate"]
ONE = Measure(Decimal(1), "one")


@st.composite
def graphs(draw):
    n_resources = draw(st.integers(1, 8))
    n_processes = draw(st.integers(0, 5))
    resources = [f"urn:r{i}" for i in range(n_resources)]
    processes = [f"urn:p{i}" for i in range(n_processes)]
    flows = st.tuples(
        st.sampled_from(["in", "out", "transfer", "raise"]),
        st.sampled_from(resources),
        st.sampled_from(resources),
        st.integers(0, max(n_processes - 1, 0)),
        st.integers(0, 3),
        st.integers(0, 30),
    )
    events = []
    for i, (kind, res, to, proc, pick, day) in enumerate(draw(st.lists(flows, max_size=25))):
        common: dict[str, Any] = {"resource_quantity": ONE}
        if day:
            common["has_point_in_time"] = _day(day)
        if kind == "in" and processes:
            action = INPUTS[pick % len(INPUTS)]
            events.append(
                EconomicEvent(
                    f"urn:e{i}", action, "urn:a", "urn:a", res, input_of=processes[proc], **common
                )
            )
        elif kind == "out" and processes:
            action = OUTPUTS[pick % len(OUTPUTS)]
            events.append(
                EconomicEvent(
                    f"urn:e{i}", action, "urn:a", "urn:a", res, output_of=processes[proc], **common
                )
            )
        elif kind == "transfer":
            events.append(
                EconomicEvent(f"urn:e{i}", "transfer", "urn:a", "urn:b", res, to, **common)
            )
        else:
            events.append(EconomicEvent(f"urn:e{i}", "raise", "urn:a", "urn:a", res, **common))
    return {
        "resources": [EconomicResource(r) for r in resources],
        "processes": [Process(p) for p in processes],
        "events": events,
    }


def _day(day):
    return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=day)


def starts(records):
    return [r.id for r in records["resources"]] + [e.id for e in records["events"]][:3]


@settings(max_examples=150, deadline=None)
@given(graphs(), st.integers(0, 12), st.randoms(use_true_random=False))
def test_walks_keep_their_invariants(records, depth, rnd):
    graph = Graph(**records)
    shuffled = Graph(**{k: rnd.sample(v, len(v)) for k, v in records.items()})
    for start in starts(records):
        for walk, step in ((trace, previous), (track, following)):
            steps = walk(graph, start, depth)
            ids = [s.id for s in steps]
            assert len(ids) == len(set(ids))
            assert steps[0].id == start and steps[0].depth == 0
            depths = [s.depth for s in steps]
            assert depths == sorted(depths) and max(depths) <= depth
            position = {s.id: i for i, s in enumerate(steps)}
            for s in steps[1:]:
                assert s.parent is not None
                assert position[s.parent] < position[s.id]
                assert steps[position[s.parent]].depth == s.depth - 1
                assert s.id in step(graph, s.parent)
            longer = walk(graph, start, depth + 3)
            assert longer[: len(steps)] == steps
            assert walk(shuffled, start, depth) == steps


@settings(max_examples=60, deadline=None)
@given(graphs())
def test_the_export_of_a_trace_reads_back_to_its_records(records):
    graph = Graph(**records)
    start = records["resources"][0].id
    reached = {s.id for s in trace(graph, start, 20)}
    back = from_jsonld(to_jsonld(graph, only=reached)).graph
    assert set(back.events) == reached & set(graph.events)
    assert set(back.processes) == reached & set(graph.processes)
    assert set(back.resources) == reached & set(graph.resources)
    for event_id in back.events:
        assert back.events[event_id] == graph.events[event_id]

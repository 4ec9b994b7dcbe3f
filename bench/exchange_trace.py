"""Trace benchmark: Valueflows track and trace (intercoop/exchange/valueflows) on a synthetic
supply chain, 50 steps deep.

The graph holds ``--chains`` independent chains of ``--stages`` stages. At each stage a co-op
runs a process that consumes the previous stage's product (bought from the previous co-op by a
transfer event into a resource of its own), consumes an ingredient it harvested itself (a
harvest process with its own work input), uses a tool and takes work; it produces the stage's
product, which it sells on. One stage is six steps along the main line (product at the buyer ←
transfer ← product ← produce ← process ← consume ← previous product at the buyer), and every
process fans out to its side inputs, so a trace 50 steps deep reaches about 8 stages and all
their side branches. The other chains are there so that the walk runs in a graph of realistic
size, through its indexes.

It reports the median, over ``--repeat`` runs, of: a trace 50 steps deep from the last product
of one chain, a track 50 steps deep from the first, and the JSON-LD export of what the trace
reached; and the time to build the graph's indexes once. Figures belong in docs/benchmarks.md
with the command line.

    .venv/bin/python bench/exchange_trace.py
    .venv/bin/python bench/exchange_trace.py --chains 1000 --stages 30 --repeat 50
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intercoop.exchange.valueflows.graph import Graph
from intercoop.exchange.valueflows.jsonld import to_jsonld
from intercoop.exchange.valueflows.model import (
    Agent,
    EconomicEvent,
    EconomicResource,
    Measure,
    Process,
    ResourceSpecification,
)
from intercoop.exchange.valueflows.trace import trace, track

BASE = "https://bench.example/"
START = datetime(2026, 1, 1, tzinfo=UTC)


def build_records(chains: int, stages: int) -> dict[str, list]:
    kg = lambda n: Measure(Decimal(n), "kilogram")  # noqa: E731
    hours = lambda n: Measure(Decimal(n), "hour")  # noqa: E731
    agents = [Agent(f"{BASE}coop/{s}", f"Co-op {s}") for s in range(stages + 1)]
    specs = [
        ResourceSpecification(f"{BASE}spec/{s}", f"Product of stage {s}") for s in range(stages)
    ]
    specs.append(ResourceSpecification(f"{BASE}spec/ingredient", "Ingredient"))
    resources: list[EconomicResource] = []
    processes: list[Process] = []
    events: list[EconomicEvent] = []
    for c in range(chains):
        bought = None
        for s in range(stages):
            p = f"{BASE}{c}/{s}/"
            coop, buyer = f"{BASE}coop/{s}", f"{BASE}coop/{s + 1}"
            t = START + timedelta(days=c % 300, hours=s * 3)
            tool, ingredient = p + "tool", p + "ingredient"
            product, sold = p + "product", p + "sold"
            resources += [
                EconomicResource(tool, name="Tool"),
                EconomicResource(ingredient, f"{BASE}spec/ingredient"),
                EconomicResource(product, f"{BASE}spec/{s}", tracking_identifier=f"L{c}-{s}"),
                EconomicResource(sold, f"{BASE}spec/{s}", primary_accountable=buyer),
            ]
            processes += [Process(p + "harvest", "Harvest"), Process(p + "make", f"Stage {s}")]
            events += [
                EconomicEvent(p + "harvest-work", "work", coop, coop, effort_quantity=hours(2),
                              input_of=p + "harvest", has_point_in_time=t),
                EconomicEvent(p + "harvest-out", "produce", coop, coop, ingredient,
                              resource_quantity=kg(10), output_of=p + "harvest",
                              has_point_in_time=t + timedelta(minutes=30)),
                EconomicEvent(p + "use-tool", "use", coop, coop, tool, effort_quantity=hours(1),
                              input_of=p + "make", has_point_in_time=t + timedelta(hours=1)),
                EconomicEvent(p + "consume-ingredient", "consume", coop, coop, ingredient,
                              resource_quantity=kg(5), input_of=p + "make",
                              has_point_in_time=t + timedelta(hours=1)),
                EconomicEvent(p + "work", "work", coop, coop, effort_quantity=hours(3),
                              input_of=p + "make", has_point_in_time=t + timedelta(hours=1)),
                EconomicEvent(p + "make-out", "produce", coop, coop, product,
                              resource_quantity=kg(20), output_of=p + "make",
                              has_point_in_time=t + timedelta(hours=2)),
                EconomicEvent(p + "sell", "transfer", coop, buyer, product, sold,
                              resource_quantity=kg(20),
                              has_point_in_time=t + timedelta(hours=2, minutes=30)),
            ]  # fmt: skip
            if bought is not None:
                events.append(
                    EconomicEvent(p + "consume-bought", "consume", coop, coop, bought,
                                  resource_quantity=kg(20), input_of=p + "make",
                                  has_point_in_time=t + timedelta(hours=1))
                )  # fmt: skip
            bought = sold
    return {"agents": agents, "specifications": specs, "resources": resources,
            "processes": processes, "events": events}  # fmt: skip


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chains", type=int, default=500)
    parser.add_argument("--stages", type=int, default=20)
    parser.add_argument("--depth", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    records = build_records(args.chains, args.stages)
    t0 = time.perf_counter()
    graph = Graph(**records)
    build_s = time.perf_counter() - t0
    chain = args.chains // 2
    last = f"{BASE}{chain}/{args.stages - 1}/sold"
    first = f"{BASE}{chain}/0/product"

    steps = trace(graph, last, args.depth)
    tracked = track(graph, first, args.depth)
    reached = [s.id for s in steps]
    figures = {
        "python": platform.python_version(),
        "chains": args.chains,
        "stages": args.stages,
        "events": len(graph.events),
        "processes": len(graph.processes),
        "resources": len(graph.resources),
        "depth": args.depth,
        "build_graph_s": round(build_s, 3),
        "trace_items": len(steps),
        "trace_deepest": max(s.depth for s in steps),
        "trace_ms": round(median_ms(lambda: trace(graph, last, args.depth), args.repeat), 3),
        "track_items": len(tracked),
        "track_deepest": max(s.depth for s in tracked),
        "track_ms": round(median_ms(lambda: track(graph, first, args.depth), args.repeat), 3),
        "export_trace_jsonld_ms": round(
            median_ms(lambda: json.dumps(to_jsonld(graph, only=reached)), args.repeat), 3
        ),
    }
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Closing an order cycle: 10,000 offers from 200 suppliers, 2,000 member orders of about 15 lines.

The book is synthetic with a fixed seed: offers sold by the unit or in cases of 6, 10, 12 or 24,
half of them with one to three price tiers; members in 20 hubs; which offers a member orders is
skewed (a few offers are popular, most are not), so some offers fill cases, some reach tiers,
some drop their last case; a third of the lines offer tolerance; four fees (coordinator rate,
supplier per item, distributor per order, supplier per order). Generating the book is not
timed; ``close_cycle`` is, ``--runs`` times, and the median wall-clock and CPU times are
reported with the load average (on a busy machine the CPU time is the fairer figure).
Figures belong in docs/benchmarks.md with the command line. The target is under 2 s.

    .venv/bin/python bench/exchange_close.py
    .venv/bin/python bench/exchange_close.py --offers 10000 --suppliers 200 --orders 2000 --runs 7
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intercoop.exchange.closing import (
    Cycle,
    Fee,
    FeeBasis,
    FeeRole,
    MemberOrder,
    Offer,
    OrderLine,
    PriceTier,
    close_cycle,
)

START = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
CASE_SIZES = (1, 1, 6, 10, 12, 24)
HUBS = 20


def make_book(
    offers: int, suppliers: int, orders: int, lines: int, seed: int
) -> tuple[Cycle, list[Offer], list[MemberOrder]]:
    rng = random.Random(seed)  # noqa: S311 - a reproducible synthetic book, not secrets
    cycle = Cycle(
        currency="EUR",
        coordinator_id="coordinator",
        fees=(
            Fee("coordination", FeeRole.COORDINATOR, FeeBasis.PER_ITEM, rate_bp=300),
            Fee("packing", FeeRole.SUPPLIER, FeeBasis.PER_ITEM, amount=5),
            Fee("hub", FeeRole.DISTRIBUTOR, FeeBasis.PER_ORDER, amount=150, rate_bp=200),
            Fee("delivery", FeeRole.SUPPLIER, FeeBasis.PER_ORDER, amount=50),
        ),
    )
    catalogue = []
    for index in range(offers):
        price = rng.randint(50, 5_000)
        tiers: list[PriceTier] = []
        if rng.random() < 0.5:
            threshold = 0
            for _ in range(rng.randint(1, 3)):
                threshold += rng.randint(1, 3)
                price_here = (tiers[-1].unit_price if tiers else price) * 95 // 100
                tiers.append(PriceTier(min_cases=threshold, unit_price=price_here))
        catalogue.append(
            Offer(
                offer_id=f"offer-{index:05d}",
                supplier_id=f"supplier-{index % suppliers:03d}",
                unit_price=price,
                case_size=rng.choice(CASE_SIZES),
                tiers=tuple(tiers),
            )
        )
    # Popularity: a Zipf-like weight, shuffled so popular offers are spread over suppliers.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(offers)]
    rng.shuffle(weights)
    book = []
    for member in range(orders):
        count = max(1, min(offers, round(rng.gauss(lines, 3))))
        chosen: dict[str, Offer] = {}
        while len(chosen) < count:
            for offer in rng.choices(catalogue, weights=weights, k=count - len(chosen)):
                chosen[offer.offer_id] = offer
        order_lines = tuple(
            OrderLine(
                offer_id=offer.offer_id,
                quantity=rng.randint(1, max(2, offer.case_size)),
                tolerance=rng.randint(1, offer.case_size) if rng.random() < 0.33 else 0,
                seen_unit_price=offer.unit_price,
                placed_at=START + timedelta(seconds=rng.randint(0, 7 * 86_400)),
            )
            for offer in chosen.values()
        )
        book.append(MemberOrder(f"member-{member:05d}", f"hub-{member % HUBS:02d}", order_lines))
    return cycle, catalogue, book


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--suppliers", type=int, default=200)
    parser.add_argument("--orders", type=int, default=2_000)
    parser.add_argument("--lines", type=int, default=15, help="mean lines per order")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()

    cycle, catalogue, book = make_book(
        args.offers, args.suppliers, args.orders, args.lines, args.seed
    )
    total_lines = sum(len(order.lines) for order in book)
    print(
        f"book: {len(catalogue):,} offers, {args.suppliers} suppliers, {len(book):,} orders, "
        f"{total_lines:,} lines, {HUBS} hubs, {len(cycle.fees)} fees"
    )
    print(f"python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}")

    timings = []
    cpu = []
    closing = None
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = close_cycle(cycle, catalogue, book)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        if closing is not None and result != closing:
            sys.exit("two closings of the same book differ")
        closing = result
    if closing is None:
        sys.exit("--runs must be at least 1")
    outcomes = Counter(result.outcome.value for result in closing.offers)
    tiers = sum(1 for result in closing.offers if result.tier_min_cases)
    print(
        "offers: "
        + ", ".join(f"{count:,} {name}" for name, count in sorted(outcomes.items()))
        + f"; {tiers:,} reached a tier"
    )
    print(f"invoiced {closing.invoiced / 100:,.2f} EUR, every run identical")
    print(
        f"close_cycle: median {statistics.median(timings):.3f} s, min {min(timings):.3f} s, "
        f"max {max(timings):.3f} s over {args.runs} runs; "
        f"CPU median {statistics.median(cpu):.3f} s "
        f"(load average after {os.getloadavg()[0]:.2f})"
    )


if __name__ == "__main__":
    main()

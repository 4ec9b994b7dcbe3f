"""Loads the synthetic order cycle of ``bench/exchange_close.py`` into an Intercoop database, for
``bench/exchange_cycle.py``. Run in the environment of the platform under test (its
INTERCOOP_DATA_DIR and DATABASE_URL): ``python bench/_exchange_cycle_load.py --offers 10000 ...``.

Prints one line of JSON: the cycle's uuid, a signed-in member's session cookie, the page filters
to try (supplier ids, words) and the row counts.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intercoop.settings")

import django  # noqa: E402 -- after the path and settings above

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from exchange_close import make_book  # noqa: E402

from intercoop.accounts.models import User  # noqa: E402
from intercoop.exchange.models import (  # noqa: E402
    CycleFee,
    CycleHub,
    CycleOffer,
    CycleSupplier,
    Listing,
    MemberOrder,
    OrderCycle,
    OrderLine,
    PriceTier,
)
from intercoop.organizations.models import Organization, Role  # noqa: E402

WORDS = ("apples", "flour", "honey", "lentils", "cheese", "oats", "cider", "soap", "rice", "tea")
CATEGORIES = [Listing.Category.FOOD, Listing.Category.FARMING, Listing.Category.PACKAGING]
BATCH = 2_000


def load(offers: int, suppliers: int, orders: int, lines: int, seed: int) -> dict[str, object]:
    core_cycle, core_offers, book = make_book(offers, suppliers, orders, lines, seed)
    now = timezone.now()
    hub_ids = sorted({order.hub_id for order in book})
    orgs = [Organization(slug="bench-coordinator", name="Bench coordinator")]
    orgs += [Organization(slug=f"bench-{s}", name=f"Supplier {s}") for s in range(suppliers)]
    orgs += [Organization(slug=f"bench-{h}", name=f"Buying group {h}") for h in hub_ids]
    Organization.objects.bulk_create(orgs, batch_size=BATCH)
    by_slug = {o.slug: o for o in Organization.objects.filter(slug__startswith="bench-")}
    cycle = OrderCycle.objects.create(
        coordinator=by_slug["bench-coordinator"],
        name="Bench cycle",
        currency=core_cycle.currency,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    cycle_suppliers = CycleSupplier.objects.bulk_create(
        [CycleSupplier(cycle=cycle, supplier=by_slug[f"bench-{s}"]) for s in range(suppliers)]
    )
    supplier_row = {f"supplier-{s:03d}": cycle_suppliers[s] for s in range(suppliers)}
    hubs = CycleHub.objects.bulk_create(
        [CycleHub(cycle=cycle, hub=by_slug[f"bench-{h}"]) for h in hub_ids]
    )
    hub_row = dict(zip(hub_ids, hubs, strict=True))
    rows = [
        CycleOffer(
            cycle=cycle,
            supplier=supplier_row[o.supplier_id],
            name=f"{WORDS[i % len(WORDS)]} {o.offer_id}",
            unit="kg",
            quantity=1,
            unit_price=o.unit_price,
            case_size=o.case_size,
            category=CATEGORIES[i % len(CATEGORIES)],
        )
        for i, o in enumerate(core_offers)
    ]
    CycleOffer.objects.bulk_create(rows, batch_size=BATCH)
    offer_row = {o.offer_id: row for o, row in zip(core_offers, rows, strict=True)}
    PriceTier.objects.bulk_create(
        [
            PriceTier(offer=offer_row[o.offer_id], min_cases=t.min_cases, unit_price=t.unit_price)
            for o in core_offers
            for t in o.tiers
        ],
        batch_size=BATCH,
    )
    CycleFee.objects.bulk_create(
        [
            CycleFee(
                cycle=cycle,
                name=fee.fee_id,
                role=fee.role.value,
                basis=fee.basis.value,
                amount=fee.amount,
                rate_bp=fee.rate_bp,
            )
            for fee in core_cycle.fees
        ]
    )
    users = User.objects.bulk_create(
        [User(email=f"{o.member_id}@bench.example", name=o.member_id) for o in book],
        batch_size=BATCH,
    )
    for user in users:
        user.set_unusable_password()
    Role.objects.bulk_create(
        [
            Role(organization=hub_row[o.hub_id].hub, user=user, role=Role.Name.MEMBER)
            for o, user in zip(book, users, strict=True)
        ],
        batch_size=BATCH,
    )
    member_orders = MemberOrder.objects.bulk_create(
        [
            MemberOrder(cycle=cycle, hub=hub_row[o.hub_id], member=user)
            for o, user in zip(book, users, strict=True)
        ],
        batch_size=BATCH,
    )
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=member_order,
                offer=offer_row[line.offer_id],
                quantity=line.quantity,
                tolerance=line.tolerance,
                seen_unit_price=line.seen_unit_price,
                placed_at=line.placed_at,
            )
            for o, member_order in zip(book, member_orders, strict=True)
            for line in o.lines
        ],
        batch_size=BATCH,
    )
    return {
        "cycle": str(cycle.uuid),
        "cycle_id": cycle.pk,
        "member_id": users[0].pk,
        "supplier_ids": [cycle_suppliers[s].pk for s in range(0, suppliers, 37)],
        "words": list(WORDS[:4]),
        "categories": [str(c) for c in CATEGORIES],
        "offers": len(rows),
        "orders": len(member_orders),
        "lines": sum(len(o.lines) for o in book),
    }


def session_cookie(user_id: int) -> str:
    """A signed-in session for the member, as logging in makes one."""
    from importlib import import_module

    user = User.objects.get(pk=user_id)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def close(cycle_id: int) -> dict[str, object]:
    """Close the cycle (moved past its closing time first), timed; then close it again."""
    import time

    from intercoop.exchange.closing import codec
    from intercoop.exchange.selectors import closing as closing_selectors
    from intercoop.exchange.services import closing as closing_services

    OrderCycle.objects.filter(pk=cycle_id).update(closes_at=timezone.now() - timedelta(seconds=1))
    cycle = OrderCycle.objects.get(pk=cycle_id)
    started, started_cpu = time.perf_counter(), time.process_time()
    first = closing_services.cycle_close(cycle=cycle)
    first_s, first_cpu_s = time.perf_counter() - started, time.process_time() - started_cpu
    cycle = OrderCycle.objects.get(pk=cycle_id)
    started = time.perf_counter()
    again = closing_services.cycle_close(cycle=cycle)
    again_s = time.perf_counter() - started
    # What a page of the closing (a member's invoice, the summary) starts with: the stored
    # result read from the database and decoded into the closing core's ``Closing``.
    started = time.perf_counter()
    stored = closing_selectors.stored_closing(cycle)
    assert stored is not None  # noqa: S101 -- closed just above
    result = closing_selectors.closing_result(stored)
    read_s = time.perf_counter() - started
    return {
        "first_s": first_s,
        "first_cpu_s": first_cpu_s,
        "again_s": again_s,
        "read_s": read_s,
        "same": first.digest == again.digest == codec.digest(result),
        "invoices": len(result.invoices),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--suppliers", type=int, default=200)
    parser.add_argument("--orders", type=int, default=2_000)
    parser.add_argument("--lines", type=int, default=15)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--close", type=int, metavar="CYCLE_ID", help="close this cycle, timed")
    args = parser.parse_args()
    if args.close:
        print("CLOSED " + json.dumps(close(args.close)))
        return
    with transaction.atomic():
        loaded = load(args.offers, args.suppliers, args.orders, args.lines, args.seed)
    loaded["cookie"] = session_cookie(int(str(loaded["member_id"])))
    print("LOADED " + json.dumps(loaded))


if __name__ == "__main__":
    main()

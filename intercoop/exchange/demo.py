"""The exchange's part of the demo (``intercoop demo``): three supplier organizations with their
catalogues, a group purchase that closed, with its invoices, its deliveries recorded and a traced
flour whose co-op share shows, and a group purchase open for orders.

- **Suppliers**: a farm co-op and a mill co-op (co-operatives of the directory) and a packaging
  wholesaler that is not a co-op, each with an administrator and a CSV catalogue.
- **The coordinator** is the demo's federation; **the buying groups** are Riverside Food Co-op
  (Alice, Bob) and Cooperativa La Minga (Carmen).
- **November's cycle** closed: Alice and Bob's orders reached the oats' price tier and Bob's
  tolerance filled a case of flour. The farm grew wheat and sold it to the mill, the mill milled
  it into flour packed in the wholesaler's bags, and delivered the flour of the cycle: the
  flour's trace and co-op share show that chain.
- **December's cycle** is open: Bob has ordered, the oats are one case from their tier.

Loading it twice changes nothing: what exists is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import TextIO

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.exchange.models import (
    CycleOffer,
    CycleSupplier,
    EconomicResource,
    OrderCycle,
    Product,
)
from intercoop.exchange.services import catalogues as catalogue_services
from intercoop.exchange.services import closing as closing_services
from intercoop.exchange.services import cycles as cycle_services
from intercoop.exchange.services import orders as order_services
from intercoop.exchange.services import trace as trace_services
from intercoop.organizations.models import Organization, Role

FARM = "ferme-cooperative-du-rang-double"
MILL = "moulin-cooperatif-de-la-batiscan"
WHOLESALER = "emballages-laurentides"

SUPPLIERS = [
    {
        "slug": FARM,
        "name": "Ferme coopérative du Rang double",
        "kind": Organization.Kind.COOP,
        "description": "Ferme céréalière biologique détenue par ses travailleuses et "
        "travailleurs : blé, avoine, légumineuses.",
        "description_language": "fr",
        "locality": "Saint-Narcisse",
        "region": "Québec",
        "country": "CA",
        "latitude": 46.5610,
        "longitude": -72.4590,
    },
    {
        "slug": MILL,
        "name": "Moulin coopératif de la Batiscan",
        "kind": Organization.Kind.COOP,
        "description": "Meunerie coopérative : farines sur meule de pierre de grains d'ici.",
        "description_language": "fr",
        "locality": "Sainte-Geneviève-de-Batiscan",
        "region": "Québec",
        "country": "CA",
        "latitude": 46.5360,
        "longitude": -72.3320,
    },
    {
        "slug": WHOLESALER,
        "name": "Emballages Laurentides inc.",
        "kind": Organization.Kind.ALLY,
        "ally_category": Organization.AllyCategory.SERVING_COOPS,
        "description": "Grossiste en emballages alimentaires compostables.",
        "description_language": "fr",
        "locality": "Trois-Rivières",
        "region": "Québec",
        "country": "CA",
        "latitude": 46.3430,
        "longitude": -72.5430,
    },
]
ADMINS = [
    ("gabriel@demo.intercoop.coop", "Gabriel Lavoie", "fr", FARM),
    ("helene@demo.intercoop.coop", "Hélène Bergeron", "fr", MILL),
    ("ivan@demo.intercoop.coop", "Ivan Petrov", "en", WHOLESALER),
]
# sku, name, description, unit, quantity, case size, price, currency, VAT (bp), available
CATALOGUES = {
    FARM: [
        (
            "WHEAT-25",
            "Blé dur biologique, sac de 25 kg",
            "",
            "kg",
            "25",
            "1",
            "32.00",
            "CAD",
            "",
            "",
        ),
        ("OATS-1", "Flocons d'avoine, 1 kg", "", "kg", "1", "6", "4.20", "CAD", "", ""),
        ("LENT-1", "Lentilles vertes, 1 kg", "", "kg", "1", "10", "5.10", "CAD", "", ""),
    ],
    MILL: [
        (
            "FLOUR-2",
            "Farine de blé entier, 2 kg",
            "Moulue sur pierre.",
            "kg",
            "2",
            "6",
            "7.80",
            "CAD",
            "",
            "",
        ),
        ("FLOUR-10", "Farine tout usage, 10 kg", "", "kg", "10", "1", "29.00", "CAD", "", ""),
    ],
    WHOLESALER: [
        ("BAG-2", "Sac kraft compostable, 2 kg", "", "piece", "1", "100", "0.18", "CAD", "15", ""),
        ("JAR-1", "Bocal en verre consigné, 1 l", "", "piece", "1", "12", "1.40", "CAD", "15", ""),
    ],
}
HUBS = ["riverside-food-coop", "cooperativa-la-minga"]
NOVEMBER = "Commande groupée de novembre"
DECEMBER = "Commande groupée de décembre"


def _csv(rows: Sequence[tuple[str, ...]]) -> bytes:
    header = "sku,name,description,unit,quantity,case_size,price,currency,vat_rate,available"
    lines = [header] + [",".join(f'"{cell}"' for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def _suppliers(password: str) -> dict[str, tuple[Organization, User]]:
    found = {}
    for data in SUPPLIERS:
        org, _ = Organization.objects.update_or_create(slug=data["slug"], defaults=data)
        found[org.slug] = org
    admins = {}
    for email, name, language, slug in ADMINS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, password, name=name, language=language)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Role.objects.update_or_create(
            organization=found[slug], user=user, defaults={"role": Role.Name.ADMIN}
        )
        admins[slug] = (found[slug], user)
    for slug, rows in CATALOGUES.items():
        org, admin = admins[slug]
        if not Product.objects.filter(supplier=org).exists():
            catalogue_services.catalogue_import_csv(supplier=org, content=_csv(rows), by=admin)
    return admins


def _cycle(
    name: str,
    *,
    coordinator: Organization,
    by: User,
    suppliers: dict[str, tuple[Organization, User]],
    opens_in: timedelta,
    closes_in: timedelta,
) -> OrderCycle:
    now = timezone.now()
    cycle = cycle_services.cycle_create(
        coordinator=coordinator,
        by=by,
        name=name,
        currency="CAD",
        opens_at=now + opens_in,
        closes_at=now + closes_in,
        description="Achat groupé de produits de nos coopératives pour les épiceries membres.",
    )
    for org, _admin in suppliers.values():
        cycle_services.cycle_supplier_add(cycle=cycle, supplier=org, by=by)
    for slug in HUBS:
        hub = Organization.objects.get(slug=slug)
        cycle_services.cycle_hub_add(cycle=cycle, hub=hub, by=by)
    cycle_services.cycle_fee_add(
        cycle=cycle, by=by, name="Coordination", role="coordinator", basis="per_item", rate_bp=300
    )
    cycle_services.cycle_fee_add(
        cycle=cycle, by=by, name="Livraison", role="distributor", basis="per_order", amount=250
    )
    for org, admin in suppliers.values():
        row = CycleSupplier.objects.get(cycle=cycle, supplier=org)
        cycle_services.cycle_offers_add(cycle_supplier=row, by=admin)
    oats = CycleOffer.objects.get(cycle=cycle, product__sku="OATS-1")
    # "From 3 cases of 6, 3.80 a kilo."
    cycle_services.cycle_offer_update(
        offer=oats,
        by=suppliers[FARM][1],
        unit_price=oats.unit_price,
        case_size=oats.case_size,
        tiers=[(3, 380)],
    )
    return cycle


def _order(cycle: OrderCycle, email: str, lines: dict[str, tuple[int, int]]) -> None:
    member = User.objects.get(email=email)
    offers = {o.product.sku: o for o in CycleOffer.objects.filter(cycle=cycle) if o.product}
    order_services.order_save(
        cycle=cycle,
        member=member,
        lines=[
            order_services.LineInput(offer_id=offers[sku].pk, quantity=q, tolerance=t)
            for sku, (q, t) in lines.items()
        ],
    )


def _trace(cycle: OrderCycle, suppliers: dict[str, tuple[Organization, User]]) -> None:
    """The farm grows wheat and sells it to the mill; the mill mills it into flour, bagged in the
    wholesaler's bags, and delivers the cycle's flour to the buying groups."""
    farm, gabriel = suppliers[FARM]
    mill, helene = suppliers[MILL]
    packer, ivan = suppliers[WHOLESALER]
    kg, units = "kilogram", "one"
    field = trace_services.resource_create(
        organization=farm,
        by=gabriel,
        new=trace_services.NewResource(name="Champ du rang double, parcelle 4", unit=units),
        quantity=Decimal(1),
    )
    harvest = trace_services.process_record(
        organization=farm,
        by=gabriel,
        name="Récolte de blé 2026",
        inputs=[trace_services.ProcessInput(action="use", resource=field, quantity=Decimal(30))],
        outputs=[
            trace_services.ProcessOutput(
                action="produce",
                quantity=Decimal(2000),
                new=trace_services.NewResource(
                    name="Blé dur biologique", unit=kg, tracking_identifier="BLE-2026-04"
                ),
            )
        ],
    )
    wheat = harvest.outputs.get().resource_inventoried_as
    assert wheat is not None  # noqa: S101 - produced just above
    sale = trace_services.event_record(
        organization=farm,
        by=gabriel,
        action="transfer",
        resource=wheat,
        quantity=Decimal(600),
        receiver=mill,
        value=76_800,
        currency="CAD",
        note="Vente de blé au moulin",
    )
    wheat_at_mill = sale.to_resource_inventoried_as
    bags = trace_services.resource_create(
        organization=packer,
        by=ivan,
        new=trace_services.NewResource(
            name="Sacs kraft 2 kg", unit=units, tracking_identifier="SK-88"
        ),
        quantity=Decimal(1000),
    )
    bag_sale = trace_services.event_record(
        organization=packer,
        by=ivan,
        action="transfer",
        resource=bags,
        quantity=Decimal(300),
        receiver=mill,
        value=5_400,
        currency="CAD",
    )
    bags_at_mill = bag_sale.to_resource_inventoried_as
    flour_product = Product.objects.get(supplier=mill, sku="FLOUR-2")
    milling = trace_services.process_record(
        organization=mill,
        by=helene,
        name="Mouture et ensachage, lot 2026-11",
        inputs=[
            trace_services.ProcessInput(
                action="consume", resource=wheat_at_mill, quantity=Decimal(600)
            ),
            trace_services.ProcessInput(
                action="consume", resource=bags_at_mill, quantity=Decimal(250)
            ),
            trace_services.ProcessInput(action="work", resource=None, quantity=Decimal(16)),
        ],
        outputs=[
            trace_services.ProcessOutput(
                action="produce",
                quantity=Decimal(250),
                new=trace_services.NewResource(
                    name="Farine de blé entier, 2 kg",
                    unit=units,
                    tracking_identifier="FARINE-2026-11",
                    conforms_to=flour_product,
                ),
            )
        ],
    )
    flour = milling.outputs.get().resource_inventoried_as
    assert flour is not None  # noqa: S101 - produced just above
    flour_offer = CycleOffer.objects.get(cycle=cycle, product=flour_product)
    trace_services.cycle_deliveries_record(
        cycle=cycle, supplier=mill, by=helene, resources={flour_offer.pk: flour}
    )


def load_exchange_demo(
    *, coordinator_slug: str, coordinator_email: str, password: str, stdout: TextIO
) -> None:
    coordinator = Organization.objects.get(slug=coordinator_slug)
    dominique = User.objects.get(email=coordinator_email)
    suppliers = _suppliers(password)
    cycles = OrderCycle.objects.filter(coordinator=coordinator)
    if not cycles.filter(name=NOVEMBER).exists():
        with transaction.atomic():
            november = _cycle(
                NOVEMBER,
                coordinator=coordinator,
                by=dominique,
                suppliers=suppliers,
                opens_in=-timedelta(days=20),
                closes_in=timedelta(hours=1),
            )
            # Oats: 12 + 6 = 18 kilos, 3 cases of 6: the tier is reached. Flour: 4 + 1 = 5
            # bags of a case of 6; Bob accepts 2 more, so his tolerance fills the case.
            _order(november, "alice@demo.intercoop.coop", {"OATS-1": (12, 0), "FLOUR-2": (4, 0)})
            _order(november, "bob@demo.intercoop.coop", {"OATS-1": (6, 0), "FLOUR-2": (1, 2)})
            _order(november, "carmen@demo.intercoop.coop", {"LENT-1": (10, 0)})
            # The closing time comes: the cycle closed a minute ago.
            OrderCycle.objects.filter(pk=november.pk).update(
                closes_at=timezone.now() - timedelta(minutes=1)
            )
            november.refresh_from_db()
            closing_services.cycle_close(cycle=november, by=dominique)
            november.refresh_from_db()
            _trace(november, suppliers)
    if not cycles.filter(name=DECEMBER).exists():
        with transaction.atomic():
            december = _cycle(
                DECEMBER,
                coordinator=coordinator,
                by=dominique,
                suppliers=suppliers,
                opens_in=-timedelta(days=1),
                closes_in=timedelta(days=6),
            )
            _order(december, "bob@demo.intercoop.coop", {"OATS-1": (12, 3), "FLOUR-2": (2, 0)})
    site = settings.PUBLIC_URL.rstrip("/")
    flour = EconomicResource.objects.filter(
        tracking_identifier="FARINE-2026-11", primary_accountable__slug=MILL
    ).first()
    open_cycle = cycles.filter(name=DECEMBER).first()
    stdout.write(
        f"Exchange: three suppliers with their catalogues (Gabriel, Hélène and Ivan administer "
        f"them). '{NOVEMBER}' closed, with invoices and packing lists; its flour's trace and "
        f"co-op share: {site}{reverse('exchange:resource', args=[flour.uuid]) if flour else ''}"
        f" . '{DECEMBER}' is open: Bob and Alice order at "
        f"{site}{reverse('exchange:cycle_buy', args=[open_cycle.uuid]) if open_cycle else ''} .\n"
    )

"""Offers and needs that organizations publish, the matches between them, and suppliers'
catalogues.

A **listing** is an offer (a product, a service, a surplus or a by-product for circular reuse)
or a need, with a category, a quantity, a place and a validity. Each publishes a Murmurations
``offers_wants_schema-v0.1.0`` profile at its stable address (its ``uuid``). Needs are matched
to offers (``Match``) by category, distance and quantity; the people concerned are told.

A **product** is one item of a supplier's catalogue (``dfc.catalogue.Product`` is the pure
form, read from and written to CSV and DFC): its ``sku`` is its key, so a re-import updates
it rather than adding a duplicate. Money is in integer minor units of an ISO 4217 currency.

An **order cycle** gathers suppliers' offers (``CycleOffer``, with price tiers) for buying
groups (``CycleHub``); members order (``MemberOrder``, ``OrderLine``) until it closes, and its
closing (``CycleClosing``) is computed once by ``exchange.closing`` and stored.

**Economic resources, processes and events** are the Valueflows records of traceability:
deliveries name the order lines they fulfil.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intercoop.organizations.models import Organization


class Listing(models.Model):
    class Kind(models.TextChoices):
        OFFER = "offer", _("Offer")
        NEED = "need", _("Need")

    class ItemType(models.TextChoices):
        GOOD = "good", _("Good")
        SERVICE = "service", _("Service")

    class Category(models.TextChoices):
        FOOD = "food", _("Food and drink")
        FARMING = "farming", _("Farming inputs")
        ENERGY = "energy", _("Energy")
        BUILDING = "building", _("Building and housing")
        EQUIPMENT = "equipment", _("Equipment and tools")
        TEXTILES = "textiles", _("Textiles")
        PACKAGING = "packaging", _("Packaging")
        SURPLUS = "surplus", _("Surplus and by-products for reuse")
        TRANSPORT = "transport", _("Transport and logistics")
        DIGITAL = "digital", _("Digital and IT")
        CARE = "care", _("Care and health")
        PROFESSIONAL = "professional", _("Professional services")
        OTHER = "other", _("Other")

    class Scope(models.TextChoices):
        # Murmurations' geographic_scope values.
        LOCAL = "local", _("Local: within a city or nearby towns")
        REGIONAL = "regional", _("Regional: within a region")
        NATIONAL = "national", _("National: within a country")
        INTERNATIONAL = "international", _("International")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="listings"
    )
    kind = models.CharField(_("offer or need"), max_length=5, choices=Kind)
    item_type = models.CharField(_("good or service"), max_length=7, choices=ItemType)
    category = models.CharField(_("category"), max_length=16, choices=Category)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    tags = models.CharField(_("tags"), max_length=300, blank=True)
    # How much, in ``unit`` (kg, l, units, hours…); none for "ask us".
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    # Murmurations transaction types, comma-separated: borrow-lend, rent-lease, buy-sell,
    # receive-donate.
    transaction_types = models.CharField(max_length=60, default="buy-sell")
    geographic_scope = models.CharField(
        _("geographic scope"), max_length=13, choices=Scope, default=Scope.REGIONAL
    )
    # Where it is available or wanted: the organization's place unless given; its H3 cell
    # (organizations.places.cell) is what matching measures distance from.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    h3_cell = models.CharField(max_length=15, blank=True, editable=False)
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("offer or need")
        verbose_name_plural = _("offers and needs")
        ordering = ("-created_at", "-pk")
        indexes = [
            models.Index(fields=["kind", "category", "withdrawn_at"], name="listing_matching"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gt=0), name="listing_quantity"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                name="listing_validity",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__gte=-90, latitude__lte=90)
                    & Q(longitude__gte=-180, longitude__lte=180)
                ),
                name="listing_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class Match(models.Model):
    """A need and an offer that may meet: the same category, within reach of each other, and
    the offer's quantity covering the need's (or either unstated)."""

    need = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="offer_matches")
    offer = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="need_matches")
    # Between the two places, from their H3 cells; None when either has no place.
    distance_km = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ("distance_km", "-created_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["need", "offer"], name="match_once"),
        ]

    def __str__(self) -> str:
        return f"{self.need} ↔ {self.offer}"


class Product(models.Model):
    """One product of a supplier's catalogue; ``price`` excludes VAT, in minor units of
    ``currency`` (ISO 4217), for one item of ``quantity`` ``unit``; ``case_size`` items make a
    case. ``quantity`` 0: the source states no quantity for one item (Open Food Network writes
    0 kg for a product sold without a weight). ``stock`` None: unlimited; 0: none available."""

    supplier = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="products")
    sku = models.CharField(_("SKU"), max_length=500)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=40)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=3,
        help_text=_("What one item holds; 0 when the source does not state it."),
    )
    case_size = models.PositiveIntegerField(_("case size"), default=1)
    price = models.BigIntegerField(_("price"))
    currency = models.CharField(_("currency"), max_length=3)
    vat_rate = models.PositiveIntegerField(_("VAT rate (basis points)"), null=True, blank=True)
    stock = models.PositiveIntegerField(_("stock"), null=True, blank=True)
    # Its DFC IRI when it came from, or is known to, a DFC platform.
    dfc_id = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ("supplier", "name", "pk")
        constraints = [
            models.UniqueConstraint(fields=["supplier", "sku"], name="product_sku_once"),
            models.CheckConstraint(condition=Q(case_size__gte=1), name="product_case_size"),
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="product_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"


# --- order cycles ---------------------------------------------------------------------------
# An order cycle gathers suppliers' offers for buying groups (hubs) between two times; the
# members of each hub order, and at the close ``exchange.closing`` allocates cases, sets the
# tier reached, and gives each member's invoice, each supplier's delivery list and each hub's
# packing list. Money is in integer minor units of the cycle's ISO 4217 ``currency``.


class OrderCycle(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    coordinator = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="coordinated_cycles"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Set once, by the close (services), with the stored result (``CycleClosing``).
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("order cycle")
        verbose_name_plural = _("order cycles")
        ordering = ("-opens_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="cycle_times"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CycleSupplier(models.Model):
    """A supplier taking part in a cycle; only its offers are its own to see priced."""

    cycle = models.ForeignKey(OrderCycle, on_delete=models.CASCADE, related_name="suppliers")
    supplier = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("supplier of a cycle")
        verbose_name_plural = _("suppliers of a cycle")
        ordering = ("cycle", "pk")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "supplier"], name="cycle_supplier_once"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.supplier}"


class CycleHub(models.Model):
    """A buying group of a cycle (a hub, a buying club, a co-op): its members order."""

    cycle = models.ForeignKey(OrderCycle, on_delete=models.CASCADE, related_name="hubs")
    hub = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("buying group of a cycle")
        verbose_name_plural = _("buying groups of a cycle")
        ordering = ("cycle", "pk")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "hub"], name="cycle_hub_once"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.hub}"


class CycleOffer(models.Model):
    """A product a supplier offers in a cycle, copied from its catalogue when added, so a later
    catalogue change does not reprice an open cycle. ``unit_price`` excludes VAT, per unit;
    ``case_size`` units make a case (1: sold by the unit)."""

    cycle = models.ForeignKey(OrderCycle, on_delete=models.CASCADE, related_name="offers")
    supplier = models.ForeignKey(CycleSupplier, on_delete=models.CASCADE, related_name="offers")
    product = models.ForeignKey(Product, on_delete=models.SET_NULL, null=True, related_name="+")
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3, default=0)
    unit_price = models.BigIntegerField(_("unit price"))
    case_size = models.PositiveIntegerField(_("case size"), default=1)
    vat_rate = models.PositiveIntegerField(_("VAT rate (basis points)"), null=True, blank=True)
    category = models.CharField(
        _("category"), max_length=16, choices=Listing.Category, default=Listing.Category.FOOD
    )

    class Meta:
        verbose_name = _("offer of a cycle")
        verbose_name_plural = _("offers of a cycle")
        ordering = ("cycle", "name", "pk")
        indexes = [models.Index(fields=["cycle", "name"], name="cycle_offer_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "product"],
                condition=Q(product__isnull=False),
                name="cycle_offer_product_once",
            ),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="cycle_offer_price"),
            models.CheckConstraint(condition=Q(case_size__gte=1), name="cycle_offer_case_size"),
        ]

    def __str__(self) -> str:
        return self.name


class PriceTier(models.Model):
    """ "From ``min_cases`` cases, ``unit_price`` per unit" (for an offer sold by the unit,
    cases are units). Thresholds rise from 1 and prices never rise with them."""

    offer = models.ForeignKey(CycleOffer, on_delete=models.CASCADE, related_name="tiers")
    min_cases = models.PositiveIntegerField(_("from cases"))
    unit_price = models.BigIntegerField(_("unit price"))

    class Meta:
        verbose_name = _("price tier")
        verbose_name_plural = _("price tiers")
        ordering = ("offer", "min_cases")
        constraints = [
            models.UniqueConstraint(fields=["offer", "min_cases"], name="price_tier_once"),
            models.CheckConstraint(condition=Q(min_cases__gte=1), name="price_tier_min_cases"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="price_tier_price"),
        ]

    def __str__(self) -> str:
        return f"{self.offer}: {self.min_cases}+"


class CycleFee(models.Model):
    """A fee of the cycle (``closing.Fee``): paid to the coordinator, the line's supplier or the
    member's hub, per item or per order, a fixed ``amount`` and/or ``rate_bp`` of the goods;
    ``supplier`` / ``hub`` narrow it to one supplier's offers or one hub's members."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        SUPPLIER = "supplier", _("Supplier")
        DISTRIBUTOR = "distributor", _("Distributor")

    class Basis(models.TextChoices):
        PER_ITEM = "per_item", _("Per item")
        PER_ORDER = "per_order", _("Per order")

    cycle = models.ForeignKey(OrderCycle, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("paid to"), max_length=12, choices=Role)
    basis = models.CharField(_("basis"), max_length=9, choices=Basis)
    amount = models.BigIntegerField(_("fixed amount"), default=0)
    rate_bp = models.PositiveIntegerField(_("rate (basis points)"), default=0)
    supplier = models.ForeignKey(
        CycleSupplier, on_delete=models.CASCADE, null=True, blank=True, related_name="fees"
    )
    hub = models.ForeignKey(
        CycleHub, on_delete=models.CASCADE, null=True, blank=True, related_name="fees"
    )

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ("cycle", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="cycle_fee_amount"),
        ]

    def __str__(self) -> str:
        return self.name


class MemberOrder(models.Model):
    """A member's order in a cycle, through one of its buying groups; one per member."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(OrderCycle, on_delete=models.CASCADE, related_name="orders")
    hub = models.ForeignKey(CycleHub, on_delete=models.PROTECT, related_name="orders")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cycle_orders"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member order")
        verbose_name_plural = _("member orders")
        ordering = ("cycle", "pk")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "member"], name="member_order_once"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.member}"


class OrderLine(models.Model):
    """``quantity`` units of an offer, and up to ``tolerance`` more to fill a case.
    ``seen_unit_price`` is the price per unit the buying page showed, computed on the server
    when the quantity was last raised (``placed_at``); nobody pays more at the close."""

    order = models.ForeignKey(MemberOrder, on_delete=models.CASCADE, related_name="lines")
    offer = models.ForeignKey(CycleOffer, on_delete=models.PROTECT, related_name="lines")
    quantity = models.PositiveIntegerField(_("quantity"))
    tolerance = models.PositiveIntegerField(_("tolerance"), default=0)
    seen_unit_price = models.BigIntegerField()
    placed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ("order", "pk")
        indexes = [models.Index(fields=["offer"], name="order_line_offer")]
        constraints = [
            models.UniqueConstraint(fields=["order", "offer"], name="order_line_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity"),
            models.CheckConstraint(condition=Q(seen_unit_price__gte=0), name="order_line_seen"),
        ]

    def __str__(self) -> str:
        return f"{self.order}: {self.quantity} x {self.offer}"


class CycleClosing(models.Model):
    """What closing the cycle gave, stored once: ``result`` is the ``closing.Closing``'s
    canonical JSON text, as ``closing.codec.dumps`` writes it, and ``digest`` the SHA-256 of
    exactly that text, so closing again returns the same and anyone can check the digest."""

    cycle = models.OneToOneField(OrderCycle, on_delete=models.CASCADE, related_name="closing")
    closed_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Text, not a JSON column: stored and read back as written (PostgreSQL's jsonb would parse
    # and reformat megabytes each way), so the digest is that of the stored bytes.
    result = models.TextField()
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("closing of a cycle")
        verbose_name_plural = _("closings of cycles")

    def __str__(self) -> str:
        return f"{self.cycle} ({self.closed_at:%Y-%m-%d})"


# --- traceability (Valueflows) --------------------------------------------------------------
# The records ``exchange.valueflows`` works on, stored: economic resources, processes and the
# economic events between them, with organizations of the directory as agents. An event that
# delivers an order names the order lines it fulfils. Each record's ``uuid`` makes its stable
# IRI; the pure core receives them as ``valueflows.model`` records and walks track and trace.


class EconomicResource(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=300)
    tracking_identifier = models.CharField(_("lot or tracking number"), max_length=200, blank=True)
    # What kind of thing it is: a catalogue product, when it is one.
    conforms_to = models.ForeignKey(
        Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    primary_accountable = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="economic_resources"
    )
    # Kept up to date by the events that change it (valueflows.effects); unit as OM 2 names it.
    accounting_quantity = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    onhand_quantity = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    unit = models.CharField(_("unit"), max_length=40)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("economic resource")
        verbose_name_plural = _("economic resources")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return self.name


class EconomicProcess(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=300)
    # Whose process it is (who transforms): the organization that records it.
    in_scope_of = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="economic_processes"
    )
    has_beginning = models.DateTimeField(null=True, blank=True)
    has_end = models.DateTimeField(null=True, blank=True)
    finished = models.BooleanField(default=False)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return self.name


class EconomicEvent(models.Model):
    """An observed flow (``valueflows.model.EconomicEvent``); ``action`` is one of the 19
    Valueflows actions (``valueflows.actions``). Recorded once, never edited: a mistake is
    corrected by a later event that ``corrects`` it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action = models.CharField(_("action"), max_length=20)
    provider = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receiver = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resource_inventoried_as = models.ForeignKey(
        EconomicResource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    to_resource_inventoried_as = models.ForeignKey(
        EconomicResource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_events",
    )
    resource_quantity = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    input_of = models.ForeignKey(
        EconomicProcess, on_delete=models.PROTECT, null=True, blank=True, related_name="inputs"
    )
    output_of = models.ForeignKey(
        EconomicProcess, on_delete=models.PROTECT, null=True, blank=True, related_name="outputs"
    )
    has_point_in_time = models.DateTimeField(default=timezone.now)
    # The order lines of a cycle this event delivers (Valueflows ``fulfills``), and so the
    # orders it realizes.
    fulfills = models.ManyToManyField(OrderLine, blank=True, related_name="fulfilled_by")
    # The value the event moved, in minor units of ``currency``, for the co-op share.
    value = models.BigIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("economic event")
        verbose_name_plural = _("economic events")
        ordering = ("has_point_in_time", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(resource_quantity__isnull=True) | Q(resource_quantity__gte=0),
                name="economic_event_quantity",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="economic_event_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.uuid}"

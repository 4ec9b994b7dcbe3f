"""Offers and needs that organizations publish, the matches between them, and suppliers'
catalogues.

A **listing** is an offer (a product, a service, a surplus or a by-product for circular reuse)
or a need, with a category, a quantity, a place and a validity. Each publishes a Murmurations
``offers_wants_schema-v0.1.0`` profile at its stable address (its ``uuid``). Needs are matched
to offers (``Match``) by category, distance and quantity; the people concerned are told.

A **product** is one item of a supplier's catalogue (``dfc.catalogue.Product`` is the pure
form, read from and written to CSV and DFC): its ``sku`` is its key, so a re-import updates
it rather than adding a duplicate. Money is in integer minor units of an ISO 4217 currency.
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

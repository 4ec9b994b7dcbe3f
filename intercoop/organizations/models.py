from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intercoop.organizations import places

# The fields that follow from the coordinates (see place_cells).
PLACE_CELL_FIELDS = ("h3_cell", "geo_cells", "place_key")


class Organization(models.Model):
    """A co-operative, or an ally of co-operatives (a federation, a school, a public body…)."""

    class Kind(models.TextChoices):
        COOP = "coop", _("Co-operative")
        ALLY = "ally", _("Ally")

    class AllyCategory(models.TextChoices):
        # The .coop categories for organisations that are not co-ops themselves, then others.
        ASSOCIATION_OF_COOPS = "association_of_coops", _("Association of co-operatives")
        COOP_CONTROLLED = "coop_controlled", _("Controlled by co-operatives")
        SERVING_COOPS = "serving_coops", _("Serving co-operatives")
        NONPROFIT = "nonprofit", _("Non-profit organisation")
        SCHOOL = "school", _("School or university")
        UNION = "union", _("Trade union")
        PUBLIC_BODY = "public_body", _("Public body")

    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")
        DISSOLVED = "dissolved", _("Dissolved")

    class Scope(models.TextChoices):
        LOCAL = "local", _("Local")
        REGIONAL = "regional", _("Regional")
        NATIONAL = "national", _("National")
        INTERNATIONAL = "international", _("International")

    name = models.CharField(_("name"), max_length=200)
    nickname = models.CharField(_("nickname"), max_length=100, blank=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.COOP)
    ally_category = models.CharField(
        _("ally category"), max_length=32, choices=AllyCategory.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    description_language = models.CharField(
        _("language of the description"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    mission = models.TextField(
        _("mission"), blank=True, help_text=_("What the organization is for, in a sentence or two.")
    )
    mission_language = models.CharField(
        _("language of the mission"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)

    # Legal identity
    legal_name = models.CharField(_("legal name"), max_length=300, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=100, blank=True, help_text=_("As registered, e.g. Society.")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.ACTIVE)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    # Classification: codes of the ESSGlobal vocabularies (see organizations.vocabularies)
    structure = models.CharField(_("organisational structure"), max_length=16, blank=True)
    activity = models.CharField(_("economic activity"), max_length=16, blank=True)
    membership_type = models.CharField(_("membership type"), max_length=16, blank=True)

    # Place
    street_address = models.TextField(_("street address"), blank=True)
    locality = models.CharField(_("town or city"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=32, blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 code, e.g. GB.")
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    geographic_scope = models.CharField(
        _("geographic scope"), max_length=16, choices=Scope, blank=True
    )
    # H3 cells of latitude/longitude (see organizations.places), kept by save() and by the
    # importers: the cell at resolution 9 (the map groups organizations by its parents) and the
    # search tokens of its parents, which the full-text index holds beside the words.
    h3_cell = models.CharField(max_length=15, blank=True, editable=False)
    geo_cells = models.CharField(max_length=120, blank=True, editable=False)
    # The place key (places.place_key; None without a place): where SQLite's search index
    # files the organization, so that the organizations of one area are stored together.
    place_key = models.BigIntegerField(null=True, blank=True, editable=False)

    # Provenance: where the record comes from, under which licence
    source = models.CharField(
        _("source"), max_length=50, blank=True, help_text=_("Empty when entered on Intercoop.")
    )
    source_id = models.CharField(_("identifier at the source"), max_length=100, blank=True)
    source_licence = models.CharField(_("licence"), max_length=100, blank=True)
    source_attribution = models.CharField(_("attribution"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Every change, by whom and when. A version's own date says when, so updated_at is left
    # out; the cells and the place key follow from the coordinates.
    history = HistoricalRecords(excluded_fields=["updated_at", *PLACE_CELL_FIELDS])

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ("name",)
        indexes = [
            models.Index(fields=["country", "region"], name="org_place"),
            models.Index(fields=["name"], name="org_name"),
            # Towns by name, for searching near a place (directory.search.resolve_place).
            models.Index(Lower("locality"), name="org_locality"),
            # Facet filters that the search planner may choose to drive a query with.
            models.Index(fields=["activity"], name="org_activity"),
            models.Index(fields=["structure"], name="org_structure"),
            models.Index(fields=["membership_type"], name="org_membership_type"),
            models.Index(fields=["legal_form"], name="org_legal_form"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="ally") | Q(ally_category=""), name="org_coop_has_no_ally_category"
            ),
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source=""),
                name="org_unique_per_source",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__gte=-90, latitude__lte=90)
                    & Q(longitude__gte=-180, longitude__lte=180)
                ),
                name="org_coordinates_pair_in_range",
            ),
            # Writes that skip save() (bulk_create) must fill the cells too (place_cells):
            # the search would otherwise miss the organization in its area.
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | ~Q(geo_cells=""),
                name="org_located_has_cells",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.h3_cell, self.geo_cells, self.place_key = place_cells(self.latitude, self.longitude)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"latitude", "longitude"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *PLACE_CELL_FIELDS}
        super().save(*args, **kwargs)


def place_cells(latitude: float | None, longitude: float | None) -> tuple[str, str, int | None]:
    """The values of PLACE_CELL_FIELDS for a point: what save() keeps, for writes that skip
    save()."""
    return (
        places.cell(latitude, longitude),
        places.cell_tokens(latitude, longitude),
        places.place_key(latitude, longitude),
    )


class Offer(models.Model):
    """A product or service an organization offers: a short text plus tags to find it by."""

    class Kind(models.TextChoices):
        PRODUCT = "product", _("Product")
        SERVICE = "service", _("Service")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.SERVICE)
    text = models.CharField(_("what is offered"), max_length=200)
    tags = models.CharField(
        _("tags"),
        max_length=300,
        blank=True,
        help_text=_("Words to find it by, separated by commas, e.g. bread, organic, delivery."),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Offers are part of the profile: each change is kept, by whom and when, and the
    # organization's history shows it beside the profile's own versions.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ("organization", "position", "pk")

    def __str__(self) -> str:
        return self.text

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class RegistryIdentifier(models.Model):
    """An identifier in a legal registry: Companies House, Québec's NEQ, France's SIREN…"""

    class Scheme(models.TextChoices):
        COMPANIES_HOUSE = "gb-coh", _("Companies House (UK)")
        FCA_MUTUALS = "gb-fca", _("FCA Mutuals Register (UK)")
        NEQ = "ca-qc-neq", _("Québec enterprise number (NEQ)")
        SIREN = "fr-siren", _("SIREN (France)")
        OTHER = "other", _("Other registry")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="registry_ids"
    )
    scheme = models.CharField(_("registry"), max_length=16, choices=Scheme)
    value = models.CharField(_("identifier"), max_length=64)

    class Meta:
        verbose_name = _("registry identifier")
        verbose_name_plural = _("registry identifiers")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="registry_id_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.value}"


class RelationshipQuerySet(models.QuerySet["Relationship"]):
    def confirmed(self) -> RelationshipQuerySet:
        """What is public: relationships both sides agreed to."""
        return self.filter(confirmed_at__isnull=False)

    def pending(self) -> RelationshipQuerySet:
        """Proposals waiting for the administrators of their object."""
        return self.filter(confirmed_at__isnull=True)

    def of(self, organization: Organization) -> RelationshipQuerySet:
        """Those the organization is either side of."""
        return self.filter(Q(subject=organization) | Q(object=organization))


class Relationship(models.Model):
    """A directed link between two organizations: "A is a member of federation B".

    The administrators of the subject propose it; it stays pending, and out of every public
    view, until the administrators of the object confirm it (``confirmed_at``).
    """

    class Predicate(models.TextChoices):
        MEMBER_OF = "member_of", _("member of")
        SUPPLIER_OF = "supplier_of", _("supplier of")

    subject = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="links_out")
    predicate = models.CharField(max_length=32, choices=Predicate.choices)
    object = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="links_in")
    created_at = models.DateTimeField(default=timezone.now)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Proposals, confirmations and ends, by whom and when: both organizations' histories show
    # them. An end deletes the row, so that it can be proposed again; its version remains.
    history = HistoricalRecords()

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.UniqueConstraint(fields=["subject", "predicate", "object"], name="rel_unique"),
            models.CheckConstraint(condition=~Q(subject=models.F("object")), name="rel_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.get_predicate_display()} {self.object}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Role(models.Model):
    """A person's role in an organization. One role per person and organization."""

    class Name(models.TextChoices):
        MEMBER = "member", _("Member")
        STAFF = "staff", _("Staff")
        ADMIN = "admin", _("Administrator (board)")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="org_roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=Name.choices, default=Name.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="role_one_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"


class Invitation(models.Model):
    """An emailed invitation to take a role. Only a digest of the link's token is stored."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.Name.choices)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("-created_at",)
        constraints = [
            # At most one open invitation per address and organization, even under a double
            # submit: the database refuses the second one.
            models.UniqueConstraint(
                fields=["organization", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class JoinRequest(models.Model):
    """Someone asks to join an organization; its administrators and staff (those who may
    invite members) accept or decline, and the person may withdraw while it waits. Rows are
    never deleted: who decided, how and when stays on record."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ("created_at", "pk")
        indexes = [models.Index(fields=["organization", "status"], name="join_request_org_status")]
        constraints = [
            # One request waiting per person and organization, even under a double submit.
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=Q(status="pending"),
                name="join_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organization}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

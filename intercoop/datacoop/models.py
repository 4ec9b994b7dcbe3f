"""The data co-operative: datasets its members fill, and their consents.

A **dataset** belongs to a co-op and is either *collective* (about the co-op: its rows are
written by its administrators) or *individual* (each member writes their own rows, and only
they read them). Each **column** has a type (``cells.TYPES``) and a sensitivity; a row's
sensitive cells are sealed (``sealing.py``) and never stored in clear.

A dataset lists the **purposes** it asks consent for, each a DPV purpose concept
(``dpv.PURPOSES``) described in the co-op's words. A member's **consent record** for one
purpose of one dataset is an ISO/IEC TS 27560 consent record: created once, never changed; its
history is its **consent events** (given, withdrawn, expired), appended and never updated, so
the latest event is the current state. A given consent carries its review date: from then the
member is asked again, and without a new answer it lapses ``LAPSE_AFTER`` later.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Final

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from intercoop.datacoop import cells, dpv
from intercoop.organizations.models import Organization

#: How long a consent stays valid after its review date without a new answer.
LAPSE_AFTER: Final = timedelta(days=30)


class Dataset(models.Model):
    class Kind(models.TextChoices):
        COLLECTIVE = "collective", _("Collective: about the co-op")
        INDIVIDUAL = "individual", _("Individual: each member's own rows")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="datasets"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    description_language = models.CharField(
        _("language of the description"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("name", "pk")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="dataset_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Column(models.Model):
    class Type(models.TextChoices):
        INTEGER = cells.INTEGER, _("Whole number")
        DECIMAL = cells.DECIMAL, _("Decimal number")
        TEXT = cells.TEXT, _("Text")
        BOOLEAN = cells.BOOLEAN, _("Yes or no")
        DATE = cells.DATE, _("Date")
        CHOICE = cells.CHOICE, _("Choice from a list")

    class Sensitivity(models.TextChoices):
        # Values anyone of the co-op may read (collective datasets).
        PUBLIC_IN_COOP = "public", _("Public within the co-op")
        PERSONAL = "personal", _("Personal")
        # Sealed at rest (sealing.py).
        SENSITIVE = "sensitive", _("Sensitive: encrypted at rest")

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="columns")
    # The name in CSV headers and the API; never changes once rows exist.
    key = models.CharField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    type = models.CharField(_("type"), max_length=10, choices=Type.choices)
    sensitivity = models.CharField(_("sensitivity"), max_length=10, choices=Sensitivity.choices)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "pk")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "key"], name="column_key_once"),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def sealed(self) -> bool:
        return self.sensitivity == self.Sensitivity.SENSITIVE

    def cell(self) -> cells.Column:
        return cells.Column(
            key=self.key, type=self.type, required=self.required, choices=tuple(self.choices)
        )


class Row(models.Model):
    """One row: its clear cells as JSON, its sensitive cells sealed together, bound to the
    dataset, the row and its member (``sealing.py``)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="rows")
    # The member whose row it is (individual datasets); None in a collective dataset.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="datacoop_rows",
    )
    values = models.JSONField(default=dict)
    sealed = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # How a contribution arrived: the form, a CSV file (with its line) or the API.
    source = models.CharField(max_length=40, blank=True)
    # The key of the form or request that wrote it: a submit repeated writes nothing more.
    submission = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "pk")
        indexes = [models.Index(fields=["dataset", "member"], name="datacoop_row_member")]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "submission"],
                condition=Q(submission__isnull=False),
                name="datacoop_row_submitted_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.uuid)


class DatasetPurpose(models.Model):
    """A purpose a dataset asks its members' consent for."""

    class Term(models.TextChoices):
        ANALYTICS = "dpv:Analytics", _("Statistics and analysis")
        SERVICE_PROVISION = "dpv:ServiceProvision", _("Providing the co-op's services")
        COMMUNICATION = "dpv:CommunicationManagement", _("Communicating with the members")
        MARKETING = "dpv:Marketing", _("Promoting the co-op and its partners")
        OBLIGATION = "dpv:FulfilmentOfObligation", _("Fulfilling a legal obligation")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="purposes")
    term = models.CharField(_("DPV purpose"), max_length=60, choices=Term.choices)
    description = models.TextField(_("what the data is used for"))
    description_language = models.CharField(
        _("language of the description"), max_length=8, choices=settings.LANGUAGES
    )
    # How long a consent to it holds before the member is asked again.
    review_months = models.PositiveSmallIntegerField(_("review after (months)"), default=12)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["dataset", "term"], name="dataset_purpose_once"),
        ]

    def __str__(self) -> str:
        return f"{self.dataset_id}: {self.term}"


class ConsentRecord(models.Model):
    """A member's consent record for one purpose of one dataset: never changed; its history
    is in ``ConsentEvent``. Its ``uuid`` names its receipt's stable address."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    purpose = models.ForeignKey(DatasetPurpose, on_delete=models.PROTECT, related_name="records")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consent_records"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["purpose", "member"], name="consent_record_once"),
        ]

    def __str__(self) -> str:
        return str(self.uuid)


class ConsentEvent(models.Model):
    """One step of a consent's history, appended and never updated: ``seq`` counts from 1 and
    is unique per record, so two answers racing cannot both follow the same step."""

    class Status(models.TextChoices):
        GIVEN = dpv.GIVEN, _("Given")
        RENEWED = dpv.RENEWED, _("Given again")
        # A consent (masculine in French and Spanish), not a proposal: its own translation.
        WITHDRAWN = dpv.WITHDRAWN, pgettext_lazy("consent", "Withdrawn")
        EXPIRED = dpv.EXPIRED, _("Lapsed")

    class Method(models.TextChoices):
        WEB = "web", _("On the co-op's web page")
        API = "api", _("Through the API")
        REVIEW = "review", _("Not renewed by the review date")

    record = models.ForeignKey(ConsentRecord, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    status = models.CharField(max_length=40, choices=Status.choices)
    at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=10, choices=Method.choices)
    # For a consent given: when the member is asked again, and when it lapses without answer.
    review_on = models.DateField(null=True, blank=True)
    lapses_on = models.DateField(null=True, blank=True)
    # The language the member read the notice in.
    language = models.CharField(max_length=8, blank=True)

    GIVEN_STATUSES: Final = (dpv.GIVEN, dpv.RENEWED)

    class Meta:
        ordering = ("record_id", "seq")
        constraints = [
            models.UniqueConstraint(fields=["record", "seq"], name="consent_event_seq_once"),
            models.CheckConstraint(
                condition=Q(status__in=[dpv.WITHDRAWN, dpv.EXPIRED])
                | Q(review_on__isnull=False, lapses_on__isnull=False),
                name="consent_given_has_review",
            ),
        ]
        indexes = [models.Index(fields=["status", "lapses_on"], name="consent_event_due")]

    def __str__(self) -> str:
        return f"{self.record_id}#{self.seq} {self.status}"

    @property
    def is_given(self) -> bool:
        return self.status in self.GIVEN_STATUSES

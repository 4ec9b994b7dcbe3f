"""Issuers of verifiable labels and their signing keys.

An organization becomes an **issuer**: it gets a ``did:web`` identifier served by this instance
(``/labels/issuers/<path>/did.json``) and an Ed25519 key to sign its credentials with. The
identifier's path is fixed when the issuer is created, so renaming the organization (and its
slug) does not change the identifier of the credentials it issued.

Keys are rotated, never deleted: a retired key stops signing but stays in the DID document, so
the credentials it signed keep verifying. A key marked compromised leaves the document: what it
signed stops verifying, which is the point. The private half is sealed (``keystore.py``) with a
key kept outside the database.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intercoop.organizations.models import Organization


class Issuer(models.Model):
    organization = models.OneToOneField(
        Organization, on_delete=models.PROTECT, related_name="label_issuer"
    )
    # The last segment of the did:web identifier; the organization's slug when it was created.
    path = models.SlugField(max_length=100, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("label issuer")
        verbose_name_plural = _("label issuers")
        ordering = ("organization__name", "pk")

    def __str__(self) -> str:
        return str(self.organization)


class IssuerKey(models.Model):
    """One Ed25519 key of an issuer. The one not retired signs; all not compromised verify."""

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="keys")
    # key-1, key-2…: the fragment of the verification method in the DID document.
    number = models.PositiveIntegerField()
    public_key = models.BinaryField(max_length=32)
    # XSalsa20-Poly1305 (libsodium secretbox): nonce + ciphertext of the 32-byte seed.
    sealed_private_key = models.BinaryField(max_length=72)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    retired_at = models.DateTimeField(null=True, blank=True)
    compromised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("issuer key")
        verbose_name_plural = _("issuer keys")
        ordering = ("issuer", "number")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number"], name="issuer_key_number"),
            models.UniqueConstraint(
                fields=["issuer"],
                condition=Q(retired_at__isnull=True),
                name="issuer_one_signing_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} #key-{self.number}"

    @property
    def fragment(self) -> str:
        return f"key-{self.number}"


class Achievement(models.Model):
    """What a label says its holder achieved: a course, a programme, a programme's accreditation,
    a co-operative label. Written in English, French and Spanish; a credential is issued in one
    of them."""

    class Kind(models.TextChoices):
        # Open Badges 3.0 AchievementType values; a co-operative label is an extension.
        COURSE = "Course", _("Course")
        PROGRAMME = "LearningProgram", _("Education programme")
        ACCREDITATION = "QualityAssuranceCredential", _("Programme accreditation")
        COOP_LABEL = "ext:CooperativeLabel", _("Co-operative label")
        BADGE = "Badge", _("Badge")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="achievements")
    kind = models.CharField(_("kind"), max_length=40, choices=Kind)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    name_es = models.CharField(_("name in Spanish"), max_length=200)
    description_en = models.TextField(_("description in English"))
    description_fr = models.TextField(_("description in French"))
    description_es = models.TextField(_("description in Spanish"))
    criteria_en = models.TextField(_("criteria in English"))
    criteria_fr = models.TextField(_("criteria in French"))
    criteria_es = models.TextField(_("criteria in Spanish"))
    image = models.FileField(_("image"), upload_to="labels/achievements/", blank=True)
    # [{"target_name", "target_url", "target_framework", "target_code"}], may be empty.
    alignments = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        ordering = ("issuer", "-created_at", "pk")

    def __str__(self) -> str:
        return self.name_en

    def text(self, field: str, language: str) -> str:
        """``name``, ``description`` or ``criteria`` in ``language`` (en, fr or es)."""
        return str(getattr(self, f"{field}_{language if language in LANGUAGES else 'en'}"))


LANGUAGES = ("en", "fr", "es")


class StatusList(models.Model):
    """A Bitstring Status List of an issuer, for one purpose (revocation or suspension), with
    its signed ``BitstringStatusListCredential`` as published. Each credential takes a random
    free index in one list of each purpose; a list stops taking new credentials once a quarter
    of it is used, so that its neighbours stay few among many."""

    class Purpose(models.TextChoices):
        REVOCATION = "revocation", _("Revocation")
        SUSPENSION = "suspension", _("Suspension")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="status_lists")
    purpose = models.CharField(max_length=12, choices=Purpose)
    size = models.PositiveIntegerField()  # in bits
    bits = models.BinaryField()
    used = models.PositiveIntegerField(default=0)  # indexes given to credentials
    document = models.TextField()  # the signed list credential, as served
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        ordering = ("issuer", "purpose", "pk")

    def __str__(self) -> str:
        return f"{self.issuer} {self.purpose} {self.uuid}"


class Credential(models.Model):
    """An Open Badges credential issued to a person (by email) or an organization. ``document``
    holds the signed JSON exactly as it was signed and is served byte for byte."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    achievement = models.ForeignKey(
        Achievement, on_delete=models.PROTECT, related_name="credentials"
    )
    recipient_email = models.EmailField(_("email"), blank=True)
    recipient_name = models.CharField(_("name"), max_length=200, blank=True)
    recipient_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="labels"
    )
    language = models.CharField(max_length=2, default="en")
    document = models.TextField()
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    valid_until = models.DateTimeField(null=True, blank=True)
    # The recipient's link to accept it: only a digest is kept.
    accept_token_digest = models.CharField(max_length=64, unique=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    # Its entries in the issuer's status lists (credentialStatus).
    revocation_list = models.ForeignKey(
        StatusList, on_delete=models.PROTECT, null=True, related_name="+"
    )
    revocation_index = models.PositiveIntegerField(null=True)
    suspension_list = models.ForeignKey(
        StatusList, on_delete=models.PROTECT, null=True, related_name="+"
    )
    suspension_index = models.PositiveIntegerField(null=True)

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ("-issued_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=(Q(recipient_email="") & Q(recipient_organization__isnull=False))
                | (~Q(recipient_email="") & Q(recipient_organization__isnull=True)),
                name="credential_one_recipient",
            ),
            # Issuing the same achievement to the same person or organization twice (a CSV
            # imported again, a double submit) gives one credential.
            models.UniqueConstraint(
                fields=["achievement", "recipient_email"],
                condition=~Q(recipient_email="") & Q(revoked_at__isnull=True),
                name="credential_once_per_email",
            ),
            models.UniqueConstraint(
                fields=["revocation_list", "revocation_index"], name="credential_revocation_entry"
            ),
            models.UniqueConstraint(
                fields=["suspension_list", "suspension_index"], name="credential_suspension_entry"
            ),
            models.UniqueConstraint(
                fields=["achievement", "recipient_organization"],
                condition=Q(recipient_organization__isnull=False) & Q(revoked_at__isnull=True),
                name="credential_once_per_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.achievement} → {self.recipient}"

    @property
    def recipient(self) -> str:
        """Who holds it: the organization's name, or the person's email address."""
        if self.recipient_organization is not None:
            return self.recipient_organization.name
        return self.recipient_email


class Endorsement(models.Model):
    """An Open Badges ``EndorsementCredential``: an issuer (a federation) vouches for an
    education programme (an achievement, usually of another issuer) or for a co-operative of the
    directory, with a comment. Signed like a label, published at its ``id``, revocable through
    the endorser's revocation list."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endorser = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="endorsements")
    achievement = models.ForeignKey(
        Achievement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="endorsements",
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="endorsements",
    )
    comment = models.TextField(_("comment"))
    language = models.CharField(max_length=2, default="en")
    document = models.TextField()
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_list = models.ForeignKey(
        StatusList, on_delete=models.PROTECT, null=True, related_name="+"
    )
    revocation_index = models.PositiveIntegerField(null=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ("-issued_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=(Q(achievement__isnull=True) & Q(organization__isnull=False))
                | (Q(achievement__isnull=False) & Q(organization__isnull=True)),
                name="endorsement_one_subject",
            ),
            # One standing endorsement of a thing by an endorser: a double submit gives one.
            models.UniqueConstraint(
                fields=["endorser", "achievement"],
                condition=Q(achievement__isnull=False) & Q(revoked_at__isnull=True),
                name="endorsement_once_per_achievement",
            ),
            models.UniqueConstraint(
                fields=["endorser", "organization"],
                condition=Q(organization__isnull=False) & Q(revoked_at__isnull=True),
                name="endorsement_once_per_organization",
            ),
            models.UniqueConstraint(
                fields=["revocation_list", "revocation_index"],
                name="endorsement_revocation_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.endorser} endorses {self.achievement or self.organization}"

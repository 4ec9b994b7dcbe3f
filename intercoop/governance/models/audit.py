"""The audit log of a co-op: append-only and hash-chained (``governance.audit``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from intercoop.organizations.models import Organization


class AuditHead(models.Model):
    """The last entry of a co-op's chain. Appending locks this row, so entries of one co-op are
    numbered one after the other even when many are written at once."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.organization_id}#{self.seq}"


class AuditEntry(models.Model):
    """One fact: who did what, to what, when. ``hash`` is the SHA-256 of the previous entry's
    hash and this entry's canonical JSON (see ``governance.audit``); never updated."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField()
    # Who, as an id and a name at the time (the account may change or go).
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ("organization", "seq")
        constraints = [
            models.UniqueConstraint(fields=["organization", "seq"], name="audit_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.seq} {self.action}"

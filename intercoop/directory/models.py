from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One completed import of a file: what it was, who ran it, what it changed."""

    source = models.CharField(_("source"), max_length=50)
    file_name = models.CharField(_("file"), max_length=300)
    file_sha256 = models.CharField(max_length=64)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    rows = models.PositiveIntegerField(_("rows"))
    created = models.PositiveIntegerField(_("created"))
    updated = models.PositiveIntegerField(_("updated"))
    unchanged = models.PositiveIntegerField(_("unchanged"))
    skipped = models.PositiveIntegerField(_("skipped"))
    skipped_rows = models.JSONField(_("skipped rows"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ("-finished_at",)

    def __str__(self) -> str:
        return f"{self.source} {self.file_name} ({self.finished_at:%Y-%m-%d %H:%M})"


class RegionCount(models.Model):
    """How many organizations share one combination of place and classification.

    Maintained by database triggers on the organization table (migration 0002), so every write
    (a form, an import's bulk insert, a queryset update, a delete) keeps it exact, and region
    statistics are read from here instead of scanning organizations.
    """

    country = models.CharField(max_length=2)
    region = models.CharField(max_length=200)
    kind = models.CharField(max_length=8)
    status = models.CharField(max_length=16)
    activity = models.CharField(max_length=16)
    structure = models.CharField(max_length=16)
    count = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["country", "region", "kind", "status", "activity", "structure"],
                name="regioncount_key",
            )
        ]
        indexes = [models.Index(fields=["country", "region"], name="regioncount_place")]

    def __str__(self) -> str:
        return f"{self.country}/{self.region}: {self.count}"


class FacetCount(models.Model):
    """How many organizations (not dissolved) of one region have one value of one facet.

    Maintained by database triggers (migration 0005) like RegionCount, so the facet counts of
    the whole directory, a country or a region are read from here instead of scanning.
    """

    country = models.CharField(max_length=2)
    region = models.CharField(max_length=200)
    facet = models.CharField(max_length=16)
    value = models.CharField(max_length=200)
    count = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["country", "region", "facet", "value"], name="facetcount_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.country}/{self.region} {self.facet}={self.value}: {self.count}"

"""General meetings: convocation, attendance, quorum and minutes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intercoop.governance.models.register import Member
from intercoop.organizations.models import Organization


class Meeting(models.Model):
    """An annual or special general meeting. Its resolutions are ``Decision`` rows whose
    ``meeting`` is this one; their roll is the members present or represented."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual general meeting")
        SPECIAL = "special", _("Special general meeting")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONVENED = "convened", _("Convened")
        OPEN = "open", _("In session")
        ADJOURNED = "adjourned", _("Adjourned for lack of quorum")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.ANNUAL)
    title = models.CharField(_("title"), max_length=200)
    # The language of the convocation and the minutes.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    remote_link = models.URLField(_("link to join remotely"), blank=True)
    record_date = models.DateField(_("record date"))
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.DRAFT)
    # 1 at the first call, 2 at the second call after an adjournment.
    call = models.PositiveSmallIntegerField(default=1)
    second_call_at = models.DateTimeField(_("second call"), null=True, blank=True)
    convened_at = models.DateTimeField(null=True, blank=True)
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    secretary = models.CharField(_("secretary"), max_length=200, blank=True)
    # The quorum check at opening, as JSON (eligible, present, represented, per college, rule).
    quorum_check = models.JSONField(null=True, blank=True)
    notes = models.TextField(_("notes for the minutes"), blank=True)
    # The minutes as generated at the close (HTML), and their SHA-256.
    minutes_html = models.TextField(blank=True)
    minutes_sha256 = models.CharField(max_length=64, blank=True)
    # What the minutes say, as JSON frozen at the close: the PDF is drawn from it, so the HTML
    # and the PDF state the same facts even if the register changes later.
    minutes_data = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["minutes_html", "minutes_data"])

    class Meta:
        verbose_name = _("general meeting")
        verbose_name_plural = _("general meetings")
        ordering = ("-starts_at", "-pk")

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A member's attendance at a meeting: in person, remotely, or represented by proxy."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        REMOTE = "remote", _("Remotely")
        PROXY = "proxy", _("By proxy")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(_("attendance"), max_length=16, choices=Mode)
    proxy = models.ForeignKey(
        "governance.Proxy", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    arrived_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ("meeting", "arrived_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once"),
            models.CheckConstraint(
                condition=Q(mode="proxy", proxy__isnull=False)
                | (~Q(mode="proxy") & Q(proxy__isnull=True)),
                name="attendance_proxy_iff_mode_proxy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.mode}"


class Proxy(models.Model):
    """An entry of the proxy register: ``grantor`` gives ``holder`` their vote at a general
    meeting. Checked against the rules (``rules.check_proxy``) when recorded. A grantor who
    attends in person or remotely overrides it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="proxies")
    meeting = models.ForeignKey(
        "governance.Meeting", on_delete=models.CASCADE, related_name="proxies"
    )
    grantor = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="proxies_given")
    holder = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="proxies_held")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        ordering = ("meeting", "created_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "grantor"],
                condition=Q(revoked_at__isnull=True),
                name="proxy_one_per_grantor",
            ),
            models.CheckConstraint(condition=~Q(grantor=models.F("holder")), name="proxy_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.grantor} → {self.holder}"

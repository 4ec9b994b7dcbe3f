"""In-app notifications and how each person wants them by email."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intercoop.organizations.models import Organization


class Notification(models.Model):
    """Something a person should know about in a co-op: a proposal opened for discussion, a
    reply, a vote opened or closing soon, a meeting convened, a result."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    # The message's English template and its values, translated when shown (the reader's
    # language may change), and the page it points to.
    template = models.CharField(max_length=300)
    values = models.JSONField(default=dict)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # For reminders: one per (user, key), so a reminder is never sent twice.
    dedupe_key = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_dedupe",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"


class NotificationPreference(models.Model):
    class Email(models.TextChoices):
        EACH = "each", _("An email for each notification")
        DAILY = "daily", _("One daily digest")
        NONE = "none", _("No email, only in the app")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    email = models.CharField(_("email"), max_length=8, choices=Email, default=Email.EACH)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="notification_pref_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}"

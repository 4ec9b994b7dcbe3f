"""Notifications: in the app, and by email as each person prefers."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from intercoop.accounts.models import User
from intercoop.core.errors import ServiceError
from intercoop.core.tasks import send_email
from intercoop.governance.models import (
    Decision,
    Notification,
    NotificationPreference,
    Participation,
    RollEntry,
)
from intercoop.governance.selectors.proposals import notification_link, notification_text
from intercoop.organizations.models import Organization, Role


def notify(
    *,
    users: Iterable[Any],
    organization: Organization,
    kind: str,
    template: str,
    values: Mapping[str, Any] | None = None,
    url: str,
    dedupe_key: str = "",
) -> list[Notification]:
    """Notify each user in the app and, if their preference for this co-op is an email per
    notification (the default), by email once the caller's transaction commits.

    ``template`` is an English message marked with ``gettext_noop``, with %(name)s values; it
    is translated into each reader's language when shown or emailed. ``url`` is a path. With a
    ``dedupe_key``, a user already notified under that key is skipped (reminders)."""
    values = dict(values or {})
    created: list[Notification] = []
    users = [u for u in users if u is not None and u.is_active]
    prefs = dict(
        NotificationPreference.objects.filter(
            organization=organization, user__in=users
        ).values_list("user_id", "email")
    )
    for user in users:
        note = Notification(
            user=user,
            organization=organization,
            kind=kind,
            template=template,
            values=values,
            url=url,
            dedupe_key=dedupe_key,
        )
        try:
            with transaction.atomic():
                note.save()
        except IntegrityError:
            continue  # already notified under this key
        created.append(note)
        if (
            prefs.get(user.pk, NotificationPreference.Email.EACH)
            == NotificationPreference.Email.EACH
        ):
            transaction.on_commit(functools.partial(_email_one, note.pk))
    return created


def _email_one(notification_id: int) -> None:
    note = Notification.objects.select_related("user", "organization").get(pk=notification_id)
    if note.emailed_at is not None:
        return
    with translation.override(note.user.language or settings.LANGUAGE_CODE):
        text = notification_text(note)
        body = render_to_string(
            "governance/email/notification.txt",
            {
                "notification": note,
                "text": text,
                "link": settings.PUBLIC_URL.rstrip("/") + notification_link(note),
            },
        )
        subject = f"{note.organization}: {text}"[:150]
    send_email({"subject": subject, "body": body, "from_email": None, "to": [note.user.email]})
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())


# --- Reading and preferences -------------------------------------------------------------


def notification_mark_read(*, user: Any, notification_id: int | None = None) -> int:
    """Mark one of the person's notifications (or all of them) as read; returns how many
    changed. Someone else's notification is not found."""
    notes = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        if not Notification.objects.filter(user=user, pk=notification_id).exists():
            raise ServiceError(_("This notification does not exist."), code="not_found", status=404)
        notes = notes.filter(pk=notification_id)
    with transaction.atomic():
        return notes.update(read_at=timezone.now())


def notification_preferences_set(*, user: Any, choices: Iterable[tuple[Organization, str]]) -> None:
    """How the person wants each co-op's notifications by email: only for co-ops where they
    have a role, all or nothing."""
    choices = list(choices)
    member_of = set(Role.objects.filter(user=user).values_list("organization_id", flat=True))
    for organization, email in choices:
        if email not in NotificationPreference.Email.values:
            raise ServiceError(_("Choose one of the options."), code="invalid_choice")
        if organization.pk not in member_of:
            raise ServiceError(
                _("You have no role in %(org)s.") % {"org": organization.name},
                code="not_in_org",
                status=403,
            )
    with transaction.atomic():
        for organization, email in choices:
            NotificationPreference.objects.update_or_create(
                user=user, organization=organization, defaults={"email": email}
            )


# --- Digests and reminders (``intercoop governance_notify``, hourly in the worker) -------------

# A digest goes out at most once in this time; the task runs hourly, so allow for its drift.
DIGEST_EVERY = timedelta(hours=23)
REMINDER_BEFORE = timedelta(hours=24)


@dataclass(frozen=True)
class NotifyReport:
    digests: int
    reminders: int


def _claim_for_digest(user_id: int, organization_ids: list[int], stamp: datetime) -> list[int]:
    """Mark the user's unemailed, unread notifications of these co-ops as emailed at
    ``stamp`` and return them: a second run (even a concurrent one) finds none of them."""
    pending = Notification.objects.filter(
        user_id=user_id,
        organization_id__in=organization_ids,
        emailed_at__isnull=True,
        read_at__isnull=True,
    )
    ids = list(pending.values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=stamp)
    return list(
        Notification.objects.filter(pk__in=ids, emailed_at=stamp).values_list("pk", flat=True)
    )


def _render_digest(user: Any, notification_ids: list[int]) -> dict[str, Any]:
    notes = (
        Notification.objects.filter(pk__in=notification_ids)
        .select_related("organization")
        .order_by("organization__name", "organization_id", "created_at", "pk")
    )
    base = settings.PUBLIC_URL.rstrip("/")
    with translation.override(user.language or settings.LANGUAGE_CODE):
        groups: list[dict[str, Any]] = []
        for note in notes:
            if not groups or groups[-1]["organization"].pk != note.organization_id:
                groups.append({"organization": note.organization, "items": []})
            groups[-1]["items"].append(
                {"text": notification_text(note), "link": base + notification_link(note)}
            )
        body = render_to_string(
            "governance/email/digest.txt",
            {
                "groups": groups,
                "count": len(notification_ids),
                "page": base + reverse("governance:notifications"),
            },
        )
        subject = ngettext(
            "Intercoop: %(count)d new notification",
            "Intercoop: %(count)d new notifications",
            len(notification_ids),
        ) % {"count": len(notification_ids)}
    return {"subject": subject, "body": body, "from_email": None, "to": [user.email]}


def digests_send(*, now: datetime | None = None) -> int:
    """One email to each person who chose a daily digest and whose last digest is a day old,
    with their unemailed notifications of those co-ops. Returns the number of emails."""
    now = now or timezone.now()
    due = (
        NotificationPreference.objects.filter(
            email=NotificationPreference.Email.DAILY, user__is_active=True
        )
        .filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - DIGEST_EVERY))
        .select_related("user")
    )
    by_user: dict[int, tuple[Any, list[int]]] = {}
    for pref in due:
        by_user.setdefault(pref.user_id, (pref.user, []))[1].append(pref.organization_id)
    sent = 0
    for user_id, (user, organization_ids) in by_user.items():
        with transaction.atomic():
            claimed = _claim_for_digest(user_id, organization_ids, now)
            NotificationPreference.objects.filter(
                user_id=user_id, organization_id__in=organization_ids
            ).update(last_digest_at=now)
            if not claimed:
                continue
            message = _render_digest(user, claimed)
            transaction.on_commit(functools.partial(send_email, message))
        sent += 1
    return sent


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind each voter on the roll of an open decision closing within a day who has not
    voted yet; once per decision and person. Returns the number of reminders created."""
    now = now or timezone.now()
    closing = Decision.objects.filter(
        state="open", closes_at__gt=now, closes_at__lte=now + REMINDER_BEFORE
    ).select_related("organization")
    created = 0
    for decision in closing:
        voted = Participation.objects.filter(decision=decision).values("member_id")
        voters = (
            RollEntry.objects.filter(decision=decision, voter__isnull=False)
            .exclude(member_id__in=voted)
            .values_list("voter_id", flat=True)
        )
        users = User.objects.filter(pk__in=set(voters), is_active=True)
        try:
            url = reverse(
                "governance:decision_detail", args=[decision.organization.slug, decision.pk]
            )
        except NoReverseMatch:
            url = reverse("governance:notifications")
        with transaction.atomic():
            created += len(
                notify(
                    users=users,
                    organization=decision.organization,
                    kind="decision.closing",
                    template=gettext_noop(
                        "The vote “%(title)s” closes within a day and you have not voted yet."
                    ),
                    values={"title": decision.title},
                    url=url,
                    dedupe_key=f"reminder:{decision.pk}",
                )
            )
    return created


def governance_notify(*, now: datetime | None = None) -> NotifyReport:
    """The periodic work: closing reminders first (so a daily digest can carry them), then
    the digests."""
    reminders = reminders_send(now=now)
    return NotifyReport(digests=digests_send(now=now), reminders=reminders)

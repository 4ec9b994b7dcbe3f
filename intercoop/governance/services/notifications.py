"""Notifications: in the app, and by email as each person prefers."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from intercoop.core.tasks import send_email
from intercoop.governance.models import Notification, NotificationPreference
from intercoop.organizations.models import Organization


def notification_text(notification: Notification) -> str:
    """The message in the active language."""
    values = dict(notification.values)
    return _(notification.template) % values if values else _(notification.template)


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
                "link": settings.PUBLIC_URL.rstrip("/") + note.url,
            },
        )
        subject = f"{note.organization}: {text}"[:150]
    send_email({"subject": subject, "body": body, "from_email": None, "to": [note.user.email]})
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())

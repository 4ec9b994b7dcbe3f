"""Background work through huey: one interface, an embedded SQLite queue by default, Redis-backed
workers when configured (settings ``INTERCOOP_TASKS``)."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from huey.contrib.djhuey import db_task

from intercoop.core.site import email_body_signed


@db_task(retries=3, retry_delay=30)
def send_email(message: dict[str, Any]) -> int:
    """Send one message, signed with the platform's name and public address."""
    connection = get_connection()
    mail = EmailMultiAlternatives(
        subject=message["subject"],
        body=email_body_signed(message["body"]),
        from_email=message["from_email"],
        to=message["to"],
        headers=message.get("headers") or {},
        connection=connection,
    )
    for content, mimetype in message.get("alternatives", []):
        mail.attach_alternative(content, mimetype)
    return mail.send()


def email_enqueue(*, message: EmailMessage) -> None:
    """Queue a rendered message for sending by a worker."""
    alternatives = [
        (alt[0], alt[1]) for alt in getattr(message, "alternatives", []) if isinstance(alt[0], str)
    ]
    send_email(
        {
            "subject": message.subject,
            "body": message.body,
            "from_email": message.from_email,
            "to": list(message.to),
            "headers": dict(message.extra_headers),
            "alternatives": alternatives,
        }
    )


@db_task()
def ping(value: str) -> str:
    """Round-trips a value through the queue; `intercoop tasks-check` uses it to prove a worker
    is consuming."""
    return value

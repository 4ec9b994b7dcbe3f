"""A general meeting as an iCalendar event (RFC 5545): the file its page offers and its
convocation email attaches."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from intercoop.governance.models import Decision, Meeting


def _ics_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _ics_fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545, 3.1)."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _ics_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(meeting: Meeting, agenda: Iterable[Decision]) -> str:
    """The meeting as an iCalendar event, in its language, at its current call; ``agenda`` is
    its resolutions in their order (``selectors.meetings.agenda``)."""
    host = settings.PUBLIC_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    starts = (
        meeting.second_call_at
        if meeting.call == 2 and meeting.second_call_at
        else meeting.starts_at
    )
    with translation.override(meeting.language):
        items = [f"{n}. {d.title}" for n, d in enumerate(agenda, start=1)]
        description = _("Agenda:") + "\n" + "\n".join(items)
        if meeting.remote_link:
            description += "\n\n" + _("To join remotely: %(link)s") % {"link": meeting.remote_link}
        summary = f"{meeting.organization.name}: {meeting.title}"
    status = "CANCELLED" if meeting.state == Meeting.State.CANCELLED else "CONFIRMED"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Intercoop//General meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{_ics_time(meeting.convened_at or meeting.created_at)}",
        f"DTSTART:{_ics_time(starts)}",
        f"SEQUENCE:{meeting.call - 1 + (1 if status == 'CANCELLED' else 0)}",
        f"STATUS:{status}",
        f"SUMMARY:{_ics_text(summary)}",
        f"DESCRIPTION:{_ics_text(description)}",
    ]
    if meeting.place:
        lines.append(f"LOCATION:{_ics_text(meeting.place)}")
    if meeting.remote_link:
        lines.append(f"URL:{_ics_text(meeting.remote_link)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(_ics_fold(line) + "\r\n" for line in lines)

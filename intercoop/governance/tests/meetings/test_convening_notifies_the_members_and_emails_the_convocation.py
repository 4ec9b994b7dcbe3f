from __future__ import annotations

from typing import Any

from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from intercoop.governance.models import AuditEntry, Meeting, Notification
from intercoop.governance.services import meetings as services
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.meetings.conftest import MakeMeeting, add_agenda_item


def test_convening_notifies_everyone_and_emails_the_convocation_with_its_calendar(
    governance: Governance, make_meeting: MakeMeeting, django_capture_on_commit_callbacks: Any
) -> None:
    # given: a member without an account, reachable by the register's address
    paper = governance.members[2]
    paper.email = "paper.member@example.org"
    paper.save()
    meeting = make_meeting(days=20)
    add_agenda_item(meeting, "Approve the accounts of 2025")
    add_agenda_item(meeting, "Elect the board")
    mail.outbox.clear()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(meeting=meeting, by=governance.personas.alice)

    # then: Alice and Bob are notified in the app; Charlie (co-op B) is not
    notified = set(
        Notification.objects.filter(kind="meeting.convened").values_list("user__email", flat=True)
    )
    assert notified == {"alice@example.org", "bob@example.org"}
    convocations = [m for m in mail.outbox if "convocation" in m.subject]
    assert sorted(m.to[0] for m in convocations) == [
        "alice@example.org",
        "bob@example.org",
        "paper.member@example.org",
    ]
    letter = convocations[0]
    assert isinstance(letter, EmailMultiAlternatives)
    assert "1. Approve the accounts of 2025" in letter.body
    assert "2. Elect the board" in letter.body
    assert "Salle des fêtes" in letter.body
    assert "https://meet.example.org/agm" in letter.body
    assert "give your proxy" in letter.body
    proxies = reverse("governance:meeting_proxies", args=["coop-a", meeting.pk])
    assert proxies in letter.body
    ics, mimetype = letter.alternatives[0]
    assert isinstance(ics, str)
    assert mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in ics and f"UID:meeting-{meeting.pk}@" in ics
    assert "DTSTART:" + meeting.starts_at.strftime("%Y%m%dT%H%M00Z") in ics
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CONVENED
    entry = AuditEntry.objects.get(action="meeting.convened")
    assert entry.data["notice_days"] == 15


def test_the_calendar_file_is_served_to_the_coops_people(
    governance: Governance, make_meeting: MakeMeeting
) -> None:
    meeting = make_meeting()
    client = governance.personas.client_for("bob")

    response = client.get(reverse("governance:meeting_ics", args=["coop-a", meeting.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert "LOCATION:Salle des fêtes\\, 3 rue de la Coopération" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))

from __future__ import annotations

import hashlib
import io

import pypdf
import pytest
from django.urls import reverse

from intercoop.core.errors import ServiceError
from intercoop.governance.models import AuditEntry, Meeting
from intercoop.governance.rendering.minutes_pdf import minutes_pdf
from intercoop.governance.services import meetings as services
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.meetings.conftest import (
    MakeMeeting,
    add_agenda_item,
    minutes,
    on_the_day,
)

FRENCH_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def closed(governance: Governance, make_meeting: MakeMeeting) -> Meeting:
    meeting = make_meeting(language="fr", title="Assemblée générale ordinaire")
    add_agenda_item(meeting, "Affectation du résultat de l'exercice")
    services.meeting_convene(meeting=meeting, by=governance.personas.alice)
    services.meeting_update(
        meeting=meeting, by=governance.personas.alice, chair="Alice", secretary="Bob"
    )
    services.proxy_record(
        meeting=meeting,
        by=governance.personas.alice,
        grantor=governance.members[2],
        holder=governance.bob_member,
    )
    for member in (governance.alice_member, governance.bob_member):
        services.attendance_record(
            meeting=meeting, by=governance.personas.alice, member=member, mode="in_person"
        )
    services.meeting_open(meeting=meeting, by=governance.personas.alice, now=on_the_day(meeting))
    return services.meeting_close(
        meeting=meeting, by=governance.personas.alice, notes="Séance levée à 20 h 15."
    )


def test_the_minutes_state_the_facts_in_french_and_their_hash_is_audited(
    governance: Governance, closed: Meeting
) -> None:
    html = closed.minutes_html

    assert 'lang="fr"' in html
    assert "Assemblée générale ordinaire" in html
    assert "Affectation du résultat de l&#x27;exercice" in html
    assert "Séance levée à 20 h 15." in html
    assert any(month in html for month in FRENCH_MONTHS)  # dates in French
    assert minutes(closed)["attendance"] | {"members": None} == {
        "eligible": 10,
        "present": 2,
        "represented": 1,
        "members": None,
    }
    assert (
        minutes(closed)["proxies"]
        == [{"grantor": minutes(closed)["attendance"]["members"][2]["name"], "holder": "Bob"}]
        or len(minutes(closed)["proxies"]) == 1
    )
    assert closed.minutes_sha256 == hashlib.sha256(html.encode()).hexdigest()
    entry = AuditEntry.objects.get(action="minutes.generated")
    assert entry.data == {"sha256": closed.minutes_sha256, "language": "fr"}


def test_the_pdf_holds_the_same_facts_with_their_accents(
    governance: Governance, closed: Meeting
) -> None:
    client = governance.personas.client_for("bob")

    response = client.get(reverse("governance:meeting_minutes_pdf", args=["coop-a", closed.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Assemblée générale ordinaire" in text
    assert "Affectation du résultat de l'exercice" in text
    assert "Séance levée à 20 h 15." in text
    assert any(month in text for month in FRENCH_MONTHS)


def test_the_minutes_page_shows_the_stored_minutes(governance: Governance, closed: Meeting) -> None:
    client = governance.personas.client_for("bob")

    response = client.get(reverse("governance:meeting_minutes", args=["coop-a", closed.pk]))

    assert response.status_code == 200
    assert closed.minutes_html in response.content.decode()
    assert closed.minutes_sha256 in response.content.decode()


def test_text_outside_latin1_is_kept_as_written() -> None:
    text = pdf_text(
        minutes_pdf(
            {
                "organization": "Coopérative Œuvre",
                "title": "Réunion “spéciale”",
                "kind": "special",
                "language": "fr",
                "starts_at": "2026-01-15T18:00:00+00:00",
                "record_date": "2026-01-01",
                "call": 1,
                "quorum": None,
                "attendance": {"eligible": 0, "present": 0, "represented": 0, "members": []},
                "proxies": [],
                "resolutions": [],
                "notes": "",
            }
        )
    )
    assert "“spéciale”" in text
    assert "Coopérative Œuvre" in text


def test_minutes_are_not_served_before_the_close(governance: Governance, convened: Meeting) -> None:
    client = governance.personas.client_for("alice")

    response = client.get(reverse("governance:meeting_minutes", args=["coop-a", convened.pk]))

    assert response.status_code == 404


def test_a_closed_meeting_cannot_change(governance: Governance, closed: Meeting) -> None:
    with pytest.raises(ServiceError) as refused:
        services.attendance_record(
            meeting=closed,
            by=governance.personas.alice,
            member=governance.members[5],
            mode="in_person",
        )

    assert refused.value.code == "meeting_state"

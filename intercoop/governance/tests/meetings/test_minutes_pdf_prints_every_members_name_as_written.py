"""The PDF minutes embed a Unicode font: names in Latin Extended, Greek, Cyrillic and
Vietnamese print exactly as written (a Latin-1 core font printed "??????? ??????")."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.test import override_settings
from django.urls import reverse

from intercoop.core.fonts import FontMissing
from intercoop.governance.models import Meeting
from intercoop.governance.rendering.minutes_pdf import minutes_pdf
from intercoop.governance.services import meetings as services
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.meetings.conftest import (
    MakeMeeting,
    add_agenda_item,
    on_the_day,
)

NAMES = [
    "Łukasz Żółć",
    "Γιώργος Παπαδόπουλος",
    "Дмитрий Иванов",
    "Nguyễn Thị Minh Khai",
]


def pdf_lines(data: bytes) -> list[str]:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return [line.strip() for page in pages for line in page.extract_text().splitlines()]


@pytest.fixture
def closed(governance: Governance, make_meeting: MakeMeeting) -> Meeting:
    meeting = make_meeting(language="fr", title="Assemblée générale — Ηλιόσπορος")
    add_agenda_item(meeting, "Утверждение отчёта")
    services.meeting_convene(meeting=meeting, by=governance.personas.alice)
    members = governance.members[3:7]
    for member, name in zip(members, NAMES, strict=True):
        member.name = name
        member.save(update_fields=["name"])
    services.meeting_update(
        meeting=meeting, by=governance.personas.alice, chair=NAMES[2], secretary=NAMES[3]
    )
    for member in members:
        services.attendance_record(
            meeting=meeting, by=governance.personas.alice, member=member, mode="in_person"
        )
    services.meeting_open(meeting=meeting, by=governance.personas.alice, now=on_the_day(meeting))
    return services.meeting_close(meeting=meeting, by=governance.personas.alice, notes="")


def test_every_script_is_extracted_from_the_pdf_exactly(
    governance: Governance, closed: Meeting
) -> None:
    client = governance.personas.client_for("bob")

    response = client.get(reverse("governance:meeting_minutes_pdf", args=["coop-a", closed.pk]))

    assert response.status_code == 200
    lines = pdf_lines(response.content)
    text = "\n".join(lines)
    for name in NAMES:
        assert name in lines or name in text, name
    assert "Ηλιόσπορος" in text
    assert "Утверждение отчёта" in text
    assert "?????" not in text
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        fonts |= {str(font.get_object()["/BaseFont"]) for font in resources["/Font"].values()}
    assert all("DejaVuSans" in font for font in fonts), fonts


def test_a_missing_font_fails_clearly_instead_of_dropping_names(
    closed: Meeting, tmp_path: Path
) -> None:
    with override_settings(NODE_MODULES=tmp_path), pytest.raises(FontMissing) as missing:
        minutes_pdf(closed.minutes_data or {})

    assert "dejavu-fonts-ttf" in str(missing.value)
    assert "DejaVuSans.ttf" in str(missing.value)

"""The calendar file of a fixed meeting, and the minutes of fixed facts in HTML and in the PDF's
text, are what is committed in ``pinned/``: a change to how they are written that changes a
single character (or, for the PDF, a word or a line of its text) shows up here.

The calendar files are served by the meeting's ``.ics`` address; the minutes are drawn from facts
stored as ``Meeting.minutes_data`` is, with every kind of block the minutes have (quorum by
college, attendance with a member who cannot vote, proxies, an adopted, a chosen, a failed and a
not voted resolution, weighted shares, notes), in each language. After an intended change, run
the test with ``INTERCOOP_WRITE_PINNED=1`` once: it writes the files anew and fails, so that they
are read and committed."""

from __future__ import annotations

import difflib
import io
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.conf import LazySettings
from django.urls import reverse

from intercoop.core.i18n import compile_catalogues
from intercoop.governance.models import Meeting
from intercoop.governance.rendering.minutes import minutes_html
from intercoop.governance.rendering.minutes_pdf import minutes_pdf
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.meetings.conftest import MakeMeeting, add_agenda_item

PINNED = Path(__file__).with_name("pinned")

MINUTES: dict[str, Any] = {
    "organization": "Boulangerie « Le Levain », SCIC",
    "title": "Assemblée générale 2026 — “Ηλιόσπορος”",
    "kind": "annual",
    "language": "en",
    "starts_at": "2026-06-20T16:00:00+00:00",
    "second_call_at": None,
    "opened_at": "2026-06-20T16:05:00+00:00",
    "closed_at": "2026-06-20T18:40:00+00:00",
    "record_date": "2026-05-31",
    "place": "Salle des fêtes, 3 rue de la Coopération",
    "remote_link": "https://meet.example.org/agm?room=a&b=<c>",
    "chair": "Дмитрий Иванов",
    "secretary": "",
    "call": 1,
    "quorum": {
        "call": 1,
        "checked_at": "2026-06-20T16:05:00+00:00",
        "eligible": 10,
        "present": 3,
        "represented": 1,
        "counted": 4,
        "rule": "1/3",
        "rule_percent": 100 / 3,
        "required": 4,
        "met": True,
        "colleges": [
            {
                "key": "workers",
                "name": "Workers",
                "eligible": 3,
                "present": 2,
                "represented": 0,
                "required": 1,
                "has_rule": True,
                "met": True,
            },
            {
                "key": "supporters",
                "name": "Supporters & friends",
                "eligible": 2,
                "present": 0,
                "represented": 1,
                "required": 0,
                "has_rule": False,
                "met": False,
            },
        ],
    },
    "attendance": {
        "eligible": 10,
        "present": 3,
        "represented": 1,
        "members": [
            {
                "number": 1,
                "name": "Alice",
                "mode": "in_person",
                "college": "Workers",
                "eligible": True,
                "holder": "",
            },
            {
                "number": 2,
                "name": "Nguyễn Thị Minh Khai",
                "mode": "remote",
                "college": "Workers",
                "eligible": True,
                "holder": "",
            },
            {
                "number": 3,
                "name": "Łukasz Żółć",
                "mode": "proxy",
                "college": "Supporters & friends",
                "eligible": True,
                "holder": "Alice",
            },
            {
                "number": 11,
                "name": "O'Brien <new>",
                "mode": "in_person",
                "college": "",
                "eligible": False,
                "holder": "",
            },
        ],
    },
    "proxies": [{"grantor": "Łukasz Żółć", "holder": "Alice"}],
    "resolutions": [
        {
            "id": 1,
            "title": "Approve the accounts of 2025",
            "question": "Do you approve the accounts?\nThey are attached.",
            "method": "yes_no",
            "threshold": "two_thirds",
            "state": "closed",
            "secrecy": "public",
            "adopted": True,
            "quorum_met": True,
            "winners": ["Yes"],
            "ballots": 4,
            "roll_size": 4,
            "counts": [["Yes", 3], ["No", 1], ["Blank", 0]],
            "shares": [["Yes", "93.33"], ["No", "6.67"]],
            "colleges": [
                {
                    "key": "workers",
                    "name": "Workers",
                    "ballots": 2,
                    "counts": [["Yes", 2], ["No", 0], ["Blank", 0]],
                },
                {"key": "supporters", "name": "Supporters & friends", "ballots": 1, "counts": []},
            ],
        },
        {
            "id": 2,
            "title": "Elect the board",
            "question": "",
            "method": "stv_scottish",
            "threshold": "majority",
            "state": "closed",
            "secrecy": "secret",
            "adopted": None,
            "quorum_met": None,
            "winners": ["Alice", "Дмитрий Иванов"],
            "ballots": 4,
            "roll_size": 4,
            "counts": [],
            "shares": [],
            "colleges": [],
        },
        {
            "id": 3,
            "title": "Change the rules",
            "question": "",
            "method": "yes_no",
            "threshold": "majority",
            "state": "closed",
            "secrecy": "public",
            "adopted": False,
            "quorum_met": False,
            "winners": [],
            "ballots": 1,
            "roll_size": 4,
            "counts": [["Yes", 1], ["No", 0]],
            "shares": [],
            "colleges": [],
        },
        {
            "id": 4,
            "title": "Any other business",
            "question": "",
            "method": "consent",
            "threshold": "majority",
            "state": "draft",
            "secrecy": "public",
            "adopted": None,
            "quorum_met": None,
            "winners": [],
            "ballots": None,
            "roll_size": None,
            "counts": [],
            "shares": [],
            "colleges": [],
        },
    ],
    "notes": "Séance levée à 20 h 40.\nMerci à tous.",
}


def check(name: str, written: bytes) -> None:
    pinned = PINNED / name
    if os.environ.get("INTERCOOP_WRITE_PINNED"):
        PINNED.mkdir(exist_ok=True)
        pinned.write_bytes(written)
        pytest.fail(f"{pinned} written: read it, then commit it")
    expected = pinned.read_bytes()
    diff = "".join(
        difflib.unified_diff(
            expected.decode().splitlines(keepends=True),
            written.decode().splitlines(keepends=True),
            "pinned",
            "written",
        )
    )
    assert written == expected, f"{name} is not written as pinned:\n{diff}"


@pytest.fixture
def fixed_settings(settings: LazySettings) -> None:
    settings.PUBLIC_URL = "https://coops.example.org:8443/"
    settings.TIME_ZONE = "Europe/Paris"
    compile_catalogues()


@pytest.mark.parametrize("case", ["convened-en", "second-call-fr", "cancelled-es"])
def test_the_calendar_file_is_written_as_pinned(
    case: str, governance: Governance, make_meeting: MakeMeeting, fixed_settings: None
) -> None:
    language = case.rsplit("-", 1)[1]
    meeting = make_meeting(
        language=language,
        title="Assemblée générale ordinaire; exercice 2025, avec élection du conseil — Ηλιόσπορος",
    )
    add_agenda_item(meeting, "Approve the accounts of 2025")
    add_agenda_item(meeting, "Élire le conseil d'administration, trois sièges; mandat de 3 ans")
    fixed = {
        "state": Meeting.State.CONVENED,
        "starts_at": datetime(2026, 6, 20, 16, 0, tzinfo=UTC),
        "created_at": datetime(2026, 5, 1, 9, 30, tzinfo=UTC),
        "convened_at": datetime(2026, 5, 2, 10, 15, 30, tzinfo=UTC),
    }
    if case == "second-call-fr":
        fixed |= {
            "state": Meeting.State.ADJOURNED,
            "call": 2,
            "second_call_at": datetime(2026, 6, 27, 8, 0, tzinfo=UTC),
            "place": "",
            "remote_link": "",
        }
    if case == "cancelled-es":
        fixed |= {"state": Meeting.State.CANCELLED, "convened_at": None}
    Meeting.objects.filter(pk=meeting.pk).update(**fixed)
    client = governance.personas.client_for("bob")

    response = client.get(reverse("governance:meeting_ics", args=["coop-a", meeting.pk]))

    assert response.status_code == 200
    # The meeting's id is the one part that depends on the database.
    written = response.content.replace(f"meeting-{meeting.pk}@".encode(), b"meeting-ID@")
    check(f"{case}.ics", written)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_minutes_are_written_as_pinned(language: str, fixed_settings: None) -> None:
    data = {**MINUTES, "language": language}

    check(f"minutes-{language}.html", minutes_html(data).encode())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_minutes_pdf_says_what_is_pinned(language: str, fixed_settings: None) -> None:
    pdf = minutes_pdf({**MINUTES, "language": language})

    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    text = "\n".join(page.extract_text() for page in pages) + "\n"
    check(f"minutes-{language}.pdf.txt", text.encode())

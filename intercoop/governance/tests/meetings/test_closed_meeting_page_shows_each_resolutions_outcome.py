"""Once a meeting is closed its page gives each resolution's outcome in the agenda (adopted
with the share of Yes, or the names chosen), and no empty "Running the meeting" section."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from intercoop.governance.models import Meeting
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.meetings.test_minutes_in_french_give_each_resolutions_result import (  # noqa: E501
    voted,
)

__all__ = ["voted"]
pytestmark = pytest.mark.django_db


def test_the_agenda_gives_the_outcomes(governance: Governance, voted: Meeting) -> None:
    client = governance.personas.client_for("alice")
    url = reverse("governance:meeting_detail", args=["coop-a", voted.pk])

    text = client.get("/en" + url.removeprefix("/fr").removeprefix("/en")).content.decode()

    agenda = text.split('id="agenda-heading"')[1].split("</table>")[0]
    assert re.search(
        r"<strong>Adopted</strong> — <span class=\"nowrap\">Yes: 75[.,]00 %</span>", agenda
    )
    assert "Chosen: <strong>Édith Piaf</strong>" in agenda
    assert "Running the meeting" not in text and 'id="chair-heading"' not in text
    # each term of the facts sits with its value
    assert re.search(r"<div><dt>[^<]+</dt><dd>", text)

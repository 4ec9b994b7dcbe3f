"""The audit log page reads as sentences in the reader's language: no action code, no JSON, no
ISO timestamp; each entry's details are a list of labelled values, with dates, numbers and
choices written the reader's way."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.test import Client

from intercoop.core.i18n import compile_catalogues
from intercoop.governance.audit import audit_append
from intercoop.governance.tests.conftest import Governance

NBSP = "\u00a0"
CHECKED = datetime(2026, 11, 26, 18, 5, 7, 123456, tzinfo=UTC)

EXPECTED = {
    "en": [
        "A meeting was adjourned for want of a quorum.",
        "A member&#x27;s status was changed.",
        "<dt>Checked at</dt><dd>26 November 2026, 18:05</dd>",
        "<dt>Status</dt><dd>Active</dd>",
        "<dt>Date</dt><dd>1 March 2026</dd>",
        "<dt>Eligible</dt><dd>1,234</dd>",
        "<dt>Rule (%)</dt><dd>33.5</dd>",
        "<dt>Met</dt><dd>no</dd>",
        "<dt>Name</dt><dd>Workers</dd>",
    ],
    "fr": [
        "Une assemblée a été ajournée faute de quorum.",
        "Le statut d&#x27;un membre a été modifié.",
        "<dt>Vérifié le</dt><dd>26 novembre 2026 18:05</dd>",
        "<dt>État</dt><dd>En activité</dd>",
        "<dt>Date</dt><dd>1 mars 2026</dd>",
        f"<dt>Habilités à voter</dt><dd>1{NBSP}234</dd>",
        "<dt>Règle (%)</dt><dd>33,5</dd>",
        "<dt>Atteint</dt><dd>non</dd>",
    ],
    "es": [
        "Se aplazó una asamblea por falta de quórum.",
        "Se modificó el estado de un miembro.",
        "<dt>Comprobado el</dt><dd>26 de noviembre de 2026 a las 18:05</dd>",
        f"<dd>1{NBSP}234</dd>",
        "<dd>33,5</dd>",
        "<dd>no</dd>",
    ],
}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_entries_are_sentences_with_their_details_laid_out(
    governance: Governance, lang: str
) -> None:
    compile_catalogues()
    coop = governance.personas.coop_a
    audit_append(
        organization=coop,
        action="meeting.adjourned",
        by=governance.personas.alice,
        data={
            "call": 1,
            "checked_at": CHECKED.isoformat(),
            "eligible": 1234,
            "rule_percent": 33.5,
            "met": False,
            "colleges": [{"key": "workers", "name": "Workers", "eligible": 3, "met": True}],
        },
    )
    audit_append(
        organization=coop,
        action="member.status_changed",
        by=governance.personas.alice,
        data={"number": "N-7", "status": "active", "on": "2026-03-01"},
    )

    client: Client = governance.personas.client_for("alice")
    page = client.get(f"/{lang}/orgs/{coop.slug}/audit/").content.decode()

    for expected in EXPECTED[lang]:
        assert expected in page
    text = re.sub(r"<[^>]+>", " ", page)
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text)
    assert "meeting.adjourned" not in page
    assert "member.status_changed" not in page
    assert "checked_at" not in page
    assert '{"' not in text and "&quot;" not in page

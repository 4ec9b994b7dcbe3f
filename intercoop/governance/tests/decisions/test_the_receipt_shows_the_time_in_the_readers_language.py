"""The receipt page gives the time a ballot was recorded in the reader's language and time zone,
not as the ISO timestamp its cookie carries (``2026-12-07T04:36:22.086587+00:00``)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.formats import date_format

from intercoop.core.i18n import compile_catalogues
from intercoop.governance.models import Decision, Member
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unweighted")]


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@override_settings(TIME_ZONE="America/Montreal")
def test_the_receipt_shows_a_localized_time(
    governance: Governance, voters: list[Member], make_decision: MakeDecision, lang: str
) -> None:
    compile_catalogues()
    decision: Decision = make_decision("single", secrecy="secret")
    option = decision.options.get(label="Anne").pk
    client = governance.personas.client_for("bob")
    member = governance.bob_member.pk

    cast = client.post(
        f"/{lang}/orgs/coop-a/decisions/{decision.pk}/vote/",
        {"member": member, f"m{member}-choice": option},
    )
    page = client.get(cast["Location"]).content.decode()

    text = re.sub(r"<[^>]+>", " ", page)
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text)
    shown = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', page)
    assert shown
    moment = datetime.fromisoformat(shown.group(1))
    assert abs((moment.astimezone(UTC) - timezone.now()).total_seconds()) < 300
    # in the site's time zone, written the reader's way
    with translation.override(lang), timezone.override("America/Montreal"):
        assert shown.group(2) == date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    assert moment.utcoffset() != UTC.utcoffset(None)

"""Minutes in French or Spanish write their figures that language's way: the weighted shares of
a resolution ("93,33", not "93.33") and the quorum's rule."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from intercoop.core.i18n import compile_catalogues
from intercoop.governance.models import Meeting
from intercoop.governance.rendering.minutes import minutes_html
from intercoop.governance.selectors.meetings import minutes_data

pytestmark = pytest.mark.django_db


def test_minutes_write_shares_and_the_quorum_rule_in_their_language() -> None:
    compile_catalogues()
    call_command("demo", stdout=io.StringIO())
    meeting = Meeting.objects.get(organization__slug="riverside-food-coop", closed_at__isnull=False)
    data = minutes_data(meeting)
    data["quorum"] = {**data["quorum"], "rule_percent": 100 / 3}

    english = minutes_html({**data, "language": "en"})
    shares = re.findall(r"<td>(\d+\.\d\d)</td>", english)
    assert shares, "the demo's minutes have weighted shares"
    assert "33.33" in english

    for lang in ("fr", "es"):
        html = minutes_html({**data, "language": lang})
        for share in shares:
            assert f"<td>{share.replace('.', ',')}</td>" in html
        assert not re.search(r"<td>\d+\.\d\d</td>", html)
        assert "33,33" in html and "33.33" not in html


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Members who could vote: 1; present: 1; represented by proxy: 0."),
        (
            "fr",
            "Membres pouvant voter\u00a0: 1\u00a0; présents\u00a0: 1\u00a0; "
            "représentés par procuration\u00a0: 0.",
        ),
        ("es", "Socios que podían votar: 1; presentes: 1; representados por poder: 0."),
    ],
)
def test_the_attendance_of_one_member_is_not_written_in_the_plural(
    lang: str, expected: str
) -> None:
    """ "1 members could vote; 1 were present" was written: the sentence now gives each figure
    after its label."""
    compile_catalogues()
    call_command("demo", stdout=io.StringIO())
    meeting = Meeting.objects.get(organization__slug="riverside-food-coop", closed_at__isnull=False)
    data = minutes_data(meeting)
    data["attendance"] = {**data["attendance"], "eligible": 1, "present": 1, "represented": 0}
    html = minutes_html({**data, "language": lang})
    assert expected in html

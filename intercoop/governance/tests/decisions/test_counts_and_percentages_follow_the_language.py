"""Counts take their plural form and percentages their language's decimal sign everywhere on a
decision's pages, the server-drawn chart included: "1 ballots" and "100.0 %" beside "100,0 %"
were both seen."""

from __future__ import annotations

import re

import pytest

from intercoop.core.i18n import compile_catalogues
from intercoop.governance.models import Member
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast

pytestmark = pytest.mark.django_db

LANGS = ["en", "fr", "es"]
ONE_BALLOT = {"en": "1 ballot (", "fr": "1 bulletin (", "es": "1 papeleta ("}
MANY = {"en": "1 ballots", "fr": "1 bulletins", "es": "1 papeletas"}
# A decimal written the other language's way, next to a percent sign.
WRONG_DECIMAL = {"en": r"\d,\d+\s?%", "fr": r"\d\.\d+\s?%", "es": r"\d\.\d+\s?%"}
DECIMAL = {"en": ".", "fr": ",", "es": ","}


@pytest.fixture(autouse=True)
def _catalogues() -> None:
    compile_catalogues()


def _page(governance: Governance, url: str) -> str:
    response = governance.personas.client_for("alice").get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("lang", LANGS)
def test_one_ballot_is_one_ballot(
    governance: Governance, voters: list[Member], make_decision: MakeDecision, lang: str
) -> None:
    decision = make_decision("single")
    cast(decision, voters[0], ["Anne"])

    page = _page(governance, f"/{lang}/orgs/coop-a/decisions/{decision.pk}/")

    assert ONE_BALLOT[lang] in page
    assert MANY[lang] not in page
    # 1 of the 10 members on the roll
    assert f"(10{DECIMAL[lang]}0\u00a0%)" in page


@pytest.mark.parametrize("lang", LANGS)
def test_the_result_chart_and_its_table_write_percentages_alike(
    governance: Governance, voters: list[Member], make_decision: MakeDecision, lang: str
) -> None:
    # Weighted colleges: the overall result is a share of the assembly's vote, in percent.
    decision = make_decision("single")
    for member, choice in zip(voters, ["Anne", "Anne", "Bob"] * 4, strict=False):
        cast(decision, member, [choice])
    decision_close(decision=decision, by=governance.personas.alice)

    page = _page(governance, f"/{lang}/orgs/coop-a/decisions/{decision.pk}/result/")

    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    shown = re.findall(r'class="bar-value">([^<]+)</text>', svg)
    assert shown, "the chart has no values"
    assert all(value.endswith("\u00a0%") for value in shown)
    assert any(DECIMAL[lang] in value for value in shown)
    table = page.split("</svg>", 1)[1].split("</table>", 1)[0]
    for value in shown:
        assert f"<td>{value}</td>" in table
    assert not re.search(WRONG_DECIMAL[lang], page)

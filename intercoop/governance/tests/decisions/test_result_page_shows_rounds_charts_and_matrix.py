"""The result page shows what the count did: a table per round for IRV and STV (votes,
transfers, elected or excluded), the pairwise matrix for Schulze, bar charts as inline SVG
with a title and a table alternative; no inline style or script, and the page stays light."""

from __future__ import annotations

import re

import pytest

from intercoop.governance.models import Member
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unweighted")]

A, B, C = "Anne", "Bob", "Carol"
RANKED = [[A], [A], [A], [B], [B], [B], [B], [C, A], [C, A], []]


def result_page(governance: Governance, decision_id: int) -> str:
    response = governance.personas.client_for("bob").get(
        f"/en/orgs/coop-a/decisions/{decision_id}/result/"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert len(response.content) < 50_000
    assert 'style="' not in text and "<script" not in text
    return text


def test_irv_rounds(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("irv")
    for member, ballot in zip(voters, RANKED, strict=True):
        cast(decision, member, ballot)
    decision_close(decision=decision, by=governance.personas.alice)
    text = result_page(governance, decision.pk)
    assert "<caption>Round 1</caption>" in text and "<caption>Round 2</caption>" in text
    round_1 = text.split("<caption>Round 1</caption>")[1].split("</table>")[0]
    assert re.search(r"<th scope=\"row\">Carol</th><td>2</td><td></td><td>excluded</td>", round_1)
    round_2 = text.split("<caption>Round 2</caption>")[1].split("</table>")[0]
    assert re.search(
        r"<th scope=\"row\">Anne</th><td>5</td><td>[^<]*</td><td>elected</td>", round_2
    )
    assert "<strong>Chosen: Anne.</strong>" in text


def test_schulze_matrix(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("schulze")
    for member, ballot in zip(voters, RANKED, strict=True):
        cast(decision, member, ballot)
    decision_close(decision=decision, by=governance.personas.alice)
    text = result_page(governance, decision.pk)
    matrix = text.split("Pairwise comparisons")[1].split("</table>")[0]
    # Anne is ranked above Bob on 5 ballots (3 alone, 2 after Carol), Bob above Anne on 4
    anne = matrix.split('<th scope="row">Anne</th>')[1].split("</tr>")[0]
    assert re.findall(r"<td>([^<]*)</td>", anne) == ["—", "5", "3"]


def test_bars_have_a_title_and_a_table(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single")
    for member, ballot in zip(
        voters, [[A], [B], [B], [C], [B], [A], [B], [], [C], [B]], strict=True
    ):
        cast(decision, member, ballot)
    decision_close(decision=decision, by=governance.personas.alice)
    text = result_page(governance, decision.pk)
    svg = text.split("<svg")[1].split("</svg>")[0]
    assert '<title id="overall-title">Overall result</title>' in svg
    assert 'class="bar bar-winner"' in svg
    table = text.split("</svg>")[1].split("</table>")[0]
    assert re.search(
        r'<th scope="row">Bob <strong>\(chosen\)</strong></th><td>5</td><td>55.6\u00a0%</td>', table
    )

"""A closed decision's result page says first what was decided and why: a vote below its quorum
is "Not adopted: the quorum was not reached (… of … members voted; … needed)", never "threshold
met", and nothing is marked chosen when the decision fails."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest

from intercoop.governance.models import Decision, Member
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_quorum(governance: Governance, unweighted: None) -> None:
    governance.rules.quorum_percent = Decimal(50)
    governance.rules.save()


def _close(governance: Governance, decision: Decision) -> Decision:
    return decision_close(decision=decision, by=governance.personas.alice)


def _page(governance: Governance, decision: Decision, language: str = "en") -> str:
    response = governance.personas.client_for("bob").get(
        f"/{language}/orgs/coop-a/decisions/{decision.pk}/result/"
    )
    assert response.status_code == 200
    return response.content.decode()


def _outcome(page: str) -> str:
    """The first paragraph of the result section: the outcome."""
    section = page[page.index('id="result-heading"') :]
    match = re.search(r"<p[^>]*>(.*?)</p>", section, re.S)
    assert match
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def test_a_vote_below_its_quorum_says_so_first(
    governance: Governance, voters: list[Member], make_decision: MakeDecision, half_quorum: None
) -> None:
    # given a yes/no vote where the 3 ballots cast of 10 are all Yes, below the 50 % quorum
    decision = make_decision("yes_no", ("Yes", "No"))
    for member in voters[:3]:
        cast(decision, member, ["Yes"])
    # when it closes
    html = _page(governance, _close(governance, decision))
    # then the outcome comes first, with the reason and its figures
    assert _outcome(html) == (
        "Not adopted: the quorum was not reached (3 of 10 members voted; 5 needed)."
    )
    assert "threshold met" not in html
    assert "(chosen)" not in html
    assert "bar-winner" not in html
    assert "Most votes in this college" in html
    assert "Chosen in this college" not in html
    # and the count is given for information without claiming anything was decided
    assert "but without its quorum the vote decides nothing" in html


def test_a_vote_below_its_quorum_in_french_and_spanish(
    governance: Governance, voters: list[Member], make_decision: MakeDecision, half_quorum: None
) -> None:
    decision = make_decision("yes_no", ("Yes", "No"))
    for member in voters[:3]:
        cast(decision, member, ["Yes"])
    decision = _close(governance, decision)
    assert _outcome(_page(governance, decision, "fr")).startswith(
        "Non adoptée\u00a0: le quorum n'a pas été atteint (votants\u00a0: 3 sur 10 membres\u00a0; "
        "5 requis)."
    )
    assert _outcome(_page(governance, decision, "es")).startswith(
        "No aprobada: no se alcanzó el quórum (votantes: 3 de 10 socios; mínimo: 5)."
    )


def test_a_college_below_its_own_quorum_is_named(
    governance: Governance, voters: list[Member], make_decision: MakeDecision, unweighted: None
) -> None:
    governance.rules.colleges.filter(key="supporters").update(quorum_percent=Decimal(50))
    decision = make_decision("single", ("Anne", "Bob", "Carol"))
    for member in voters[:8]:  # the workers and users, and one supporter of three
        cast(decision, member, ["Anne"])
    html = _page(governance, _close(governance, decision))
    assert _outcome(html) == (
        "No one is chosen: the college Supporters did not reach its quorum "
        "(1 of 3 members voted; 2 needed)."
    )
    assert "Chosen:" not in html
    assert "(chosen)" not in html


def test_a_vote_below_its_threshold_says_so_first(
    governance: Governance, voters: list[Member], make_decision: MakeDecision, half_quorum: None
) -> None:
    # given a two-thirds vote: 6 Yes and 4 No, a majority but not two thirds
    decision = make_decision("yes_no", ("Yes", "No"), threshold="two_thirds")
    for member in voters[:6]:
        cast(decision, member, ["Yes"])
    for member in voters[6:]:
        cast(decision, member, ["No"])
    html = _page(governance, _close(governance, decision))
    assert _outcome(html) == (
        "Not adopted: Yes received 60.0 % of the votes for or against; at least 66.7 % was needed."
    )
    assert "(chosen)" not in html
    assert "bar-winner" not in html


def test_an_adopted_vote_says_so_first_and_marks_its_choice(
    governance: Governance, voters: list[Member], make_decision: MakeDecision, half_quorum: None
) -> None:
    decision = make_decision("yes_no", ("Yes", "No"))
    for member in voters[:5]:
        cast(decision, member, ["Yes"])
    cast(decision, voters[5], ["No"])
    html = _page(governance, _close(governance, decision))
    assert _outcome(html) == (
        "Adopted: Yes received 83.3 % of the votes for or against (more than 50.0 % needed), "
        "and the quorum was reached."
    )
    assert "Yes <strong>(chosen)</strong>" in html
    assert "Chosen in this college" in html


def test_an_elected_candidate_is_still_shown_as_chosen(
    governance: Governance, voters: list[Member], make_decision: MakeDecision, half_quorum: None
) -> None:
    decision = make_decision("single", ("Anne", "Bob", "Carol"))
    for member in voters[:6]:
        cast(decision, member, ["Carol"])
    html = _page(governance, _close(governance, decision))
    assert _outcome(html) == "Chosen: Carol."
    assert "Carol <strong>(chosen)</strong>" in html

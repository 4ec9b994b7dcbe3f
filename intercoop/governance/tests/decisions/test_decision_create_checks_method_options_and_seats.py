"""Creating a decision checks its method, options and seats, with a clear message; yes/no
and consent get their fixed options; the form shows the problem and writes nothing."""

from __future__ import annotations

import pytest

from intercoop.core.errors import ServiceError
from intercoop.governance.models import Decision, Proposal
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "options", "kw", "code"),
    [
        ("single", ["Only one"], {}, "too_few_options"),
        ("approval", ["Same", " Same "], {}, "duplicate_option"),
        ("stv_scottish", ["A", "B"], {"seats": 2}, "seats_not_below_options"),
        ("irv", ["A", "B", "C"], {"seats": 2}, "seats_one"),
        ("score", ["A", "B"], {"max_score": 0}, "max_score_range"),
        ("plurality", ["A", "B"], {}, "method_unknown"),
        ("single", ["A", "B"], {"title": "  "}, "title_missing"),
    ],
)
def test_bad_decisions_are_refused(
    governance: Governance,
    make_decision: MakeDecision,
    method: str,
    options: list[str],
    kw: dict,
    code: str,
) -> None:
    with pytest.raises(ServiceError) as refused:
        make_decision(method, options, open=False, **kw)
    assert refused.value.code == code
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("method", "labels"),
    [("yes_no", ["Yes", "No"]), ("consent", ["Agree", "Abstain", "Disagree", "Block"])],
)
def test_fixed_options(
    governance: Governance, make_decision: MakeDecision, method: str, labels: list[str]
) -> None:
    decision = make_decision(method, ["ignored", "too"], open=False)
    assert [o.label for o in decision.options.order_by("position")] == labels


def test_fixed_options_follow_the_decisions_language(
    governance: Governance, make_decision: MakeDecision
) -> None:
    decision = make_decision("yes_no", open=False, language="fr")
    labels = [o.label for o in decision.options.order_by("position")]
    assert len(labels) == 2 and labels[0] != "" and len(set(labels)) == 2


def test_the_form_shows_the_problem_and_prefills_from_a_proposal(governance: Governance) -> None:
    proposal = Proposal.objects.create(
        organization=governance.personas.coop_a, title="New bylaws", body="...", language="en"
    )
    client = governance.personas.client_for("alice")
    url = f"/en/orgs/coop-a/decisions/new/?proposal={proposal.pk}"
    page = client.get(url).content.decode()
    assert 'value="New bylaws"' in page
    response = client.post(
        url,
        {
            "title": "Choose",
            "language": "en",
            "method": "single",
            "options": "Only one",
            "threshold": "majority",
            "seats": 1,
            "max_score": 5,
            "secrecy": "public",
            "record_date": "2026-01-01",
        },
    )
    assert response.status_code == 400
    assert "Give at least two options, one per line." in response.content.decode()
    assert not Decision.objects.exists()
    response = client.post(
        url,
        {
            "title": "Adopt the bylaws",
            "language": "en",
            "method": "yes_no",
            "options": "",
            "threshold": "two_thirds",
            "seats": 1,
            "max_score": 5,
            "secrecy": "secret",
            "allow_revote": "on",
            "record_date": "2026-01-01",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.proposal == proposal and decision.threshold == "two_thirds"

"""Messages are English templates with named parameters, so a web layer can translate them."""

from __future__ import annotations

import dataclasses
from datetime import date
from fractions import Fraction

import pytest

from intercoop_tools.rules.eligibility import MemberFacts
from intercoop_tools.rules.presets import custom, quebec, scic_france
from intercoop_tools.rules.proxies import check_proxy
from intercoop_tools.rules.rules import College, RulesError, validate

FRENCH = {
    "College '%(college)s' weighs %(weight)s %%, above the 50 %% the SCIC rules allow "
    "(art. 19 octies).": "Le collège « %(college)s » pèse %(weight)s %%, plus que les 50 %% "
    "permis aux SCIC (art. 19 octies).",
}


def test_a_problem_is_translated_with_its_values() -> None:
    with pytest.raises(RulesError) as caught:
        scic_france(
            [
                College("w", "Salariés", frozenset({"worker"}), Fraction(55, 100)),
                College("u", "Usagers", frozenset({"user"}), Fraction(25, 100)),
                College("c", "Collectivités", frozenset({"public_body"}), Fraction(20, 100)),
            ]
        )

    problem = caught.value.problems[0]
    assert problem.values == {"college": "Salariés", "weight": "55"}
    assert problem.translated(lambda m: FRENCH.get(m, m)) == (
        "Le collège « Salariés » pèse 55 %, plus que les 50 % permis aux SCIC (art. 19 octies)."
    )


def test_a_proxy_refusal_translates_its_cause_too() -> None:
    french = {
        "The holder cannot vote: %(reason)s": "Le mandataire ne peut pas voter : %(reason)s",
        "Suspended on %(date)s.": "Suspendu le %(date)s.",
    }
    ann = MemberFacts("ann", date(2020, 1, 1), "user")
    bob = MemberFacts("bob", date(2020, 1, 1), "user", ((date(2026, 1, 1), "suspended"),))

    with pytest.raises(RulesError) as caught:
        check_proxy(ann, bob, custom(), 0, date(2026, 6, 1))

    assert caught.value.problems[0].translated(lambda m: french.get(m, m)) == (
        "Le mandataire ne peut pas voter : Suspendu le 2026-06-01."
    )


def test_the_law_named_in_a_message_is_translated_too() -> None:
    french = {
        "Votes cannot be weighted by capital under %(law)s.": (
            "Les voix ne peuvent pas être pondérées par le capital selon %(law)s."
        ),
        "the Québec Cooperatives Act (C-67.2, s. 4)": (
            "la Loi sur les coopératives (C-67.2, art. 4)"
        ),
    }
    # given Québec rules that weigh votes by capital
    rules = dataclasses.replace(quebec(), weighting_by_capital=True)
    # when they are validated
    with pytest.raises(RulesError) as caught:
        validate(rules)
    # then the law's name is translated with the message around it
    problem = next(p for p in caught.value.problems if p.code == "capital_weighting_forbidden")
    assert problem.translated(lambda m: french.get(m, m)) == (
        "Les voix ne peuvent pas être pondérées par le capital selon la Loi sur les "
        "coopératives (C-67.2, art. 4)."
    )

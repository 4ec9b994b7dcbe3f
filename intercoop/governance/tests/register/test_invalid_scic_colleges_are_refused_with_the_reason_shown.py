"""Invalid SCIC colleges are refused: the page shows every problem's exact, translated reason,
and nothing of the rules, colleges or log changes."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation

from intercoop.governance.models import AuditEntry, RuleSet, VotingCollege
from intercoop.governance.tests.conftest import Governance


def rules_post(colleges: list[tuple[str, str, str]], **settings: str) -> dict[str, Any]:
    data = {
        "preset": "scic_france",
        "one_member_one_vote": "on",
        "proxies_allowed": "on",
        "min_membership_days_to_vote": "0",
        "notice_days": "15",
        "quorum_percent": "20",
        "second_call_quorum_percent": "0",
        "min_college_ballots_to_publish": "5",
        "categories_text": "worker: Workers\nuser: Users\nsupporting: Supporting\ncommunity: C",
        "colleges-TOTAL_FORMS": str(len(colleges)),
        "colleges-INITIAL_FORMS": "0",
        **settings,
    }
    for i, (key, categories, weight) in enumerate(colleges):
        data |= {
            f"colleges-{i}-key": key,
            f"colleges-{i}-name": key.title(),
            f"colleges-{i}-categories": categories,
            f"colleges-{i}-weight_percent": weight,
        }
    return data


def _state(governance: Governance) -> tuple[object, ...]:
    return (
        list(RuleSet.objects.filter(pk=governance.rules.pk).values_list()),
        sorted(VotingCollege.objects.values_list()),
        RuleSet.history.count(),
        AuditEntry.objects.count(),
    )


def test_two_colleges_one_above_half_are_refused_with_both_reasons(governance: Governance) -> None:
    # given two colleges, one weighing 60 %: two SCIC problems at once
    before = _state(governance)
    url = reverse("governance:rules_edit", args=[governance.personas.coop_a.slug])

    response = governance.personas.client_for("alice").post(
        url, rules_post([("workers", "worker", "60"), ("users", "user, supporting", "40")])
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "A SCIC with voting colleges needs at least 3 of them; these rules have 2 "
        "(art. 19 octies)." in page
    )
    assert (
        "College &#x27;Workers&#x27; weighs 60 %, above the 50 % the SCIC rules allow "
        "(art. 19 octies)." in page
    )
    assert _state(governance) == before


def test_the_reasons_are_shown_in_the_readers_language(governance: Governance) -> None:
    before = _state(governance)
    with translation.override("fr"):
        url = reverse("governance:rules_edit", args=[governance.personas.coop_a.slug])
    data = rules_post(
        [("workers", "worker", "60"), ("users", "user", "30"), ("supporters", "supporting", "10")]
    )

    response = governance.personas.client_for("alice").post(url, data)

    assert response.status_code == 400
    with translation.override("fr"):
        from django.utils.translation import gettext

        expected = gettext(
            "College '%(college)s' weighs %(weight)s %%, above the 50 %% the SCIC rules allow "
            "(art. 19 octies)."
        ) % {"college": "Workers", "weight": "60"}
    assert expected.replace("'", "&#x27;") in response.content.decode()
    assert _state(governance) == before


def test_valid_scic_rules_are_saved_versioned_and_audited(governance: Governance) -> None:
    url = reverse("governance:rules_edit", args=[governance.personas.coop_a.slug])
    versions = RuleSet.history.filter(id=governance.rules.pk).count()

    response = governance.personas.client_for("alice").post(
        url,
        rules_post(
            [
                ("workers", "worker", "50"),
                ("users", "user", "30"),
                ("supporters", "supporting, community", "20"),
            ],
            quorum_percent="25",
        ),
    )

    assert response.status_code == 302
    ruleset = RuleSet.objects.get(pk=governance.rules.pk)
    assert str(ruleset.quorum_percent) == "25.00"
    assert [(c.key, str(c.weight_percent)) for c in ruleset.colleges.all()] == [
        ("workers", "50.00"),
        ("users", "30.00"),
        ("supporters", "20.00"),
    ]
    assert RuleSet.history.filter(id=ruleset.pk).count() == versions + 1
    entry = AuditEntry.objects.filter(organization=governance.personas.coop_a).last()
    assert entry is not None and entry.action == "rules.changed"
    assert entry.data["colleges"][0] == {
        "key": "workers",
        "categories": ["worker"],
        "weight": "50",
        "quorum": None,
    }
    page = governance.personas.client_for("bob").get(
        reverse("governance:rules", args=[governance.personas.coop_a.slug])
    )
    assert "50.00 %" in page.content.decode()

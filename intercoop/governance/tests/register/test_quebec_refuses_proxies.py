"""Choosing the Québec preset with proxies allowed is refused with the law's reason; without
proxies and without weights, it is saved."""

from __future__ import annotations

from django.urls import reverse

from intercoop.governance.models import RuleSet
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.register.test_invalid_scic_colleges_are_refused_with_the_reason_shown import (  # noqa: E501
    rules_post,
)


def test_quebec_with_proxies_is_refused(governance: Governance) -> None:
    url = reverse("governance:rules_edit", args=[governance.personas.coop_a.slug])
    data = rules_post([], preset="quebec")  # proxies_allowed is on

    response = governance.personas.client_for("alice").post(url, data)

    assert response.status_code == 400
    assert (
        "Voting by proxy is forbidden in a Québec co-operative (C-67.2, s. 4 (2))."
        in response.content.decode()
    )
    assert RuleSet.objects.get(pk=governance.rules.pk).preset == "scic_france"


def test_quebec_without_proxies_is_saved(governance: Governance) -> None:
    url = reverse("governance:rules_edit", args=[governance.personas.coop_a.slug])
    data = rules_post([], preset="quebec")
    del data["proxies_allowed"]

    response = governance.personas.client_for("alice").post(url, data)

    assert response.status_code == 302
    ruleset = RuleSet.objects.get(pk=governance.rules.pk)
    assert (ruleset.preset, ruleset.proxies_allowed, ruleset.colleges.count()) == (
        "quebec",
        False,
        0,
    )

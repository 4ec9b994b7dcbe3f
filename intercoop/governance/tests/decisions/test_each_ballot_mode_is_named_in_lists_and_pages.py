"""The decisions list and each decision's page name the ballot's mode as it is (public, secret or
verifiable secret), in every language: a verifiable vote was once listed as "Public"."""

from __future__ import annotations

import re

import pytest

from intercoop.governance.models import Decision
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision

pytestmark = pytest.mark.django_db

# language → mode → (the list's word, the start of the decision page's explanation)
NAMES = {
    "en": {
        "public": ("Public", "Public: members see who voted what"),
        "secret": ("Secret", "Secret: no one can link a voter"),
        "verifiable": ("Verifiable secret", "Verifiable secret: encrypted in the voter"),
    },
    "fr": {
        "public": ("Public", "Public\u00a0: les membres voient"),
        "secret": ("Secret", "Secret\u00a0: personne ne peut relier"),
        "verifiable": ("Secret vérifiable", "Secret vérifiable\u00a0: chiffré dans le navigateur"),
    },
    "es": {
        "public": ("Pública", "Pública: los socios ven"),
        "secret": ("Secreta", "Secreta: nadie puede vincular"),
        "verifiable": ("Secreta y verificable", "Secreta y verificable: cifrada en el navegador"),
    },
}


@pytest.fixture
def decisions(governance: Governance, make_decision: MakeDecision) -> dict[str, Decision]:
    return {
        mode: make_decision("yes_no", ("Yes", "No"), open=False, secrecy=mode, title=f"Vote {mode}")
        for mode in ("public", "secret", "verifiable")
    }


def _row(html: str, title: str) -> str:
    match = re.search(rf"<tr><th scope=\"row\"><a [^>]*>{title}</a>.*?</tr>", html, re.S)
    assert match, f"no row for {title}"
    return match.group(0)


def _cells(row: str) -> list[str]:
    return re.findall(r"<td>(.*?)</td>", row, re.S)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_list_names_each_mode(
    governance: Governance, decisions: dict[str, Decision], language: str
) -> None:
    client = governance.personas.client_for("bob")
    html = client.get(f"/{language}/orgs/coop-a/decisions/").content.decode()
    for mode, decision in decisions.items():
        # the columns: method, ballot, state, closes
        assert _cells(_row(html, decision.title))[1] == NAMES[language][mode][0], mode


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_decision_page_names_each_mode(
    governance: Governance, decisions: dict[str, Decision], language: str
) -> None:
    client = governance.personas.client_for("bob")
    for mode, decision in decisions.items():
        html = client.get(f"/{language}/orgs/coop-a/decisions/{decision.pk}/").content.decode()
        shown = re.findall(r"<div><dt>[^<]*</dt><dd>([^<]*)", html)
        assert any(dd.startswith(NAMES[language][mode][1]) for dd in shown), (mode, shown)

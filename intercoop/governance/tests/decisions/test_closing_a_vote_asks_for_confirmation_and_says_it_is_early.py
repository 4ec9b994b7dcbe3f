"""Closing a vote takes two steps, without JavaScript: the button leads to a page that asks
("Close this vote now?"), says whether the vote is closing before its date and how many have
voted, and only a POST carrying that page's confirmation closes it."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from intercoop.governance.models import Decision, Member
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast

pytestmark = pytest.mark.django_db


def _text(response: object) -> str:
    content = response.content.decode()  # type: ignore[attr-defined]
    main = content[content.index("<main") : content.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def _url(decision: Decision, language: str = "en") -> str:
    return f"/{language}/orgs/coop-a/decisions/{decision.pk}/close/"


def test_the_decision_page_leads_to_the_confirmation_not_to_a_close(
    governance: Governance, make_decision: MakeDecision
) -> None:
    decision = make_decision("single")
    page = governance.personas.client_for("alice").get(f"/en/orgs/coop-a/decisions/{decision.pk}/")
    content = page.content.decode()
    assert f'<a class="button" href="{_url(decision)}">Close the vote and count it…</a>' in content
    assert f'action="{_url(decision)}"' not in content  # no one-click form any more


def test_a_post_without_the_confirmation_closes_nothing(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single")
    cast(decision, voters[2], ["Anne"])
    response = governance.personas.client_for("alice").post(_url(decision))
    assert response.status_code == 400
    assert "confirm on this page to close it" in _text(response)
    decision.refresh_from_db()
    assert decision.state == Decision.State.OPEN
    assert decision.result is None


def test_a_post_with_the_confirmation_closes_and_counts(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single")
    cast(decision, voters[2], ["Anne"])
    response = governance.personas.client_for("alice").post(_url(decision), {"confirm": "close"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/decisions/{decision.pk}/result/")
    decision.refresh_from_db()
    assert decision.state == Decision.State.CLOSED
    assert decision.result is not None


def test_the_confirmation_says_the_vote_closes_early_and_who_has_not_voted(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    closes_at = timezone.now() + timedelta(days=3)
    decision = make_decision("single", closes_at=closes_at)
    for member in voters[2:5]:
        cast(decision, member, ["Anne"])
    response = governance.personas.client_for("alice").get(_url(decision))
    assert response.status_code == 200
    text = _text(response)
    assert "Close this vote now?" in text
    assert "This vote would close early." in text
    assert re.search(
        rf"It is scheduled to close on [^.]*{closes_at.year}.*: closing early means members who "
        "have not voted yet can no longer vote",
        text,
    )
    assert "3 of 10 members on the roll have voted. 7 have not voted yet." in text
    assert 'name="confirm" value="close"' in response.content.decode()
    assert f'href="/en/orgs/coop-a/decisions/{decision.pk}/"' in response.content.decode()
    # and asking closed nothing
    decision.refresh_from_db()
    assert decision.state == Decision.State.OPEN


def test_the_confirmation_in_french_and_spanish(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single", closes_at=timezone.now() + timedelta(days=3))
    cast(decision, voters[2], ["Anne"])
    client = governance.personas.client_for("alice")
    french = _text(client.get(_url(decision, "fr")))
    assert "Clôturer ce vote maintenant ?" in french
    assert "Ce vote serait clôturé avant la date prévue." in french
    assert "1 membre sur 10 inscrits au registre a voté." in french
    spanish = _text(client.get(_url(decision, "es")))
    assert "¿Cerrar esta votación ahora?" in spanish
    assert "Esta votación se cerraría antes de tiempo." in spanish
    assert "Ha votado 1 de los 10 socios del censo." in spanish


def test_no_early_warning_once_the_date_has_passed(
    governance: Governance, make_decision: MakeDecision
) -> None:
    decision = make_decision("single", closes_at=timezone.now() + timedelta(days=3))
    Decision.objects.filter(pk=decision.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    text = _text(governance.personas.client_for("alice").get(_url(decision)))
    assert "Close this vote now?" in text
    assert "close early" not in text
    assert "It was scheduled to close on" in text

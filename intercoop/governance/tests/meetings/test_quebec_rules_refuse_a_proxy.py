from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from intercoop.core.errors import ServiceError
from intercoop.governance.models import AuditEntry, Meeting, Proxy
from intercoop.governance.services import meetings as services
from intercoop.governance.tests.conftest import Governance


@pytest.fixture
def quebec(governance: Governance) -> Governance:
    # Loi sur les coopératives, art. 4 (2°): no one votes by proxy.
    governance.rules.colleges.all().delete()
    governance.rules.preset = "quebec"
    governance.rules.proxies_allowed = False
    governance.rules.save()
    return governance


def test_the_board_cannot_record_a_proxy_under_quebec_rules(
    quebec: Governance, convened: Meeting
) -> None:
    with pytest.raises(ServiceError) as refused:
        services.proxy_record(
            meeting=convened,
            by=quebec.personas.alice,
            grantor=quebec.bob_member,
            holder=quebec.alice_member,
        )

    assert refused.value.code == "proxies_forbidden"
    assert refused.value.message == "These rules do not allow proxies."
    assert not Proxy.objects.exists()
    assert not AuditEntry.objects.filter(action="proxy.recorded").exists()


def test_the_reason_is_given_in_the_readers_language(quebec: Governance, convened: Meeting) -> None:
    with translation.override("fr"):
        with pytest.raises(ServiceError) as refused:
            services.proxy_record(
                meeting=convened,
                by=quebec.personas.alice,
                grantor=quebec.bob_member,
                holder=quebec.alice_member,
            )
        expected = gettext("These rules do not allow proxies.")

    assert refused.value.message == expected == "Ces règles n'autorisent pas les procurations."


def test_a_member_giving_their_own_proxy_sees_the_reason_on_the_form(
    quebec: Governance, convened: Meeting
) -> None:
    client = quebec.personas.client_for("bob")

    response = client.post(
        reverse("governance:meeting_proxies", args=["coop-a", convened.pk]),
        {"grantor": quebec.bob_member.pk, "holder": quebec.alice_member.pk},
    )

    assert response.status_code == 400
    assert "These rules do not allow proxies." in response.content.decode()
    assert not Proxy.objects.exists()

"""An issuer gives a label to an organization of the directory (a co-op's label): the
organization's public page shows it, checked live. Suspended it shows as not valid; revoked it is
gone, at once for every visitor (the page cache follows the write)."""

from __future__ import annotations

import pytest
from django.test import Client

from intercoop.conftest import Personas
from intercoop.labels import services
from intercoop.labels.models import Achievement, Credential
from intercoop.labels.tests.conftest import with_mfa
from intercoop.labels.tests.test_a_label_is_issued_accepted_checked_and_revoked import TEXTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def label(personas: Personas) -> Achievement:
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    return services.achievement_create(
        issuer=issuer,
        by=personas.alice,
        kind=Achievement.Kind.COOP_LABEL,
        texts={**TEXTS, "name_en": "Fair co-operative sourcing"},
    )


def _labels_on_page(client: Client) -> str:
    content = client.get("/en/orgs/coop-b/").content.decode()
    start = content.find("<h2>Labels</h2>")
    return "" if start < 0 else content[start : content.find("</ul>", start)]


@pytest.mark.parametrize("named", ["coop-b", "https://coops.example.org/fr/orgs/coop-b/"])
def test_the_page_issues_a_label_to_an_organization_by_its_address(
    label: Achievement, personas: Personas, named: str
) -> None:
    with_mfa(personas.alice)
    alice = personas.client_for("alice")

    response = alice.post(
        f"/en/orgs/coop-a/labels/achievements/{label.pk}/issue-organization/",
        {"org-organization": named, "org-language": "en"},
        follow=True,
    )

    assert "The label was issued to Co-op B" in response.content.decode()
    credential = Credential.objects.get()
    assert credential.recipient_organization == personas.coop_b
    section = _labels_on_page(Client())
    assert "Fair co-operative sourcing" in section
    assert "from Co-op A" in section
    assert "<strong>valid</strong>" in section


def test_an_unknown_organization_is_refused_clearly(label: Achievement, personas: Personas) -> None:
    with_mfa(personas.alice)

    response = personas.client_for("alice").post(
        f"/en/orgs/coop-a/labels/achievements/{label.pk}/issue-organization/",
        {"org-organization": "nobody-here", "org-language": "en"},
    )

    assert response.status_code == 400
    assert "No organization of this directory has this address." in response.content.decode()
    assert not Credential.objects.exists()


def test_suspended_it_shows_as_not_valid_and_revoked_it_is_gone(
    label: Achievement, personas: Personas
) -> None:
    credential = services.credential_issue(
        achievement=label, by=personas.alice, organization=personas.coop_b
    ).credential
    visitor = Client()
    assert "<strong>valid</strong>" in _labels_on_page(visitor)  # and now kept by the page cache

    services.credential_suspend(credential=credential, by=personas.alice, suspended=True)
    assert "<strong>not valid</strong>" in _labels_on_page(visitor)

    services.credential_revoke(credential=credential, by=personas.alice)
    assert _labels_on_page(visitor) == ""

"""The "Co-op share" label: the configured issuer signs an Open Badges 3.0 credential for the
resource's supplier, through the labels app's own issuing, with the share in the subject's
narrative and the trace's addresses as evidence; the labels verifier accepts it. Asking twice
gives one label; asking after the share changed replaces it; without an issuer, or without any
value along the chain, nothing is issued and the refusal says why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.test import Client
from django.urls import reverse

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import EconomicEvent
from intercoop.exchange.selectors.trace import resource_jsonld_url
from intercoop.exchange.services.coop_share import coop_share_label_issue
from intercoop.exchange.tests.coop_share_world import ShareWorld, build_chain, share_issuer
from intercoop.labels.models import Achievement, Credential, Issuer
from intercoop.labels.verifier import verify_credential

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def labels_key_file(tmp_path: Path, settings: LazySettings) -> Path:
    path = tmp_path / "labels_key"
    settings.LABELS_KEY_FILE = path
    return path


@pytest.fixture
def world(personas: Personas) -> ShareWorld:
    return build_chain(personas)


@pytest.fixture
def issuer(settings: LazySettings) -> Issuer:
    return share_issuer(settings)


def test_the_label_goes_to_the_supplier_with_the_share_and_the_trace_as_evidence(
    world: ShareWorld, issuer: Issuer
) -> None:
    label = coop_share_label_issue(resource=world.bread, by=world.personas.alice)

    credential = label.credential
    assert label.new
    assert credential.recipient_organization == world.personas.coop_a
    assert credential.achievement.issuer == issuer
    assert credential.achievement.name_en == "Co-op share"
    assert credential.achievement.kind == Achievement.Kind.COOP_LABEL
    document = json.loads(credential.document)
    narrative = document["credentialSubject"]["narrative"]
    assert "60.0%" in narrative and "Country loaf" in narrative
    ids = [e["id"] for e in document["evidence"]]
    assert len(ids) == 3
    assert ids[2] == resource_jsonld_url(world.bread)
    assert ids[0].endswith(f"/en/exchange/resources/{world.bread.uuid}/coop-share/")
    assert ids[1].endswith(f"/en/exchange/resources/{world.bread.uuid}/")
    assert ids[2].endswith(f"/exchange/vf/resources/{world.bread.uuid}.jsonld")
    assert all(e["type"] == ["Evidence"] for e in document["evidence"])


def test_the_label_verifies_with_the_labels_verifier(world: ShareWorld, issuer: Issuer) -> None:
    credential = coop_share_label_issue(resource=world.bread, by=world.personas.alice).credential

    verification = verify_credential(json.loads(credential.document))

    assert verification.ok, [(c.key, c.detail) for c in verification.checks if not c.ok]


def test_asking_twice_gives_one_label(world: ShareWorld, issuer: Issuer) -> None:
    first = coop_share_label_issue(resource=world.bread, by=world.personas.alice)
    again = coop_share_label_issue(resource=world.bread, by=world.personas.alice)

    assert not again.new
    assert again.credential == first.credential
    assert Credential.objects.count() == 1
    assert Achievement.objects.filter(issuer=issuer).count() == 1


def test_asking_after_the_share_changed_replaces_the_label(
    world: ShareWorld, issuer: Issuer
) -> None:
    first = coop_share_label_issue(resource=world.bread, by=world.personas.alice).credential
    EconomicEvent.objects.filter(pk=world.events["sell-wheat"].pk).update(value=None, currency="")

    second = coop_share_label_issue(resource=world.bread, by=world.personas.alice)

    first.refresh_from_db()
    assert second.new
    assert first.revoked_at is not None
    assert "40.0%" in json.loads(second.credential.document)["credentialSubject"]["narrative"]
    assert not verify_credential(json.loads(first.document)).ok
    assert verify_credential(json.loads(second.credential.document)).ok


def test_the_label_is_written_in_the_language_asked(world: ShareWorld, issuer: Issuer) -> None:
    credential = coop_share_label_issue(
        resource=world.bread, by=world.personas.alice, language="fr"
    ).credential

    document = json.loads(credential.document)
    assert document["credentialSubject"]["achievement"]["name"] == "Part coopérative"
    assert "60,0" in document["credentialSubject"]["narrative"]
    assert document["evidence"][0]["id"].endswith(
        f"/fr/exchange/resources/{world.bread.uuid}/coop-share/"
    )


def test_without_an_issuer_nothing_is_issued(world: ShareWorld, settings: LazySettings) -> None:
    settings.EXCHANGE_COOP_SHARE_ISSUER = ""

    with pytest.raises(ServiceError) as refused:
        coop_share_label_issue(resource=world.bread, by=world.personas.alice)

    assert refused.value.code == "no_coop_share_issuer"
    assert Credential.objects.count() == 0


def test_without_any_value_there_is_no_share_to_label(world: ShareWorld, issuer: Issuer) -> None:
    EconomicEvent.objects.update(value=None, currency="")

    with pytest.raises(ServiceError) as refused:
        coop_share_label_issue(resource=world.bread, by=world.personas.alice)

    assert refused.value.code == "no_share"
    assert Credential.objects.count() == 0
    assert Achievement.objects.count() == 0


def test_the_administrator_asks_from_the_page_and_sees_the_label(
    world: ShareWorld, issuer: Issuer
) -> None:
    client = world.personas.client_for("alice")
    page = reverse("exchange:resource_coop_share", args=[world.bread.uuid])
    assert "Ask for the co-op share label" in client.get(page).content.decode()

    response = client.post(reverse("exchange:resource_coop_share_label", args=[world.bread.uuid]))

    credential = Credential.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("labels:credential", args=[credential.uuid])
    shown = client.get(page).content.decode()
    assert reverse("labels:credential", args=[credential.uuid]) in shown
    # Anyone sees that the supplier holds it; only its administrators see the button.
    anonymous = Client().get(page).content.decode()
    assert reverse("labels:credential", args=[credential.uuid]) in anonymous
    assert "Ask for the co-op share label" not in anonymous


def test_a_refusal_is_shown_on_the_page(world: ShareWorld, settings: LazySettings) -> None:
    settings.EXCHANGE_COOP_SHARE_ISSUER = "nobody"
    client = world.personas.client_for("alice")

    response = client.post(
        reverse("exchange:resource_coop_share_label", args=[world.bread.uuid]), follow=True
    )

    assert "No issuer of co-op share labels is set up on this platform." in (
        response.content.decode()
    )
    assert Credential.objects.count() == 0


def test_the_label_s_page_shows_the_share_and_links_its_evidence(
    world: ShareWorld, issuer: Issuer
) -> None:
    credential = coop_share_label_issue(resource=world.bread, by=world.personas.alice).credential

    html = Client().get(reverse("labels:credential", args=[credential.uuid])).content.decode()

    assert "How it was met" in html and "60.0%" in html
    for evidence in json.loads(credential.document)["evidence"]:
        assert f'href="{evidence["id"]}"' in html

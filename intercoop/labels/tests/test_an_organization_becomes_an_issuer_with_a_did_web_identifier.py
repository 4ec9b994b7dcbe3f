"""An administrator with two-factor authentication makes their co-op an issuer: it gets a did:web
identifier on this instance, whose DID document (public, at the address did:web maps it to) holds
the Ed25519 key that the sealed private key signs with."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nacl.signing
import pytest
from django.conf import LazySettings
from django.test import Client

from intercoop.conftest import Personas
from intercoop.core.errors import Conflict
from intercoop.labels import keystore, selectors, services
from intercoop.labels.models import Issuer, IssuerKey
from intercoop.labels.tests.conftest import with_mfa
from intercoop.labels.vc.multibase import ed25519_from_multikey

pytestmark = pytest.mark.django_db


def _did_document(client: Client, issuer: Issuer) -> dict[str, Any]:
    response = client.get(f"/labels/issuers/{issuer.path}/did.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document: dict[str, Any] = json.loads(response.content)
    return document


def test_an_administrator_with_mfa_becomes_an_issuer_from_the_page(personas: Personas) -> None:
    with_mfa(personas.alice)
    client = personas.client_for("alice")

    page = client.get("/en/orgs/coop-a/labels/")
    assert b"Become an issuer" in page.content
    response = client.post("/en/orgs/coop-a/labels/", follow=True)

    issuer = Issuer.objects.get(organization=personas.coop_a)
    assert issuer.path == "coop-a"
    assert issuer.created_by == personas.alice
    assert IssuerKey.objects.filter(issuer=issuer).count() == 1
    content = response.content.decode()
    assert "Co-op A is now an issuer of labels." in content
    assert "did:web:" in content and ":labels:issuers:coop-a" in content
    assert "#key-1" in content and "Signs new labels" in content


def test_without_two_factor_authentication_nothing_is_done(personas: Personas) -> None:
    client = personas.client_for("alice")

    page = client.get("/en/orgs/coop-a/labels/")
    posted = client.post("/en/orgs/coop-a/labels/")

    assert page.status_code == posted.status_code == 302
    assert page["Location"] == posted["Location"] == "/en/accounts/2fa/totp/activate/"
    assert not Issuer.objects.exists()


@pytest.mark.parametrize(
    ("public_url", "did"),
    [
        ("https://coops.example.org", "did:web:coops.example.org:labels:issuers:coop-a"),
        ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000:labels:issuers:coop-a"),
        ("https://example.org/intercoop/", "did:web:example.org:intercoop:labels:issuers:coop-a"),
    ],
)
def test_the_did_follows_the_did_web_rules(
    personas: Personas, settings: LazySettings, public_url: str, did: str
) -> None:
    settings.PUBLIC_URL = public_url
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)

    assert selectors.issuer_did(issuer) == did
    assert _did_document(Client(), issuer)["id"] == did


def test_the_did_document_holds_the_key_the_sealed_seed_signs_with(personas: Personas) -> None:
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    key = IssuerKey.objects.get(issuer=issuer)

    document = _did_document(Client(), issuer)
    (method,) = document["verificationMethod"]
    did = selectors.issuer_did(issuer)
    assert method == {
        "id": f"{did}#key-1",
        "type": "Multikey",
        "controller": did,
        "publicKeyMultibase": method["publicKeyMultibase"],
    }
    assert document["assertionMethod"] == [f"{did}#key-1"]
    public = ed25519_from_multikey(method["publicKeyMultibase"])
    signed = nacl.signing.SigningKey(keystore.unseal(bytes(key.sealed_private_key))).sign(b"label")
    assert nacl.signing.VerifyKey(public).verify(signed) == b"label"


def test_renaming_the_organization_keeps_its_identifier(personas: Personas) -> None:
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    before = selectors.issuer_did(issuer)
    personas.coop_a.slug = "coop-a-renamed"
    personas.coop_a.save()

    issuer.refresh_from_db()
    assert selectors.issuer_did(issuer) == before
    assert _did_document(Client(), issuer)["id"] == before


def test_becoming_an_issuer_twice_is_refused_clearly(personas: Personas) -> None:
    services.issuer_create(organization=personas.coop_a, by=personas.alice)

    with pytest.raises(Conflict) as refused:
        services.issuer_create(organization=personas.coop_a, by=personas.alice)

    assert refused.value.message == "Co-op A is already an issuer of labels."
    assert IssuerKey.objects.count() == 1


def test_an_unknown_issuer_has_no_did_document() -> None:
    assert Client().get("/labels/issuers/nobody/did.json").status_code == 404


def test_the_labels_entry_shows_in_the_co_ops_menu_to_its_administrators(
    personas: Personas,
) -> None:
    with_mfa(personas.alice)
    for who, shown in (("alice", True), ("bob", False)):
        page = personas.client_for(who).get("/en/orgs/coop-a/")
        assert (b'href="/en/orgs/coop-a/labels/"' in page.content) == shown


def test_the_key_file_is_private_and_made_once(personas: Personas, labels_key_file: Path) -> None:
    services.issuer_create(organization=personas.coop_a, by=personas.alice)
    first = labels_key_file.read_bytes()
    services.issuer_create(organization=personas.coop_b, by=personas.alice)

    assert labels_key_file.stat().st_mode & 0o777 == 0o600
    assert labels_key_file.read_bytes() == first
    assert len(bytes.fromhex(first.decode())) == 32

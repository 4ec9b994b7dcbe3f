"""Rotating an issuer's key: the new key signs, the retired one stays in the DID document (what
it signed keeps verifying); a key marked compromised leaves it. A seed sealed under another
labels key file cannot be opened, and says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from intercoop.conftest import Personas
from intercoop.labels import keystore, selectors, services
from intercoop.labels.models import IssuerKey
from intercoop.labels.tests.conftest import with_mfa

pytestmark = pytest.mark.django_db


def _listed(issuer_path: str) -> list[str]:
    document = Client().get(f"/labels/issuers/{issuer_path}/did.json").json()
    return [m["id"].rsplit("#", 1)[1] for m in document["verificationMethod"]]


def test_a_retired_key_stays_in_the_did_document(personas: Personas) -> None:
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)

    new = services.issuer_key_rotate(issuer=issuer, by=personas.alice)

    assert new.number == 2
    assert selectors.signing_key(issuer) == new
    assert _listed(issuer.path) == ["key-1", "key-2"]
    old = IssuerKey.objects.get(issuer=issuer, number=1)
    assert old.retired_at is not None and old.compromised_at is None


def test_a_compromised_key_leaves_the_did_document(personas: Personas) -> None:
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    services.issuer_key_rotate(issuer=issuer, by=personas.alice)

    services.issuer_key_rotate(issuer=issuer, by=personas.alice, compromised=True)

    assert _listed(issuer.path) == ["key-1", "key-3"]
    assert IssuerKey.objects.get(issuer=issuer, number=2).compromised_at is not None


def test_the_page_rotates_and_marks_compromised(personas: Personas) -> None:
    with_mfa(personas.alice)
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    client = personas.client_for("alice")

    rotated = client.post("/en/orgs/coop-a/labels/issuer/rotate/", follow=True)
    replaced = client.post(
        "/en/orgs/coop-a/labels/issuer/rotate/", {"compromised": "yes"}, follow=True
    )

    assert "New labels are signed with key key-2." in rotated.content.decode()
    assert "marked compromised" in replaced.content.decode()
    assert _listed(issuer.path) == ["key-1", "key-3"]


def test_a_seed_sealed_under_another_key_file_cannot_be_opened(
    personas: Personas, labels_key_file: Path
) -> None:
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    key = IssuerKey.objects.get(issuer=issuer)
    sealed = bytes(key.sealed_private_key)
    assert len(sealed) == 72
    labels_key_file.unlink()  # lost: a new one is made at the next use

    with pytest.raises(keystore.KeystoreError) as refused:
        keystore.unseal(sealed)

    assert "Rotate the issuer's key" in refused.value.message
    services.issuer_key_rotate(issuer=issuer, by=personas.alice)
    assert _listed(issuer.path) == ["key-1", "key-2"]


def test_a_malformed_key_file_is_a_clear_error(labels_key_file: Path) -> None:
    labels_key_file.write_text("not hex")

    with pytest.raises(keystore.KeystoreError) as refused:
        keystore.seal(b"\0" * 32)

    assert str(labels_key_file) in refused.value.message

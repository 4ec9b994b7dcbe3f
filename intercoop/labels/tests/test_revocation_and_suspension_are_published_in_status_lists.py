"""Each label has an entry in its issuer's revocation list and suspension list (W3C Bitstring
Status List): lists of 131,072 bits, signed by the issuer and published where the entry says.
Revoking or suspending sets the label's bit and signs the list again, and every verifier that
reads the list sees it; the indexes are drawn at random, so a holder's neighbours say nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.labels import keystore, selectors, services
from intercoop.labels.models import Achievement, Credential, StatusList
from intercoop.labels.tests.test_a_label_is_issued_accepted_checked_and_revoked import TEXTS
from intercoop.labels.vc import dataintegrity, statuslist
from intercoop.labels.verifier import verify_credential

pytestmark = pytest.mark.django_db


@pytest.fixture
def achievement(personas: Personas) -> Achievement:
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    return services.achievement_create(issuer=issuer, by=personas.alice, kind="Course", texts=TEXTS)


def _issue(achievement: Achievement, personas: Personas, email: str) -> Credential:
    return services.credential_issue(
        achievement=achievement, by=personas.alice, email=email, notify=False
    ).credential


def _published(entry: dict[str, Any]) -> dict[str, Any]:
    url = entry["statusListCredential"]
    response = Client().get("/" + url.split("/", 3)[3])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+ld+json"
    document: dict[str, Any] = json.loads(response.content)
    assert document["id"] == url
    return document


def _bit(entry: dict[str, Any]) -> bool:
    subject = _published(entry)["credentialSubject"]
    return statuslist.get_bit(
        statuslist.decode(subject["encodedList"]), int(entry["statusListIndex"])
    )


def test_a_label_has_a_revocation_and_a_suspension_entry_in_signed_lists(
    achievement: Achievement, personas: Personas
) -> None:
    credential = _issue(achievement, personas, "lea@example.org")
    entries = json.loads(credential.document)["credentialStatus"]

    assert [e["statusPurpose"] for e in entries] == ["revocation", "suspension"]
    for entry in entries:
        assert entry["type"] == "BitstringStatusListEntry"
        published = _published(entry)
        assert published["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
        assert published["credentialSubject"]["statusPurpose"] == entry["statusPurpose"]
        bits = statuslist.decode(published["credentialSubject"]["encodedList"])
        assert len(bits) * 8 == 131_072
        assert not any(bits)
        proof = dataintegrity.verify(published, resolve_key=selectors.local_key)
        assert proof.controller == published["issuer"] == selectors.issuer_did(achievement.issuer)
    assert [c.key for c in verify_credential(json.loads(credential.document)).checks] == [
        "proof",
        "resolution",
        "issuer",
        "dates",
        "status:revocation",
        "status:suspension",
    ]


def test_revoking_sets_the_bit_in_the_published_list(
    achievement: Achievement, personas: Personas
) -> None:
    credential = _issue(achievement, personas, "lea@example.org")
    other = _issue(achievement, personas, "other@example.org")
    revocation = json.loads(credential.document)["credentialStatus"][0]

    services.credential_revoke(credential=credential, by=personas.alice)

    assert _bit(revocation)
    assert not _bit(json.loads(other.document)["credentialStatus"][0])
    checks = verify_credential(json.loads(credential.document)).checks
    assert [c.key for c in checks if not c.ok] == ["status:revocation"]
    assert verify_credential(json.loads(other.document)).ok


def test_suspending_and_reinstating_toggle_the_bit(
    achievement: Achievement, personas: Personas
) -> None:
    credential = _issue(achievement, personas, "lea@example.org")
    document = json.loads(credential.document)
    suspension = document["credentialStatus"][1]

    services.credential_suspend(credential=credential, by=personas.alice, suspended=True)
    assert _bit(suspension)
    assert [c.key for c in verify_credential(document).checks if not c.ok] == ["status:suspension"]
    services.credential_suspend(credential=credential, by=personas.alice, suspended=False)
    assert not _bit(suspension)
    assert verify_credential(document).ok

    services.credential_revoke(credential=credential, by=personas.alice)
    with pytest.raises(ServiceError) as refused:
        services.credential_suspend(credential=credential, by=personas.alice, suspended=False)
    assert refused.value.code == "revoked"


def test_indexes_are_drawn_at_random_and_never_shared(
    achievement: Achievement, personas: Personas
) -> None:
    result = services.credentials_import(
        achievement=achievement,
        content=("email\n" + "".join(f"l{n}@example.org\n" for n in range(40))).encode(),
        by=personas.alice,
    )
    indexes = [c.revocation_index for c in result.issued]

    assert len(set(indexes)) == 40
    assert all(i is not None for i in indexes)
    ordered = sorted(i for i in indexes if i is not None)
    # Sequential allocation would give 40 neighbours; random draws spread over the list.
    assert ordered[-1] - ordered[0] > 10_000
    assert StatusList.objects.filter(purpose="revocation").count() == 1


def test_a_list_signed_by_someone_else_proves_nothing(
    achievement: Achievement, personas: Personas
) -> None:
    credential = _issue(achievement, personas, "lea@example.org")
    status_list = StatusList.objects.get(purpose="revocation")
    published = json.loads(status_list.document)
    published["credentialSubject"]["encodedList"] = statuslist.encode(statuslist.empty())
    published["validFrom"] = "2030-01-01T00:00:00Z"  # changed after signing
    status_list.document = json.dumps(published)
    status_list.save()

    checks = verify_credential(json.loads(credential.document)).checks

    failed = [c for c in checks if not c.ok]
    assert [c.key for c in failed] == ["status:revocation"]


def test_after_a_compromised_key_the_lists_are_signed_again(
    achievement: Achievement, personas: Personas
) -> None:
    credential = _issue(achievement, personas, "lea@example.org")
    services.issuer_key_rotate(issuer=achievement.issuer, by=personas.alice, compromised=True)

    checks = verify_credential(json.loads(credential.document)).checks

    # The label itself was signed with the compromised key: it no longer verifies (the key is
    # no longer the issuer's, so it is not found); its lists, signed again with the new key,
    # still do.
    assert [c.key for c in checks if not c.ok] == ["resolution"]
    for status_list in StatusList.objects.all():
        proof = dataintegrity.verify(
            json.loads(status_list.document), resolve_key=selectors.local_key
        )
        assert proof.verification_method.endswith("#key-2")


def test_a_list_of_another_issuer_proves_nothing(
    achievement: Achievement, personas: Personas
) -> None:
    # Co-op B is an issuer too; a label that A signs but that points at B's list (where its bit
    # is 0) is not taken as unrevoked.
    other = services.issuer_create(organization=personas.coop_b, by=personas.alice)
    b_label = services.achievement_create(
        issuer=other, by=personas.alice, kind="Course", texts=TEXTS
    )
    b_entry = json.loads(_issue(b_label, personas, "b@example.org").document)["credentialStatus"]
    document = json.loads(_issue(achievement, personas, "lea@example.org").document)
    document.pop("proof")
    document["credentialStatus"] = b_entry
    key = selectors.signing_key(achievement.issuer)
    assert key is not None
    resigned = dataintegrity.sign(
        document,
        secret_key=keystore.unseal(bytes(key.sealed_private_key)),
        verification_method=f"{selectors.issuer_did(achievement.issuer)}#{key.fragment}",
    )

    checks = verify_credential(resigned).checks

    assert [c.key for c in checks if not c.ok] == ["status:revocation", "status:suspension"]
    assert "not this credential's issuer's list" in checks[-1].detail

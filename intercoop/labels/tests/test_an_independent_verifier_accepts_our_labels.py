"""The labels Intercoop issues verify with an independent verifier too: the Digital Credentials
Consortium's Node stack (@digitalcredentials/vc, DataIntegrityProof with eddsa-rdfc-2022),
offline, given only the contexts Intercoop holds, the issuer's DID document as the site
publishes it and the status lists as published. A person's label, labels issued from a CSV file
and labels signed before and after a key rotation all verify; a changed one, a revoked one and
one signed by a key marked compromised do not."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from intercoop.conftest import Personas
from intercoop.labels import selectors, services
from intercoop.labels.models import Achievement, Credential, Issuer
from intercoop.labels.tests import dcc
from intercoop.labels.tests.test_a_label_is_issued_accepted_checked_and_revoked import TEXTS
from intercoop.labels.vc.loader import CONTEXT_FILES
from intercoop.testing.requirements import require

pytestmark = pytest.mark.django_db

LEARNERS = "email,name,language\n" + "".join(
    f"learner{n}@example.org,Learner {n},{('en', 'fr', 'es')[n % 3]}\n" for n in range(1, 6)
)


@pytest.fixture(autouse=True)
def _node() -> None:
    reason = dcc.missing()
    require(not reason, reason)


@pytest.fixture
def achievement(personas: Personas) -> Achievement:
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    return services.achievement_create(issuer=issuer, by=personas.alice, kind="Course", texts=TEXTS)


def _published(url: str) -> dict[str, Any]:
    """What this site serves at ``url`` (a URL of its own)."""
    response = Client().get("/" + url.split("/", 3)[3])
    assert response.status_code == 200, url
    document: dict[str, Any] = response.json()
    return document


def _issue(achievement: Achievement, personas: Personas, email: str) -> dict[str, Any]:
    issued = services.credential_issue(
        achievement=achievement, by=personas.alice, email=email, notify=False
    )
    document: dict[str, Any] = json.loads(issued.credential.document)
    return document


def _dcc(issuer: Issuer, credentials: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The DCC verifier's verdicts, given the issuer's DID document and status lists as this
    site publishes them now."""
    did = Client().get(f"/labels/issuers/{issuer.path}/did.json").json()
    lists = {
        entry["statusListCredential"]
        for credential in credentials
        for entry in credential.get("credentialStatus", [])
    }
    return dcc.run(
        credentials, controllers=[did], documents={url: _published(url) for url in lists}
    )


def test_it_is_given_the_same_contexts_as_our_core() -> None:
    assert dcc.held_contexts() == CONTEXT_FILES


def test_a_persons_label_and_labels_from_a_csv_file_verify(
    achievement: Achievement, personas: Personas
) -> None:
    one = _issue(achievement, personas, "lea@example.org")
    imported = services.credentials_import(
        achievement=achievement, content=LEARNERS.encode(), by=personas.alice
    )
    bulk = [json.loads(c.document) for c in imported.issued]
    assert len(bulk) == 5

    verdicts = _dcc(achievement.issuer, [one, *bulk])

    assert verdicts == [{"verified": True, "error": ""}] * 6


def test_labels_signed_before_and_after_a_key_rotation_verify(
    achievement: Achievement, personas: Personas
) -> None:
    before = _issue(achievement, personas, "before@example.org")
    services.issuer_key_rotate(issuer=achievement.issuer, by=personas.alice)
    after = _issue(achievement, personas, "after@example.org")
    assert before["proof"]["verificationMethod"].endswith("#key-1")
    assert after["proof"]["verificationMethod"].endswith("#key-2")

    verdicts = _dcc(achievement.issuer, [before, after])

    assert verdicts == [{"verified": True, "error": ""}] * 2


def test_a_changed_label_does_not_verify(achievement: Achievement, personas: Personas) -> None:
    label = _issue(achievement, personas, "lea@example.org")
    renamed = json.loads(json.dumps(label))
    renamed["credentialSubject"]["achievement"]["name"] = "Something else"
    later = json.loads(json.dumps(label))
    later["validFrom"] = "2030-01-01T00:00:00Z"

    verdicts = _dcc(achievement.issuer, [label, renamed, later])

    assert [v["verified"] for v in verdicts] == [True, False, False]
    assert "signature" in verdicts[1]["error"].lower()


def test_a_revoked_label_does_not_verify(achievement: Achievement, personas: Personas) -> None:
    kept = _issue(achievement, personas, "kept@example.org")
    revoked = _issue(achievement, personas, "revoked@example.org")
    services.credential_revoke(
        credential=Credential.objects.get(recipient_email="revoked@example.org"),
        by=personas.alice,
    )

    verdicts = _dcc(achievement.issuer, [kept, revoked])

    assert verdicts[0] == {"verified": True, "error": ""}
    assert verdicts[1]["verified"] is False
    assert "revocation" in verdicts[1]["error"]


def test_a_label_signed_by_a_compromised_key_does_not_verify(
    achievement: Achievement, personas: Personas
) -> None:
    label = _issue(achievement, personas, "lea@example.org")
    services.issuer_key_rotate(issuer=achievement.issuer, by=personas.alice, compromised=True)

    verdicts = _dcc(achievement.issuer, [label])

    assert verdicts[0]["verified"] is False
    assert "not held" in verdicts[0]["error"]
    assert selectors.signing_key(achievement.issuer) is not None

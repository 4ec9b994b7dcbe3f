"""An issuer defines an achievement in three languages and issues it to a person: the person gets
an email with a link, accepts the label there, and anyone opening its public page sees every
check pass; the JSON is an Open Badges 3.0 credential signed with the issuer's did:web key,
naming the person only by a salted hash of their address. Revoked, it stops verifying as valid."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from intercoop.conftest import Personas
from intercoop.core.errors import Conflict, ServiceError
from intercoop.labels import selectors, services
from intercoop.labels.models import Achievement, Credential, Issuer
from intercoop.labels.tests.conftest import with_mfa
from intercoop.labels.vc import dataintegrity
from intercoop.labels.vc.openbadges import email_matches
from intercoop.labels.verifier import verify_credential

pytestmark = pytest.mark.django_db

TEXTS = {
    "name_en": "Co-operative governance basics",
    "name_fr": "Les bases de la gouvernance coopérative",
    "name_es": "Fundamentos de la gobernanza cooperativa",
    "description_en": "Six sessions on how a co-op decides.",
    "description_fr": "Six séances sur la façon dont une coopérative décide.",
    "description_es": "Seis sesiones sobre cómo decide una cooperativa.",
    "criteria_en": "Attended the six sessions and ran a mock general meeting.",
    "criteria_fr": "A suivi les six séances et animé une assemblée générale fictive.",
    "criteria_es": "Asistió a las seis sesiones y dirigió una asamblea general simulada.",
}


@pytest.fixture
def issuer(personas: Personas) -> Issuer:
    return services.issuer_create(organization=personas.coop_a, by=personas.alice)


@pytest.fixture
def achievement(issuer: Issuer, personas: Personas) -> Achievement:
    return services.achievement_create(
        issuer=issuer,
        by=personas.alice,
        kind=Achievement.Kind.COURSE,
        texts=TEXTS,
        alignments=[
            {"target_name": "ICA principle 5", "target_url": "https://ica.coop/en/principles"}
        ],
    )


def _link(body: str) -> str:
    found = re.search(r"https?://\S+/labels/accept/\S+/", body)
    assert found, body
    return found.group(0)


def test_the_whole_path_from_the_pages(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with_mfa(personas.alice)
    alice = personas.client_for("alice")
    alice.post("/en/orgs/coop-a/labels/")
    created = alice.post(
        "/en/orgs/coop-a/labels/achievements/", {"kind": "Course", **TEXTS}, follow=True
    )
    achievement = Achievement.objects.get()
    assert "The achievement was created." in created.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        issued = alice.post(
            f"/en/orgs/coop-a/labels/achievements/{achievement.pk}/",
            {"email": "Learner@Example.org", "name": "Lea Learner", "language": "fr"},
            follow=True,
        )
    assert "The label was issued to learner@example.org" in issued.content.decode()
    (message,) = mail.outbox
    assert message.to == ["learner@example.org"]
    assert "Les bases de la gouvernance coopérative" in message.subject
    link = _link(str(message.body))

    learner = Client()
    page = learner.get(urlsplit(link).path)
    # The label is in French, and so are the email and the page its link opens.
    assert urlsplit(link).path.startswith("/fr/labels/accept/")
    assert page.status_code == 200
    assert "Accepter le label" in page.content.decode()
    accepted = learner.post(urlsplit(link).path, follow=True)
    assert "Vous avez accepté le label." in accepted.content.decode()
    credential = Credential.objects.get()
    assert credential.accepted_at is not None

    public = Client().get(f"/en/labels/credentials/{credential.uuid}/")
    content = public.content.decode()
    assert "This label is valid: every check passes." in content
    # signature, issuer resolution, issuer's key, dates, two status lists
    assert content.count("Passes") == 6


def test_the_credential_is_a_signed_open_badge_naming_the_person_by_a_hash(
    achievement: Achievement, personas: Personas
) -> None:
    issued = services.credential_issue(
        achievement=achievement, by=personas.alice, email="lea@example.org", language="es"
    )
    response = Client().get(f"/labels/credentials/{issued.credential.uuid}")
    assert response["Content-Type"] == "application/vc+ld+json"
    assert response.content.decode() == issued.credential.document
    document = json.loads(response.content)

    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["id"].endswith(f"/labels/credentials/{issued.credential.uuid}")
    assert document["issuer"]["id"] == selectors.issuer_did(achievement.issuer)
    subject = document["credentialSubject"]
    assert subject["achievement"]["name"] == TEXTS["name_es"]
    assert subject["achievement"]["achievementType"] == "Course"
    assert subject["achievement"]["alignment"][0]["targetName"] == "ICA principle 5"
    assert "lea@example.org" not in response.content.decode()
    assert email_matches(subject["identifier"][0], "Lea@Example.org")
    assert not email_matches(subject["identifier"][0], "someone@example.org")
    proof = dataintegrity.verify(document, resolve_key=selectors.local_key)
    assert proof.cryptosuite == "eddsa-rdfc-2022"
    assert proof.controller == document["issuer"]["id"]


def test_a_changed_credential_does_not_verify(achievement: Achievement, personas: Personas) -> None:
    issued = services.credential_issue(
        achievement=achievement, by=personas.alice, email="lea@example.org"
    )
    document = json.loads(issued.credential.document)
    document["credentialSubject"]["achievement"]["name"] = "Something else"

    verification = verify_credential(document)

    assert not verification.ok
    assert [c.key for c in verification.checks if not c.ok] == ["proof"]


def test_revoked_it_stops_verifying_as_valid(achievement: Achievement, personas: Personas) -> None:
    with_mfa(personas.alice)
    issued = services.credential_issue(
        achievement=achievement, by=personas.alice, email="lea@example.org"
    )
    alice = personas.client_for("alice")

    alice.post(f"/en/orgs/coop-a/labels/credentials/{issued.credential.pk}/revoke/")

    document = json.loads(issued.credential.document)
    verification = verify_credential(document)
    assert [c.key for c in verification.checks if not c.ok] == ["status:revocation"]
    public = Client().get(f"/en/labels/credentials/{issued.credential.uuid}/")
    assert "This label is not valid." in public.content.decode()


def test_a_key_rotated_after_issuing_still_verifies_and_a_compromised_one_does_not(
    achievement: Achievement, personas: Personas
) -> None:
    issued = services.credential_issue(
        achievement=achievement, by=personas.alice, email="lea@example.org"
    )
    document = json.loads(issued.credential.document)

    services.issuer_key_rotate(issuer=achievement.issuer, by=personas.alice)
    assert verify_credential(document).ok
    services.issuer_key_rotate(issuer=achievement.issuer, by=personas.alice, compromised=True)
    assert verify_credential(document).ok  # key-1 was retired, not compromised
    later = services.credential_issue(
        achievement=achievement, by=personas.alice, email="other@example.org"
    )
    assert json.loads(later.credential.document)["proof"]["verificationMethod"].endswith("#key-3")


def test_the_same_label_to_the_same_person_twice_is_refused(
    achievement: Achievement, personas: Personas
) -> None:
    services.credential_issue(achievement=achievement, by=personas.alice, email="lea@example.org")

    with pytest.raises(Conflict) as refused:
        services.credential_issue(
            achievement=achievement, by=personas.alice, email=" LEA@example.org "
        )

    assert "already holds" in refused.value.message
    assert Credential.objects.count() == 1


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({}, "one_recipient"),
        ({"email": "a@example.org", "language": "de"}, "bad_language"),
    ],
)
def test_bad_issuing_is_refused_clearly(
    achievement: Achievement, personas: Personas, arguments: dict[str, Any], code: str
) -> None:
    with pytest.raises(ServiceError) as refused:
        services.credential_issue(achievement=achievement, by=personas.alice, **arguments)

    assert refused.value.code == code
    assert not Credential.objects.exists()


def test_an_achievement_missing_a_language_is_refused(issuer: Issuer, personas: Personas) -> None:
    with pytest.raises(ServiceError) as refused:
        services.achievement_create(
            issuer=issuer,
            by=personas.alice,
            kind="Course",
            texts={**TEXTS, "criteria_es": "  "},
        )

    assert "criteria_es" in refused.value.message
    assert not Achievement.objects.exists()


def test_a_wrong_link_is_a_clear_404() -> None:
    response = Client().get("/en/labels/accept/not-a-token/")

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_the_achievement_is_published_as_json(achievement: Achievement) -> None:
    response = Client().get(f"/labels/achievements/{achievement.uuid}")

    document = response.json()
    assert document["id"].endswith(f"/labels/achievements/{achievement.uuid}")
    assert document["name"] == TEXTS["name_en"]
    assert document["creator"]["id"] == selectors.issuer_did(achievement.issuer)

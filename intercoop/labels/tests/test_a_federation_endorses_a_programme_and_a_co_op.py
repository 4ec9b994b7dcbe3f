"""A federation endorses an education programme of another issuer and a co-operative of the
directory: each endorsement is an Open Badges 3.0 ``EndorsementCredential``, signed by the
federation, published at its ``id``, shown on what it endorses (the co-op's page, the labels of
the programme, the programme's JSON) and checked live. Withdrawn, it is revoked in the
federation's list and stops showing as valid. The DCC Node verifier accepts it too."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.labels import services
from intercoop.labels.models import Achievement, Endorsement, Issuer
from intercoop.labels.tests import dcc
from intercoop.labels.tests.conftest import with_mfa
from intercoop.labels.tests.test_a_label_is_issued_accepted_checked_and_revoked import TEXTS
from intercoop.labels.verifier import verify_credential
from intercoop.organizations.models import Role
from intercoop.testing.requirements import require

pytestmark = pytest.mark.django_db


@pytest.fixture
def federation(personas: Personas) -> Issuer:
    """Co-op A plays the federation: Alice administers it, with two-factor authentication."""
    with_mfa(personas.alice)
    return services.issuer_create(organization=personas.coop_a, by=personas.alice)


@pytest.fixture
def programme(personas: Personas) -> Achievement:
    """An education programme of Co-op B, which Charlie administers."""
    Role.objects.filter(organization=personas.coop_b, user=personas.charlie).update(role="admin")
    issuer = services.issuer_create(organization=personas.coop_b, by=personas.charlie)
    return services.achievement_create(
        issuer=issuer,
        by=personas.charlie,
        kind=Achievement.Kind.PROGRAMME,
        texts={**TEXTS, "name_en": "Co-operative management programme"},
    )


def _public(path: str) -> dict[str, Any]:
    response = Client().get(path)
    assert response.status_code == 200, path
    document: dict[str, Any] = json.loads(response.content)
    return document


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_the_federation_endorses_a_programme_from_its_page(
    federation: Issuer, programme: Achievement, personas: Personas
) -> None:
    alice = personas.client_for("alice")

    response = alice.post(
        "/en/orgs/coop-a/labels/endorsements/",
        {
            "programme-achievement": programme.pk,
            "programme-comment": "A rigorous programme, taught by practitioners.",
            "programme-language": "en",
        },
        follow=True,
    )

    assert "Co-op A endorses “Co-operative management programme”" in response.content.decode()
    endorsement = Endorsement.objects.get()
    document = _public(_path(json.loads(endorsement.document)["id"]))
    assert document["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert document["issuer"]["id"].endswith(":labels:issuers:coop-a")
    subject = document["credentialSubject"]
    assert subject["type"] == ["EndorsementSubject"]
    assert subject["endorsementComment"] == "A rigorous programme, taught by practitioners."
    assert _path(subject["id"]) == f"/labels/achievements/{programme.uuid}"
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert verify_credential(document).ok
    # The programme's public description carries the signed endorsement.
    assert _public(_path(subject["id"]))["endorsement"] == [document]


def test_a_label_of_an_endorsed_programme_shows_the_endorsement(
    federation: Issuer, programme: Achievement, personas: Personas
) -> None:
    services.endorsement_create(
        endorser=federation, by=personas.alice, achievement=programme, comment="Recommended."
    )
    issued = services.credential_issue(
        achievement=programme, by=personas.charlie, email="lea@example.org", notify=False
    )

    page = Client().get(f"/en/labels/credentials/{issued.credential.uuid}/").content.decode()

    assert "Endorsements of this programme" in page
    assert "Endorsed by Co-op A" in page
    assert "Recommended." in page


def test_the_federation_endorses_a_co_op_and_its_page_shows_it_checked_live(
    federation: Issuer, personas: Personas
) -> None:
    alice = personas.client_for("alice")
    alice.post(
        "/en/orgs/coop-a/labels/endorsements/",
        {
            "organization-organization": "https://coops.example.org/fr/orgs/coop-b/",
            "organization-comment": "Sources fairly from its members.",
            "organization-language": "en",
        },
    )
    endorsement = Endorsement.objects.get()
    assert endorsement.organization == personas.coop_b

    page = Client().get("/en/orgs/coop-b/").content.decode()
    section = page[page.find("<h2>Endorsements</h2>") :]
    assert "Endorsed by Co-op A" in section
    assert "Sources fairly from its members." in section
    assert "<strong>valid</strong>" in section

    verified = Client().post(
        "/api/v1/credentials/verify",
        {"verifiableCredential": json.loads(endorsement.document)},
        content_type="application/json",
    )
    assert verified.status_code == 200, verified.content
    assert "fields" in verified.json()["checks"]


def test_a_withdrawn_endorsement_is_revoked_for_every_verifier(
    federation: Issuer, personas: Personas
) -> None:
    endorsement = services.endorsement_create(
        endorser=federation, by=personas.alice, organization=personas.coop_b, comment="Good."
    )
    alice = personas.client_for("alice")

    alice.post(f"/en/orgs/coop-a/labels/endorsements/{endorsement.pk}/revoke/")

    endorsement.refresh_from_db()
    assert endorsement.revoked_at is not None
    verification = verify_credential(json.loads(endorsement.document))
    failed = [c.key for c in verification.checks if not c.ok]
    assert failed == ["status:revocation"]
    public = Client().get(f"/en/labels/endorsements/{endorsement.uuid}/").content.decode()
    assert "This endorsement is not valid." in public
    assert "Endorsed by Co-op A" not in Client().get("/en/orgs/coop-b/").content.decode()
    api = Client().post(
        "/api/v1/credentials/verify",
        {"verifiableCredential": json.loads(endorsement.document)},
        content_type="application/json",
    )
    assert api.status_code == 400
    # Withdrawn, it can be given again, as a new endorsement with its own entry.
    again = services.endorsement_create(
        endorser=federation, by=personas.alice, organization=personas.coop_b, comment="Again."
    )
    assert verify_credential(json.loads(again.document)).ok


def test_endorsements_and_labels_never_share_an_entry_of_a_list(
    federation: Issuer, personas: Personas
) -> None:
    course = services.achievement_create(
        issuer=federation, by=personas.alice, kind="Course", texts=TEXTS
    )
    label = services.credential_issue(
        achievement=course, by=personas.alice, email="lea@example.org", notify=False
    ).credential
    endorsement = services.endorsement_create(
        endorser=federation, by=personas.alice, organization=personas.coop_b, comment="Good."
    )
    assert endorsement.revocation_list == label.revocation_list

    services.endorsement_revoke(endorsement=endorsement, by=personas.alice)

    assert endorsement.revocation_index != label.revocation_index
    assert verify_credential(json.loads(label.document)).ok


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("own_programme", "An issuer does not endorse its own achievements."),
        ("itself", "An organization does not endorse itself."),
        ("no_comment", "This field is required."),
        ("unknown", "No organization of this directory has this address."),
    ],
)
def test_what_cannot_be_endorsed_is_refused_clearly_and_nothing_is_signed(
    federation: Issuer, personas: Personas, subject: str, message: str
) -> None:
    own = services.achievement_create(
        issuer=federation, by=personas.alice, kind="Course", texts=TEXTS
    )
    forms = {
        "own_programme": None,
        "itself": {"organization-organization": "coop-a", "organization-comment": "Us."},
        "no_comment": {"organization-organization": "coop-b", "organization-comment": "  "},
        "unknown": {"organization-organization": "nowhere", "organization-comment": "Hm."},
    }
    if subject == "own_programme":
        # Its own achievements are not offered; posted anyway, the service refuses them.
        with pytest.raises(ServiceError, match=message):
            services.endorsement_create(
                endorser=federation, by=personas.alice, achievement=own, comment="Ours."
            )
        page = personas.client_for("alice").get("/en/orgs/coop-a/labels/endorsements/")
        assert f'value="{own.pk}"' not in page.content.decode()
    else:
        response = personas.client_for("alice").post(
            "/en/orgs/coop-a/labels/endorsements/",
            {**(forms[subject] or {}), "organization-language": "en"},
        )
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Endorsement.objects.exists()


def test_a_double_submit_gives_one_endorsement(federation: Issuer, personas: Personas) -> None:
    alice = personas.client_for("alice")
    form = {
        "organization-organization": "coop-b",
        "organization-comment": "Good.",
        "organization-language": "en",
    }

    first = alice.post("/en/orgs/coop-a/labels/endorsements/", form)
    second = alice.post("/en/orgs/coop-a/labels/endorsements/", form)

    assert first.status_code == 302
    assert second.status_code == 400
    assert "Co-op A already endorses “Co-op B”." in second.content.decode()
    assert Endorsement.objects.count() == 1


def test_the_dcc_verifier_accepts_an_endorsement(federation: Issuer, personas: Personas) -> None:
    reason = dcc.missing()
    require(not reason, reason)
    endorsement = services.endorsement_create(
        endorser=federation, by=personas.alice, organization=personas.coop_b, comment="Good."
    )
    document = json.loads(endorsement.document)
    did = Client().get(f"/labels/issuers/{federation.path}/did.json").json()
    status = _path(document["credentialStatus"]["statusListCredential"])

    verdicts = dcc.run(
        [document],
        controllers=[did],
        documents={document["credentialStatus"]["statusListCredential"]: _public(status)},
    )

    assert verdicts == [{"verified": True, "error": ""}]

"""Every route of the labels app, for each of the four personas: Alice (administrator of co-op A,
with two-factor authentication) manages A's issuer, achievements and labels; Bob (member of A)
and Charlie (member of B) get 403; an anonymous visitor is sent to sign in. A label's public page,
its JSON and baked images, the achievement's JSON and image, the DID document and the verifier are
public, and so is the recipient's page, reached by the secret link of its email. Refused POSTs
change nothing."""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from intercoop.conftest import Personas
from intercoop.labels import public_urls, services
from intercoop.labels import urls as label_urls
from intercoop.labels.models import (
    Achievement,
    Credential,
    Endorsement,
    Issuer,
    IssuerKey,
    StatusList,
)
from intercoop.labels.tests.conftest import with_mfa
from intercoop.labels.tests.test_a_label_is_issued_accepted_checked_and_revoked import TEXTS
from intercoop.testing.factories import OrganizationFactory, RoleFactory
from intercoop.testing.persona_routes import (
    CASE,
    DONE,
    LOGIN,
    Expected,
    PersonaTable,
    Route,
    Row,
    url_names_of,
    writes_by,
)

pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("badge.png", buffer.getvalue(), content_type="image/png")


@dataclass
class World:
    personas: Personas
    issuer: Issuer
    achievement: Achievement
    credential: Credential
    token: str
    endorsement: Endorsement


@pytest.fixture
def world(personas: Personas) -> World:
    with_mfa(personas.alice)
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    achievement = services.achievement_create(
        issuer=issuer, by=personas.alice, kind="Course", texts=TEXTS, image=png()
    )
    issued = services.credential_issue(
        achievement=achievement, by=personas.alice, email="lea@example.org", notify=False
    )
    token = urlsplit(issued.accept_link).path.rstrip("/").rsplit("/", 1)[1]
    endorsement = services.endorsement_create(
        endorser=issuer, by=personas.alice, organization=personas.coop_b, comment="Well run."
    )
    OrganizationFactory.create(name="Co-op C", slug="coop-c")
    return World(personas, issuer, achievement, issued.credential, token, endorsement)


ROUTES: dict[str, Route[World]] = {
    "issuer": Route("labels:issuer", lambda w: ["coop-a"]),
    "rotate": Route("labels:issuer_key_rotate", lambda w: ["coop-a"]),
    "achievements": Route(
        "labels:achievements", lambda w: ["coop-a"], lambda w: {"kind": "Badge", **TEXTS}
    ),
    "achievement": Route(
        "labels:achievement",
        lambda w: ["coop-a", w.achievement.pk],
        lambda w: {"email": "new@example.org", "language": "en"},
    ),
    "issue_many": Route(
        "labels:achievement_issue_many",
        lambda w: ["coop-a", w.achievement.pk],
        lambda w: {
            "many-file": SimpleUploadedFile("l.csv", b"email\nmany@example.org\n"),
            "many-language": "en",
        },
    ),
    "issue_organization": Route(
        "labels:achievement_issue_organization",
        lambda w: ["coop-a", w.achievement.pk],
        lambda w: {"org-organization": "coop-b", "org-language": "en"},
    ),
    "revoke": Route("labels:credential_revoke", lambda w: ["coop-a", w.credential.pk]),
    "suspend": Route("labels:credential_suspend", lambda w: ["coop-a", w.credential.pk]),
    "status_list": Route(
        "labels_public:status_list",
        lambda w: [w.credential.revocation_list.uuid if w.credential.revocation_list else None],
    ),
    "accept": Route("labels:accept", lambda w: [w.token]),
    "credential": Route("labels:credential", lambda w: [w.credential.uuid]),
    "did": Route("labels_public:did_document", lambda w: [w.issuer.path]),
    "credential_json": Route("labels_public:credential_json", lambda w: [w.credential.uuid]),
    "achievement_json": Route("labels_public:achievement_json", lambda w: [w.achievement.uuid]),
    "image": Route("labels_public:achievement_image", lambda w: [w.achievement.uuid]),
    "badge_png": Route("labels_public:badge_png", lambda w: [w.credential.uuid]),
    "badge_svg": Route("labels_public:badge_svg", lambda w: [w.credential.uuid]),
    "endorsements": Route(
        "labels:endorsements",
        lambda w: ["coop-a"],
        lambda w: {
            "organization-organization": "coop-c",
            "organization-comment": "Trusted partner.",
            "organization-language": "en",
        },
    ),
    "endorsement_revoke": Route(
        "labels:endorsement_revoke", lambda w: ["coop-a", w.endorsement.pk]
    ),
    "endorsement": Route("labels:endorsement", lambda w: [w.endorsement.uuid]),
    "endorsement_json": Route("labels_public:endorsement_json", lambda w: [w.endorsement.uuid]),
    "verify": Route("labels:verify", data=lambda w: {"text": w.credential.document}),
}

# route, method: expected for alice, bob, charlie, anonymous
ROWS: list[Row] = [
    ("issuer", "GET", (200, 403, 403, LOGIN)),
    ("issuer", "POST", (DONE, 403, 403, LOGIN)),
    ("rotate", "POST", (DONE, 403, 403, LOGIN)),
    ("achievements", "GET", (200, 403, 403, LOGIN)),
    ("achievements", "POST", (DONE, 403, 403, LOGIN)),
    ("achievement", "GET", (200, 403, 403, LOGIN)),
    ("achievement", "POST", (DONE, 403, 403, LOGIN)),
    ("issue_many", "POST", (DONE, 403, 403, LOGIN)),
    ("issue_organization", "POST", (DONE, 403, 403, LOGIN)),
    ("revoke", "POST", (DONE, 403, 403, LOGIN)),
    ("suspend", "POST", (DONE, 403, 403, LOGIN)),
    ("endorsements", "GET", (200, 403, 403, LOGIN)),
    ("endorsements", "POST", (DONE, 403, 403, LOGIN)),
    ("endorsement_revoke", "POST", (DONE, 403, 403, LOGIN)),
    ("endorsement", "GET", (200, 200, 200, 200)),
    ("endorsement_json", "GET", (200, 200, 200, 200)),
    ("accept", "GET", (200, 200, 200, 200)),
    ("accept", "POST", (DONE, DONE, DONE, DONE)),
    ("credential", "GET", (200, 200, 200, 200)),
    ("did", "GET", (200, 200, 200, 200)),
    ("credential_json", "GET", (200, 200, 200, 200)),
    ("status_list", "GET", (200, 200, 200, 200)),
    ("achievement_json", "GET", (200, 200, 200, 200)),
    ("image", "GET", (200, 200, 200, 200)),
    ("badge_png", "GET", (200, 200, 200, 200)),
    ("badge_svg", "GET", (200, 200, 200, 200)),
    # The verifier: anyone checks a label, and checking writes nothing.
    ("verify", "GET", (200, 200, 200, 200)),
    ("verify", "POST", (200, 200, 200, 200)),
]


def protected_state(w: World) -> tuple[object, ...]:
    return (
        Issuer.objects.count(),
        list(IssuerKey.objects.order_by("pk").values_list("number", "retired_at")),
        Achievement.objects.count(),
        list(
            Credential.objects.order_by("pk").values_list(
                "pk", "revoked_at", "suspended_at", "accepted_at"
            )
        ),
        list(StatusList.objects.order_by("pk").values_list("pk", "bits", "document")),
        list(Endorsement.objects.order_by("pk").values_list("pk", "revoked_at")),
    )


TABLE = PersonaTable(
    routes=ROUTES,
    rows=ROWS,
    client=lambda w, who: w.personas.client_for(who),
    state=protected_state,
    changes=writes_by(
        {
            # A is already an issuer: becoming one again changes nothing.
            ("issuer", "POST"): (),
            ("rotate", "POST"): ("alice",),
            ("achievements", "POST"): ("alice",),
            ("achievement", "POST"): ("alice",),
            ("issue_many", "POST"): ("alice",),
            ("issue_organization", "POST"): ("alice",),
            ("revoke", "POST"): ("alice",),
            ("suspend", "POST"): ("alice",),
            ("endorsements", "POST"): ("alice",),
            ("endorsement_revoke", "POST"): ("alice",),
            # Whoever holds the link accepts: the link is the proof.
            ("accept", "POST"): ("alice", "bob", "charlie", "anonymous"),
        }
    ),
)


@pytest.mark.parametrize(CASE, TABLE.cases())
def test_route_answers_each_persona_as_the_table_says(
    world: World, route: str, method: str, who: str, expected: Expected
) -> None:
    TABLE.check(world, route, method, who, expected)


def test_every_labels_route_has_rows_in_the_table() -> None:
    names = url_names_of(label_urls.urlpatterns, "labels") | url_names_of(
        public_urls.urlpatterns, "labels_public"
    )

    assert names - TABLE.url_names() == set(), "add persona rows for these routes"


def test_a_co_op_s_labels_are_not_found_under_another_co_op_s_address(world: World) -> None:
    # Alice administers B too, which is an issuer: A's achievement and label asked for under
    # B's address are not found, and nothing is revoked.
    RoleFactory.create(organization=world.personas.coop_b, user=world.personas.alice, role="admin")
    services.issuer_create(organization=world.personas.coop_b, by=world.personas.alice)
    client = world.personas.client_for("alice")

    page = client.get(f"/en/orgs/coop-b/labels/achievements/{world.achievement.pk}/")
    revoke = client.post(f"/en/orgs/coop-b/labels/credentials/{world.credential.pk}/revoke/")

    assert page.status_code == revoke.status_code == 404
    world.credential.refresh_from_db()
    assert world.credential.revoked_at is None

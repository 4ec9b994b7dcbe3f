"""The labels of the demo: the federation is an issuer, its course on co-operative governance is
written in three languages, three people of the demo hold it, and the federation endorses one
of its co-operatives. Safe to run again."""

from __future__ import annotations

from typing import TextIO

from django.conf import settings
from django.urls import reverse

from intercoop.accounts.models import User
from intercoop.labels import selectors, services
from intercoop.labels.models import Achievement, Credential, Endorsement, Issuer
from intercoop.organizations.models import Organization

COURSE = {
    "name_en": "Co-operative governance basics",
    "name_fr": "Les bases de la gouvernance coopérative",
    "name_es": "Fundamentos de la gobernanza cooperativa",
    "description_en": "Six evening sessions on how a co-operative decides: members, the board, "
    "general meetings, voting rules and colleges.",
    "description_fr": "Six soirées sur la façon dont une coopérative décide : les membres, le "
    "conseil, les assemblées générales, les règles de vote et les collèges.",
    "description_es": "Seis sesiones vespertinas sobre cómo decide una cooperativa: las "
    "personas socias, el consejo, las asambleas generales, las reglas de voto y los colegios.",
    "criteria_en": "Attended the six sessions and chaired a mock general meeting.",
    "criteria_fr": "A suivi les six séances et présidé une assemblée générale fictive.",
    "criteria_es": "Asistió a las seis sesiones y presidió una asamblea general simulada.",
}
# Who holds the course, and in which language: (account, language).
HOLDERS = (
    ("alice@demo.intercoop.coop", "fr"),
    ("bob@demo.intercoop.coop", "en"),
    ("carmen@demo.intercoop.coop", "es"),
)


ENDORSEMENT = (
    "A member of the federation since its founding: its general meetings are well attended and "
    "its accounts are open to every member."
)


def load_labels_demo(
    *, federation_slug: str, admin_email: str, endorsed_slug: str, stdout: TextIO
) -> None:
    federation = Organization.objects.get(slug=federation_slug)
    admin = User.objects.get(email=admin_email)
    issuer = Issuer.objects.filter(organization=federation).first() or services.issuer_create(
        organization=federation, by=admin
    )
    course = Achievement.objects.filter(issuer=issuer, name_en=COURSE["name_en"]).first()
    if course is None:
        course = services.achievement_create(
            issuer=issuer,
            by=admin,
            kind=Achievement.Kind.COURSE,
            texts=COURSE,
            alignments=[
                {
                    "target_name": "ICA principle 5: education, training and information",
                    "target_url": "https://ica.coop/en/cooperatives/cooperative-identity",
                    "target_framework": "ICA Statement on the Co-operative Identity",
                    "target_code": "5",
                }
            ],
        )
    for email, language in HOLDERS:
        if not Credential.objects.filter(achievement=course, recipient_email=email).exists():
            holder = User.objects.get(email=email)
            services.credential_issue(
                achievement=course,
                by=admin,
                email=email,
                name=holder.name,
                language=language,
                notify=False,
            )
    endorsed = Organization.objects.get(slug=endorsed_slug)
    if not Endorsement.objects.filter(endorser=issuer, organization=endorsed).exists():
        services.endorsement_create(
            endorser=issuer, by=admin, organization=endorsed, comment=ENDORSEMENT
        )
    example = Credential.objects.filter(achievement=course, recipient_email=HOLDERS[1][0]).get()
    page = settings.PUBLIC_URL.rstrip("/") + reverse("labels:credential", args=[example.uuid])
    stdout.write(
        f"Labels: {federation.name} issues “{course.name_en}” (did "
        f"{selectors.issuer_did(issuer)}); {len(HOLDERS)} people hold it. Bob's label, with its "
        f"checks: {page}\n"
        f"Labels: {federation.name} endorses {endorsed.name} (shown on its page).\n"
    )

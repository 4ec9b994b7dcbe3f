"""The labels of the demo: the federation is an issuer, its course on co-operative governance is
written in three languages, three people of the demo hold it, and the federation gives one of
its co-operatives a co-operative label and endorses it. Safe to run again."""

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


# A co-operative label the federation gives one of its co-ops: it shows on the co-op's page and
# in the directory's label facet.
COOP_LABEL = {
    "name_en": "Democratic governance label",
    "name_fr": "Label de gouvernance démocratique",
    "name_es": "Sello de gobernanza democrática",
    "description_en": "The co-operative holds its general meetings every year, with one member, "
    "one vote, and publishes its accounts to its members.",
    "description_fr": "La coopérative tient chaque année son assemblée générale, une personne "
    "membre, une voix, et publie ses comptes à ses membres.",
    "description_es": "La cooperativa celebra cada año su asamblea general, una persona socia, "
    "un voto, y publica sus cuentas a sus personas socias.",
    "criteria_en": "Minutes of the last two general meetings and the accounts sent to members.",
    "criteria_fr": "Les procès-verbaux des deux dernières assemblées générales et les comptes "
    "envoyés aux membres.",
    "criteria_es": "Las actas de las dos últimas asambleas generales y las cuentas enviadas a "
    "las personas socias.",
}
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
    label = Achievement.objects.filter(issuer=issuer, name_en=COOP_LABEL["name_en"]).first()
    if label is None:
        label = services.achievement_create(
            issuer=issuer, by=admin, kind=Achievement.Kind.COOP_LABEL, texts=COOP_LABEL
        )
    if not Credential.objects.filter(achievement=label, recipient_organization=endorsed).exists():
        services.credential_issue(
            achievement=label, by=admin, organization=endorsed, language="fr", notify=False
        )
    example = Credential.objects.filter(achievement=course, recipient_email=HOLDERS[1][0]).get()
    page = settings.PUBLIC_URL.rstrip("/") + reverse("labels:credential", args=[example.uuid])
    stdout.write(
        f"Labels: {federation.name} issues “{course.name_en}” (did "
        f"{selectors.issuer_did(issuer)}); {len(HOLDERS)} people hold it. Bob's label, with its "
        f"checks: {page}\n"
        f"Labels: {federation.name} endorses {endorsed.name} and gives it the "
        f"“{label.name_en}” (both shown on its page).\n"
    )

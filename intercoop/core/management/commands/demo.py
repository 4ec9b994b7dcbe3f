from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.ballots.demo import load_ballots_demo
from intercoop.governance.demo import load_governance_demo
from intercoop.organizations.models import Offer, Organization, Relationship, Role

DEMO_PASSWORD = "cooperate-demo-2026"  # noqa: S105 -- demo accounts only; refused on HTTPS sites

FEDERATION = {
    "slug": "federation-saint-laurent",
    "name": "Fédération des coopératives du Saint-Laurent",
    "kind": Organization.Kind.ALLY,
    "ally_category": Organization.AllyCategory.ASSOCIATION_OF_COOPS,
    "description": "Fédération régionale qui soutient et représente les coopératives de la vallée.",
    "description_language": "fr",
    "mission": "Faire grandir une économie coopérative forte et solidaire dans la vallée du "
    "Saint-Laurent.",
    "mission_language": "fr",
    "website": "https://federation.example.coop",
    "locality": "Québec",
    "region": "Québec",
    "country": "CA",
    "latitude": 46.8139,
    "longitude": -71.2080,
    "structure": "OS200",
}
COOPS = [
    {
        "slug": "riverside-food-coop",
        "name": "Riverside Food Co-op",
        "description": "A consumer-owned grocery selling local, organic and bulk food since 1998.",
        "description_language": "en",
        "mission": "Good, fair food for every household in the neighbourhood, owned by the "
        "people who eat it.",
        "mission_language": "en",
        "website": "https://riverside.example.coop",
        "locality": "Montréal",
        "region": "Québec",
        "country": "CA",
        "latitude": 45.5019,
        "longitude": -73.5674,
        "activity": "ICA240",
        "structure": "OS80",
        "membership_type": "BMT10",
    },
    {
        "slug": "energie-citoyenne-des-monts",
        "name": "Coopérative d'énergie citoyenne des Monts",
        "description": "Coopérative de production d'électricité solaire et éolienne, détenue par "
        "les habitants de la région.",
        "description_language": "fr",
        "mission": "Produire ici une énergie propre qui appartient à celles et ceux qui la "
        "consomment.",
        "mission_language": "fr",
        "website": "https://energie-monts.example.coop",
        "locality": "Sainte-Anne-des-Monts",
        "region": "Québec",
        "country": "CA",
        "latitude": 49.1240,
        "longitude": -66.4920,
        "activity": "ICA230",
        "structure": "OS100",
        "membership_type": "BMT40",
    },
    {
        "slug": "cooperativa-la-minga",
        "name": "Cooperativa de Trabajo La Minga",
        "description": "Cooperativa de trabajo de desarrollo de software libre y servicios "
        "digitales para la economía social.",
        "description_language": "es",
        "mission": "Poner la tecnología libre al servicio de las cooperativas y de la economía "
        "social.",
        "mission_language": "es",
        "website": "https://laminga.example.coop",
        "locality": "Buenos Aires",
        "region": "Ciudad Autónoma de Buenos Aires",
        "country": "AR",
        "latitude": -34.6037,
        "longitude": -58.3816,
        "activity": "ICA110",
        "structure": "OS60",
        "membership_type": "BMT30",
    },
]
# What each co-op offers: (kind, text, tags), in the language of its description.
OFFERS = {
    "riverside-food-coop": [
        (
            Offer.Kind.PRODUCT,
            "Organic fruit and vegetables from farms within 100 km",
            "organic, local food, vegetables, fruit",
        ),
        (
            Offer.Kind.PRODUCT,
            "Bulk grains, pulses and oils: bring your own containers",
            "bulk, zero waste, grains",
        ),
        (
            Offer.Kind.SERVICE,
            "Weekly grocery delivery by cargo bike",
            "delivery, cargo bike, groceries",
        ),
    ],
    "energie-citoyenne-des-monts": [
        (
            Offer.Kind.PRODUCT,
            "Électricité solaire et éolienne produite dans la région",
            "électricité, énergie renouvelable, solaire, éolien",
        ),
        (
            Offer.Kind.SERVICE,
            "Accompagnement des municipalités dans leurs projets d'énergie communautaire",
            "conseil, municipalités, énergie communautaire",
        ),
    ],
    "cooperativa-la-minga": [
        (
            Offer.Kind.SERVICE,
            "Desarrollo de software libre a medida para cooperativas",
            "software libre, desarrollo web, cooperativas",
        ),
        (
            Offer.Kind.SERVICE,
            "Alojamiento web y correo electrónico en servidores propios",
            "alojamiento web, correo electrónico, soberanía tecnológica",
        ),
    ],
}
PEOPLE = [
    ("alice@demo.intercoop.coop", "Alice Martin", "fr", "riverside-food-coop", Role.Name.ADMIN),
    ("bob@demo.intercoop.coop", "Bob Singh", "en", "riverside-food-coop", Role.Name.MEMBER),
    ("carmen@demo.intercoop.coop", "Carmen Quispe", "es", "cooperativa-la-minga", Role.Name.ADMIN),
    (
        "dominique@demo.intercoop.coop",
        "Dominique Tremblay",
        "fr",
        "federation-saint-laurent",
        Role.Name.ADMIN,
    ),
    (
        "elise@demo.intercoop.coop",
        "Élise Gagnon",
        "fr",
        "energie-citoyenne-des-monts",
        Role.Name.ADMIN,
    ),
    (
        "farid@demo.intercoop.coop",
        "Farid Haddad",
        "fr",
        "energie-citoyenne-des-monts",
        Role.Name.STAFF,
    ),
]


def _load_offers(coop: Organization, offers: Sequence[tuple[str, str, str]], language: str) -> None:
    """The co-op's offers, written only where they differ: a second run adds no version."""
    for position, (kind, text, tags) in enumerate(offers):
        values = {"kind": kind, "text": text, "tags": tags, "language": language}
        offer = coop.offers.filter(position=position).first()
        if offer is None:
            Offer.objects.create(organization=coop, position=position, **values)
        elif any(getattr(offer, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(offer, name, value)
            offer.save()
    for extra in coop.offers.filter(position__gte=len(offers)):
        extra.delete()


class Command(BaseCommand):
    help = (
        "Load demo data: a federation, three co-ops with their offers, their people and roles. "
        "Safe to run again. "
        "Refused on an HTTPS (production) site."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Load even on an HTTPS site (never in production)."
        )

    @transaction.atomic
    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if settings.HTTPS and not force:
            raise CommandError(
                "This site is served over HTTPS, so it looks like production; demo accounts with a "
                "published password are refused there. Use --force on a staging site."
            )
        federation, _ = Organization.objects.update_or_create(
            slug=FEDERATION["slug"], defaults=FEDERATION
        )
        for data in COOPS:
            coop, _ = Organization.objects.update_or_create(
                slug=data["slug"], defaults={**data, "kind": Organization.Kind.COOP}
            )
            # The demo's federation has confirmed its members: they are public.
            Relationship.objects.get_or_create(
                subject=coop,
                predicate=Relationship.Predicate.MEMBER_OF,
                object=federation,
                defaults={"confirmed_at": timezone.now()},
            )
            _load_offers(coop, OFFERS[coop.slug], language=coop.description_language)
        for email, name, language, slug, role in PEOPLE:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, DEMO_PASSWORD, name=name, language=language)
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            Role.objects.update_or_create(
                organization=Organization.objects.get(slug=slug), user=user, defaults={"role": role}
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: 1 federation, {len(COOPS)} co-ops, {len(PEOPLE)} people. "
                f"Sign in as alice@demo.intercoop.coop (admin of Riverside Food Co-op) with the "
                f"password {DEMO_PASSWORD}."
            )
        )
        load_governance_demo(stdout=self.stdout)
        load_ballots_demo(stdout=self.stdout)

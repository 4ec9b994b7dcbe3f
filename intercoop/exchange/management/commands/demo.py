from __future__ import annotations

import io
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from intercoop.accounts.models import User
from intercoop.ballots import selectors
from intercoop.ballots.demo import OPEN_AUTHORITY, load_ballots_demo
from intercoop.ballots.models import Election
from intercoop.core.management.demo_files import (
    DEMO_CREDENTIALS_FILE,
    DEMO_LETTERS_FILE,
    demo_credentials_path,
    demo_letters_path,
    shown_path,
)
from intercoop.core.management.steps import step
from intercoop.datacoop.demo import load_datacoop_demo
from intercoop.exchange.demo import ADMINS as EXCHANGE_ADMINS
from intercoop.exchange.demo import SUPPLIERS as EXCHANGE_SUPPLIERS
from intercoop.exchange.demo import load_exchange_demo
from intercoop.governance.demo import RIVERSIDE, load_governance_demo
from intercoop.labels.demo import load_labels_demo
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
        "Load demo data: a federation, three co-ops with their offers, their people and roles, "
        "their governance, two verifiable votes, the federation's labels, the exchange and a "
        "members' dataset with their consents; Alice's credential "
        f"for the open vote is written to {DEMO_CREDENTIALS_FILE} in the data directory, and the "
        f"credential letters of the members without an account to {DEMO_LETTERS_FILE}. Safe to "
        "run again. Refused on an HTTPS (production) site."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Load even on an HTTPS site (never in production)."
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if settings.HTTPS and not force:
            raise CommandError(
                "This site is served over HTTPS, so it looks like production; demo accounts with a "
                "published password are refused there. Use --force on a staging site."
            )
        started = time.monotonic()
        self.stdout.write("Loading the demo:")
        said = io.StringIO()  # what the governance and ballots loaders say, shown at the end
        # The rate limits count in the cache, a database table without Redis: a database set up
        # by `intercoop migrate` alone (the README's command) does not have it yet.
        call_command("createcachetable", verbosity=0)
        with transaction.atomic():
            with step(self.stdout, "  organizations and their offers"):
                _load_organizations()
            with step(self.stdout, "  people and their roles"):
                _load_people()
            with step(self.stdout, "  governance: registers, proposals, votes, general meetings"):
                load_governance_demo(stdout=said)
            with step(self.stdout, "  verifiable ballots: two votes and their key ceremonies"):
                code = load_ballots_demo(stdout=said, letters=demo_letters_path())
            with step(
                self.stdout, "  verifiable labels: an issuer, a course, its holders, an endorsement"
            ):
                load_labels_demo(
                    federation_slug=str(FEDERATION["slug"]),
                    admin_email="dominique@demo.intercoop.coop",
                    endorsed_slug=RIVERSIDE,
                    stdout=said,
                )
            with step(
                self.stdout,
                "  exchange: suppliers' catalogues, a closed group purchase and its trace, an "
                "open one",
            ):
                load_exchange_demo(
                    coordinator_slug=str(FEDERATION["slug"]),
                    coordinator_email="dominique@demo.intercoop.coop",
                    password=DEMO_PASSWORD,
                    stdout=said,
                )
            with step(
                self.stdout,
                "  data co-operative: a members' dataset, its rows and their consents",
            ):
                load_datacoop_demo(
                    coop_slug=RIVERSIDE, admin_email="alice@demo.intercoop.coop", stdout=said
                )
        supplier_coops = sum(
            1 for data in EXCHANGE_SUPPLIERS if data["kind"] == Organization.Kind.COOP
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {time.monotonic() - started:.1f} s: 1 federation, "
                f"{len(COOPS) + supplier_coops} co-ops, {len(EXCHANGE_SUPPLIERS) - supplier_coops} "
                f"supplier that is not a co-op, {len(PEOPLE) + len(EXCHANGE_ADMINS)} people. "
                f"Sign in as "
                f"alice@demo.intercoop.coop (admin of Riverside Food Co-op) with the password "
                f"{DEMO_PASSWORD}."
            )
        )
        self.stdout.write(said.getvalue(), ending="")
        path = demo_credentials_path()
        if code is not None:
            write_demo_credentials(code)
            self.stdout.write(
                f"Alice's credential is also in {shown_path(path)} (readable by you only), with "
                f"how to vote with it."
            )
        elif path.exists():
            self.stdout.write(
                f"Alice's credential for the open verifiable vote: see {shown_path(path)}, "
                f"written when the demo was first loaded."
            )
        letters = demo_letters_path()
        if letters.exists():
            self.stdout.write(_letters_said(letters, fresh=code is not None))


def _letters_said(path: Path, *, fresh: bool) -> str:
    """Where the open vote's credential letters are, and what they are for."""
    election = Election.objects.filter(
        decision__organization__slug=RIVERSIDE, state=Election.State.OPEN
    ).first()
    count = selectors.credential_channels(election).by_letter if election is not None else 0
    when = "" if fresh else ", written when the demo was first loaded"
    return (
        f"Credential letters for the {count} members of Riverside Food Co-op without an "
        f"account: {shown_path(path)} (readable by you only{when}). Open it in a browser: each "
        "letter's code votes, without signing in, in the booth for credential letters whose "
        "address it gives. The platform never saw these codes."
    )


def _load_organizations() -> None:
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


def _load_people() -> None:
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


def write_demo_credentials(code: str) -> Path:
    """Write Alice's credential for the demo's open verifiable vote, with what it is for and
    how to use it, to a file only its owner can read (0600); returns its path."""
    election = Election.objects.select_related("decision__organization").get(
        decision__organization__slug=RIVERSIDE, state=Election.State.OPEN
    )
    decision = election.decision
    base = settings.PUBLIC_URL.rstrip("/")
    with translation.override("en"):
        sign_in = base + reverse("account_login")
        booth = base + reverse("ballots:booth", args=[decision.organization.slug, decision.pk])
    text = f"""Intercoop demo: Alice's credential for a verifiable vote

Vote:        "{decision.title}" ({decision.organization.name})
Voter:       Alice Martin, alice@demo.intercoop.coop
Credential:  {code}

How to vote with it:
1. Sign in at {sign_in}
   as alice@demo.intercoop.coop with the password {DEMO_PASSWORD}.
2. Open the voting booth: {booth}
3. Choose, then paste the credential into "Your credential". The booth encrypts the
   ballot in the browser and signs it with the credential, so that nobody, not even the
   platform, can add a ballot in Alice's name. Vote again as often as you like: the last
   ballot counts.

In production each voter receives their own credential once, by email or in a printed
letter, and the platform keeps only its public half. In this vote the credentials were made
by its credential authority, {OPEN_AUTHORITY}, on their own computer (played by the demo):
the platform never saw a code. The letters printed for the members without an account
are in {DEMO_LETTERS_FILE}, next to this file.
This file exists for the demo only: delete it when you like; `intercoop demo` writes it
when it loads the votes.
"""
    path = demo_credentials_path()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        os.fchmod(out.fileno(), 0o600)  # an older file may have had wider rights
        out.write(text)
    return path

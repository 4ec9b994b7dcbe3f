"""Data co-operative demo data, loaded by ``intercoop demo`` after the governance demo (whose
members of Riverside Food Co-op contribute rows).

Riverside asks its members about their household's groceries: an individual dataset with four
columns (one sensitive, sealed at rest), rows from five members, and two purposes:

- **statistics**: Alice, Margaret and Priya consent; Bob consented, then withdrew;
- **services** (planning cargo-bike deliveries): Margaret and Nadia consent; Bob consented a
  year ago, so his consent is due for review (he is asked again, and it lapses in a few weeks).

Loading it twice changes nothing: if the dataset is there, nothing is written.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.datacoop.models import Dataset, DatasetPurpose
from intercoop.datacoop.services import consents as consent_services
from intercoop.datacoop.services import datasets as services
from intercoop.datacoop.services.datasets import NewColumn
from intercoop.organizations.models import Organization

DATASET = "Household groceries survey"
COLUMNS = (
    NewColumn("household_size", "People in the household", "integer", "personal", required=True),
    NewColumn(
        "diet",
        "Diet",
        "choice",
        "personal",
        choices=("omnivore", "vegetarian", "vegan", "halal", "kosher"),
    ),
    NewColumn("weekly_budget", "Weekly grocery budget (CAD)", "decimal", "personal"),
    NewColumn("allergies", "Food allergies or intolerances", "text", "sensitive"),
)
# Each member's rows, by their account's local part (the governance demo's accounts).
ROWS = {
    "alice": [
        {"household_size": "3", "diet": "vegetarian", "weekly_budget": "145.00", "allergies": ""}
    ],
    "bob": [
        {"household_size": "1", "diet": "omnivore", "weekly_budget": "60.50", "allergies": ""},
        {"household_size": "2", "diet": "omnivore", "weekly_budget": "92.00", "allergies": ""},
    ],
    "margaret.ellis": [
        {"household_size": "2", "diet": "vegan", "weekly_budget": "110.00", "allergies": "Peanuts"}
    ],
    "nadia.benali": [
        {"household_size": "5", "diet": "halal", "weekly_budget": "230.00", "allergies": ""}
    ],
    "priya.raman": [
        {
            "household_size": "4",
            "diet": "vegetarian",
            "weekly_budget": "180.00",
            "allergies": "Coeliac disease: no gluten",
        }
    ],
}
STATISTICS = (
    "dpv:Analytics",
    "Yearly statistics of what our members' households eat and spend, to choose what the "
    "store stocks. Only totals are published, never a household's answers.",
)
SERVICES = (
    "dpv:ServiceProvision",
    "Planning the cargo-bike deliveries: how many households, and of what size, order each week.",
)


def _member(local_part: str) -> User:
    return User.objects.get(email=f"{local_part}@demo.intercoop.coop")


def _consents(statistics: DatasetPurpose, services_purpose: DatasetPurpose) -> None:
    now = timezone.now()
    for local_part in ("alice", "margaret.ellis"):
        consent_services.consent_give(
            purpose=statistics,
            member=_member(local_part),
            language="en",
            now=now - timedelta(days=40),
        )
    for local_part in ("margaret.ellis", "nadia.benali"):
        consent_services.consent_give(
            purpose=services_purpose,
            member=_member(local_part),
            language="en",
            now=now - timedelta(days=20),
        )
    bob = _member("bob")
    consent_services.consent_give(
        purpose=statistics, member=bob, language="en", now=now - timedelta(days=60)
    )
    consent_services.consent_withdraw(
        purpose=statistics, member=bob, language="en", now=now - timedelta(days=6)
    )
    consent_services.consent_give(
        purpose=statistics,
        member=_member("priya.raman"),
        language="en",
        now=now - timedelta(days=10),
    )
    # Given a year and a few days ago: its review date has passed, its lapse date has not, so
    # Bob (who can sign in) is asked to give it again.
    consent_services.consent_give(
        purpose=services_purpose, member=bob, language="en", now=now - timedelta(days=365 + 5)
    )


def load_datacoop_demo(*, coop_slug: str, admin_email: str, stdout: TextIO) -> None:
    coop = Organization.objects.get(slug=coop_slug)
    admin = User.objects.get(email=admin_email)
    dataset = Dataset.objects.filter(organization=coop, name=DATASET).first()
    if dataset is None:
        with transaction.atomic():
            dataset = services.dataset_create(
                organization=coop,
                by=admin,
                kind=Dataset.Kind.INDIVIDUAL,
                name=DATASET,
                description="What our members' households eat and spend on groceries each week. "
                "Each member sees only their own answers.",
                description_language="en",
            )
            for column in COLUMNS:
                services.column_add(dataset=dataset, new=column)
            for local_part, rows in ROWS.items():
                member = _member(local_part)
                for values in rows:
                    services.row_contribute(dataset=dataset, by=member, values=values)
            statistics, services_purpose = (
                services.purpose_add(
                    dataset=dataset,
                    term=term,
                    description=description,
                    description_language="en",
                    review_months=12,
                )
                for term, description in (STATISTICS, SERVICES)
            )
            _consents(statistics, services_purpose)
    site = settings.PUBLIC_URL.rstrip("/")
    stdout.write(
        f"Data co-operative: '{DATASET}' at {coop.name}, with rows from {len(ROWS)} members and "
        f"their consents (Bob withdrew one; his other is due for review): "
        f"{site}{reverse('datacoop:dataset', args=[coop.slug, dataset.uuid])} .\n"
    )

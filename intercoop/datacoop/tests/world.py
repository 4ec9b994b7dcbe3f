"""A co-op's data co-operative for the tests: Co-op A (``make_personas``) with an individual
dataset that Bob filled and consented to, and a collective one Alice filled."""

from __future__ import annotations

from dataclasses import dataclass

from intercoop.conftest import Personas
from intercoop.datacoop.models import Dataset, DatasetPurpose, Row
from intercoop.datacoop.services import consents, datasets
from intercoop.datacoop.services.datasets import NewColumn

# What Bob wrote in his sensitive cell: it must never be readable in the database.
SECRET = "asthma since 2019"


@dataclass
class World:
    personas: Personas
    energy: Dataset  # individual
    accounts: Dataset  # collective
    analytics: DatasetPurpose
    bob_row: Row


def energy_dataset(p: Personas) -> Dataset:
    energy = datasets.dataset_create(
        organization=p.coop_a,
        by=p.alice,
        kind="individual",
        name="Home energy",
        description="What each household uses.",
        description_language="en",
    )
    for new in (
        NewColumn("kwh", "Electricity used (kWh)", "integer", "personal", required=True),
        NewColumn("heating", "Heating", "choice", "public", choices=("gas", "heat pump", "wood")),
        NewColumn("cost", "Monthly cost", "decimal", "personal"),
        NewColumn("since", "Member since", "date", "personal"),
        NewColumn("solar", "Solar panels", "boolean", "personal"),
        NewColumn("health", "Health note", "text", "sensitive"),
    ):
        datasets.column_add(dataset=energy, new=new)
    return energy


def build(p: Personas) -> World:
    energy = energy_dataset(p)
    analytics = datasets.purpose_add(
        dataset=energy,
        term="dpv:Analytics",
        description="Yearly statistics of the members' energy use.",
        description_language="en",
    )
    datasets.purpose_add(
        dataset=energy,
        term="dpv:CommunicationManagement",
        description="Advice on saving energy.",
        description_language="en",
    )
    bob_row = datasets.row_contribute(
        dataset=energy,
        by=p.bob,
        values={"kwh": "3200", "heating": "wood", "health": SECRET, "solar": "yes"},
    )
    consents.consent_give(purpose=analytics, member=p.bob, language="en")
    accounts = datasets.dataset_create(
        organization=p.coop_a, by=p.alice, kind="collective", name="Accounts"
    )
    datasets.column_add(
        dataset=accounts, new=NewColumn("year", "Year", "integer", "public", required=True)
    )
    datasets.column_add(
        dataset=accounts, new=NewColumn("salaries", "Salaries", "decimal", "sensitive")
    )
    datasets.row_contribute(
        dataset=accounts, by=p.alice, values={"year": 2024, "salaries": "81234.50"}
    )
    return World(p, energy, accounts, analytics, bob_row)

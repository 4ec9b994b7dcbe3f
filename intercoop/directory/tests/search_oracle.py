"""A directory of random organizations and a brute-force search over it in plain Python: what
the indexed search must return, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from intercoop.directory.search.query import FACETS, SearchQuery, fold
from intercoop.organizations.models import Offer, Organization

# Words that no stemmer (Porter; Snowball English or French) merges with one another, so a
# word is found exactly where it is written, whatever the database stems.
WORDS = [
    "bread",
    "solar",
    "taxi",
    "garden",
    "brewery",
    "software",
    "farm",
    "bookshop",
    "fishing",
    "printing",
    "cinema",
    "theatre",
    "orchard",
    "bicycle",
    "pharmacy",
]
ACCENTED = {"cinema": "cinéma", "theatre": "théâtre", "pharmacy": "PHARMACY"}
CITIES = [  # (latitude, longitude, country, region)
    (51.48, -3.18, "GB", "Cardiff"),
    (51.51, -0.12, "GB", "Greater London"),
    (53.48, -2.24, "GB", "Greater Manchester"),
    (48.86, 2.35, "FR", "Île-de-France"),
    (45.50, -73.57, "CA", "Québec"),
    (41.39, 2.17, "ES", "Cataluña"),
]
ACTIVITIES = ["ICA210", "ICA280", "ICA140", ""]
STRUCTURES = ["OS60", "OS115", ""]
MEMBERSHIPS = ["BMT20", "BMT10", ""]
LEGAL_FORMS = ["Society", "SCIC", "Sociedad cooperativa", ""]


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    words: frozenset[str]
    latitude: float | None
    longitude: float | None
    values: dict[str, str]
    dissolved: bool


def build(seed: int = 7, n: int = 240) -> list[Row]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        words = rng.sample(WORDS, rng.randint(1, 3))
        offer_word = rng.choice(WORDS) if rng.random() < 0.3 else None
        text = " and ".join(ACCENTED.get(w, w) for w in words)
        lat, lon, country, region = rng.choice(CITIES)
        located = rng.random() < 0.9
        kind = "ally" if rng.random() < 0.1 else "coop"
        org = Organization.objects.create(
            name=f"org {i:04d}",
            slug=f"org-{i:04d}",
            kind=kind,
            ally_category="nonprofit" if kind == "ally" else "",
            description=f"We run a {text} co-operative.",
            latitude=lat + rng.gauss(0, 0.15) if located else None,
            longitude=lon + rng.gauss(0, 0.2) if located else None,
            country=country,
            region=region,
            activity=rng.choice(ACTIVITIES),
            structure=rng.choice(STRUCTURES),
            membership_type=rng.choice(MEMBERSHIPS),
            legal_form=rng.choice(LEGAL_FORMS),
            status="dissolved" if rng.random() < 0.05 else "active",
        )
        if offer_word:
            Offer.objects.create(organization=org, text=f"Our {offer_word}", tags="local, fair")
        all_words = {*words, *([offer_word] if offer_word else []), "run", "operative", "org"}
        rows.append(
            Row(
                id=org.pk,
                name=org.name,
                words=frozenset(fold(w) for w in all_words),
                latitude=org.latitude,
                longitude=org.longitude,
                values={f: getattr(org, f) for f in FACETS},
                dissolved=org.status == "dissolved",
            )
        )
    return rows


def expected(rows: list[Row], query: SearchQuery) -> tuple[list[Row], dict[str, Counter[str]]]:
    """The matching rows (unordered) and the facet counts over them."""
    area = query.area
    matched = []
    for row in rows:
        if row.dissolved or not set(query.terms) <= row.words:
            continue
        if any(row.values[f] not in values for f, values in query.filters.items()):
            continue
        if area is not None:
            if row.latitude is None or row.longitude is None:
                continue
            if not area.contains(row.latitude, row.longitude):
                continue
            if (
                query.near
                and query.near.distance_km(row.latitude, row.longitude) > query.near.radius_km
            ):
                continue
        matched.append(row)
    facets = {f: Counter(r.values[f] for r in matched) for f in FACETS}
    return matched, facets


def random_query(rng: random.Random) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    if rng.random() < 0.6:
        params["q"] = [" ".join(rng.sample([*WORDS, "CINÉMA", "Théatre"], rng.randint(1, 2)))]
    if rng.random() < 0.4:
        lat, lon, *_ = rng.choice(CITIES)
        params["near"] = [f"{lat + rng.gauss(0, 0.05):.4f},{lon + rng.gauss(0, 0.05):.4f}"]
        params["radius_km"] = [str(rng.choice([3, 10, 25, 60]))]
    elif rng.random() < 0.4:
        lat, lon, *_ = rng.choice(CITIES)
        d = rng.choice([0.1, 0.3, 1.0])
        params["bbox"] = [f"{lon - d:.4f},{lat - d / 2:.4f},{lon + d:.4f},{lat + d / 2:.4f}"]
    for facet, values in (
        ("activity", ACTIVITIES[:3]),
        ("structure", STRUCTURES[:2]),
        ("country", ["GB", "FR", "ca"]),
        ("legal_form", LEGAL_FORMS[:3]),
        ("kind", ["coop", "ally"]),
    ):
        if rng.random() < 0.2:
            params[facet] = rng.sample(values, rng.randint(1, 2))
    params["sort"] = [
        rng.choice(["relevance", "name"] + (["distance"] if "near" in params else []))
    ]
    return params

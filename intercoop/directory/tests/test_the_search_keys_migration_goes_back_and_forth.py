"""Migrations organizations.0009, directory.0008 and directory.0009 (the place key, and the
search rows keyed by it: SQLite's, then PostgreSQL's) run on a directory that holds
organizations, back to what was there before and forth again: every search finds the same
organizations after the round trip, and the database keeps every other trigger (SQLite copies
a table to change it, which would drop them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection

from intercoop.directory.search.query import parse
from intercoop.directory.search.service import search
from intercoop.organizations.models import Offer, Organization

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("directory", "0007_search_facet_tokens"),
    ("organizations", "0008_relationship_confirmation"),
]
QUERIES = [
    {"q": ["bakery"]},
    {"q": ["bakery"], "bbox": ["-3.3,51.4,-3.0,51.6"]},
    {"q": ["bakery"], "bbox": ["-3.3,51.4,-3.0,51.6"], "activity": ["ICA210"]},
    {"q": ["solar"], "sort": ["name"]},
    {"q": ["bread"]},  # only in an offer
    {"bbox": ["2.2,48.8,2.5,48.9"]},
    {"activity": ["ICA210"]},
]


@pytest.fixture
def directory() -> Iterator[None]:
    places = [(51.48, -3.18), (51.5, -3.1), (48.86, 2.35), (None, None)]
    for n in range(12):
        lat, lon = places[n % 4]
        org = Organization.objects.create(
            name=f"{'Bakery' if n % 2 else 'Solar'} co-op {n}",
            slug=f"org-{n}",
            country="GB" if lat and lat > 50 else "FR",
            activity="ICA210" if n % 3 else "ICA140",
            latitude=lat,
            longitude=lon,
        )
        if n % 5 == 0:
            Offer.objects.create(organization=org, text="Fresh bread", tags="local")
    yield
    call_command("migrate", verbosity=0)  # whatever the test left, the latest schema again


def found() -> list[set[int]]:
    return [{o.pk for o in search(parse(q, page_size=100)).organizations} for q in QUERIES]


def triggers() -> set[str]:
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            return {row[0] for row in cursor.fetchall()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def fts_rowids() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM directory_search_fts")
        return {row[0] for row in cursor.fetchall()}


def table_exists(name: str) -> bool:
    return name in connection.introspection.table_names()


def migrate(*targets: tuple[str, str]) -> None:
    for app, name in targets:
        call_command("migrate", app, name, verbosity=0)


def test_back_and_forth_every_search_finds_the_same(directory: None) -> None:
    results = found()
    assert all(results), "every query finds something"
    latest = triggers()
    ids = set(Organization.objects.values_list("pk", flat=True))

    migrate(*BEFORE)
    before = triggers()
    if connection.vendor == "sqlite":
        assert fts_rowids() == ids  # the index by id, as it was
        assert latest - before == {"search_row_insert", "search_row_delete", "search_row_update"}
    else:
        # The document back in the organization's row, written by its own trigger.
        assert latest - before == {"search_row_write", "search_row_delete", "search_row_truncate"}
        assert before - latest == {"search_document"}
        assert not table_exists("directory_search_row")

    call_command("migrate", verbosity=0)
    assert triggers() == latest
    if connection.vendor == "sqlite":
        assert fts_rowids().isdisjoint(ids)  # every document under its search key now
    assert found() == results

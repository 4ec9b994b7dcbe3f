"""Compacting the search indexes (after an import) changes no answer; on PostgreSQL it also
puts the search rows back in search-key order."""

import pytest
from django.db import connection

from intercoop.directory.search.query import parse
from intercoop.directory.search.service import search
from intercoop.directory.selectors import search_rows_order
from intercoop.directory.services import SEARCH_ROWS_IN_ORDER, search_index_optimize
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _found(word: str) -> set[str]:
    return {o.slug for o in search(parse({"q": [word]}, page_size=100)).organizations}


def test_search_finds_the_same_before_and_after_optimizing() -> None:
    # given organizations written one by one, so the full-text index holds several segments
    for i in range(30):
        Organization.objects.create(
            name=f"Bakery {i}" if i % 3 else f"Dairy {i}", slug=f"org-{i}", description="Bread."
        )
    Organization.objects.filter(slug="org-4").delete()
    before = {w: _found(w) for w in ("bakery", "dairy", "bread")}
    assert len(before["bread"]) == 29
    # when the indexes are compacted
    search_index_optimize()
    # then every word finds exactly what it found before, and later writes are still indexed
    assert {w: _found(w) for w in before} == before
    Organization.objects.create(name="Dairy late", slug="late", description="")
    assert _found("dairy") == before["dairy"] | {"late"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's search rows")
def test_optimizing_puts_the_search_rows_back_in_key_order() -> None:
    # given organizations written in an order that has nothing to do with their places, so
    # their search rows lie in the table in that order, not in search-key order
    towns = [(51.48, -3.18), (48.86, 2.35), (55.95, -3.19), (45.5, -73.57), (40.42, -3.7)]
    for i in range(200):
        lat, lon = towns[(i * 7) % len(towns)]
        Organization.objects.create(
            name=f"Bakery {i}", slug=f"org-{i}", latitude=lat + i * 1e-4, longitude=lon
        )
    assert physical_order() != sorted(physical_order())
    before = _found("bakery")
    # when the indexes are compacted
    search_index_optimize()
    # then the rows follow the key, the statistics say so, and the search finds the same
    assert physical_order() == sorted(physical_order())
    assert search_rows_order() > SEARCH_ROWS_IN_ORDER
    assert _found("bakery") == before


def physical_order() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM directory_search_row ORDER BY ctid")
        return [row[0] for row in cursor.fetchall()]

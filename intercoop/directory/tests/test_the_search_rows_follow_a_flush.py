"""Django's flush (and the test runner's, between transactional tests) empties every model's
table, with TRUNCATE on PostgreSQL, which fires no row trigger: the search rows and the
full-text index, which are no model's tables, must be emptied with the organizations, or a
search would count organizations that no longer exist."""

import pytest
from django.core.management import call_command
from django.db import connection

from intercoop.directory.search.query import parse
from intercoop.directory.search.service import search
from intercoop.organizations.models import Organization

# Outside a transaction, as the test runner flushes (TRUNCATE refuses a table with pending
# deferred constraint checks).
pytestmark = pytest.mark.django_db(transaction=True)


def search_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM directory_search_row")
        return int(cursor.fetchone()[0])


def test_a_flush_empties_the_search_rows_and_the_search_finds_nothing() -> None:
    for i in range(3):
        Organization.objects.create(name=f"Bakery {i}", slug=f"bakery-{i}")
    assert search_rows() == 3
    assert search(parse({"q": ["bakery"]})).count == 3

    call_command("flush", interactive=False, verbosity=0)

    assert not Organization.objects.exists()
    assert search_rows() == 0
    assert search(parse({"q": ["bakery"]})).count == 0
    # and the triggers still write what comes after
    Organization.objects.create(name="Bakery late", slug="late")
    assert search(parse({"q": ["bakery"]})).count == 1

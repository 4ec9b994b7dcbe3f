"""Public pages are kept in the process's memory for visitors without a session
(intercoop.core.pagecache), and never outlive a write nor reach anyone signed in."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from intercoop.conftest import Personas
from intercoop.core import pagecache
from intercoop.organizations.models import Organization
from intercoop.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _get(client: Client, path: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_second_anonymous_visit_runs_only_the_generation_read(personas: Personas) -> None:
    first, first_queries = _get(Client(), "/en/")
    second, second_queries = _get(Client(), "/en/")
    assert first_queries > 2
    # One query: the generation, read from the shared cache (the database's cache table here).
    assert second_queries == 1
    assert TOKEN.sub("", first) == TOKEN.sub("", second)


def test_each_visitor_gets_a_token_of_their_own_that_passes_the_csrf_check(
    personas: Personas,
) -> None:
    Client().get("/en/")  # stored
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get("/en/")
    page = response.content.decode()
    tokens = TOKEN.findall(page)
    assert tokens and "\x00" not in page
    assert "csrftoken" in response.cookies  # the CSRF middleware set the visitor's cookie
    other = TOKEN.findall(Client().get("/en/").content.decode())
    assert other[0] != tokens[0]
    changed = visitor.post(
        "/i18n/setlang/", {"language": "fr", "next": "/en/", "csrfmiddlewaretoken": tokens[0]}
    )
    assert changed.status_code == 302
    assert changed["Location"].startswith("/fr/")


def test_the_stored_page_keeps_the_security_headers(personas: Personas) -> None:
    first = Client().get("/en/orgs/coop-a/")
    second = Client().get("/en/orgs/coop-a/")
    for header in ("Content-Security-Policy", "Content-Language", "X-Frame-Options"):
        assert second[header] == first[header], header
    assert "unsafe-inline" not in second["Content-Security-Policy"]


def test_a_write_shows_at_once(personas: Personas) -> None:
    page, _ = _get(Client(), "/en/orgs/coop-a/")
    assert "A bakery run by its members" not in page
    org = Organization.objects.get(pk=personas.coop_a.pk)
    org.description = "A bakery run by its members"
    org.save()
    page, queries = _get(Client(), "/en/orgs/coop-a/")
    assert "A bakery run by its members" in page
    assert queries > 1


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_moves_the_generation_once(personas: Personas) -> None:
    before = pagecache.generation()
    with transaction.atomic():
        OrganizationFactory.create(name="Co-op C", slug="coop-c")
        OrganizationFactory.create(name="Co-op D", slug="coop-d")
        assert pagecache.generation() == before  # not before the commit
        waiting = [e for e in connection.run_on_commit if e[1] is pagecache._advance]
        assert len(waiting) == 1
    assert pagecache.generation() != before


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_does_not_take_the_transactions_advance_with_it(
    personas: Personas,
) -> None:
    before = pagecache.generation()
    with transaction.atomic():
        try:
            with transaction.atomic():
                OrganizationFactory.create(name="Co-op C", slug="coop-c")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        OrganizationFactory.create(name="Co-op D", slug="coop-d")
    assert pagecache.generation() != before


def test_a_write_in_another_process_makes_the_page_again(personas: Personas) -> None:

    _get(Client(), "/en/")
    _, queries = _get(Client(), "/en/")
    assert queries == 1
    # Another server process committed a write: only the shared generation tells this one.
    cache.set(pagecache.GENERATION_KEY, "moved-by-another-process", timeout=None)
    _, queries = _get(Client(), "/en/")
    assert queries > 1


def test_a_page_is_made_again_once_its_time_is_up(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    _get(Client(), "/en/")
    now = pagecache.time.monotonic()
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: now + pagecache.seconds() + 1)
    _, queries = _get(Client(), "/en/")
    assert queries > 1


def test_a_signed_in_person_never_gets_nor_leaves_a_stored_page(personas: Personas) -> None:
    anonymous, _ = _get(Client(), "/en/orgs/coop-a/")
    assert "Sign out" not in anonymous
    alice = personas.client_for("alice")
    page, queries = _get(alice, "/en/orgs/coop-a/")
    assert "Sign out" in page and queries > 1
    page, _ = _get(Client(), "/en/orgs/coop-a/")
    assert "Sign out" not in page


def test_a_visitor_with_messages_waiting_is_not_served_a_stored_page(personas: Personas) -> None:
    _get(Client(), "/en/")
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    _, queries = _get(visitor, "/en/")
    assert queries > 1


def test_each_language_and_each_address_has_its_own_page(personas: Personas) -> None:
    english, _ = _get(Client(), "/en/")
    french, queries = _get(Client(), "/fr/")
    assert queries > 1
    assert 'lang="fr"' in french and 'lang="en"' in english
    other_host = Client(HTTP_HOST="localhost")
    _, queries = _get(other_host, "/en/")
    assert queries > 1


def test_turned_off_with_zero_seconds(personas: Personas, settings) -> None:
    settings.PAGE_CACHE_SECONDS = 0
    _get(Client(), "/en/")
    _, queries = _get(Client(), "/en/")
    assert queries > 1

"""Shared fixtures. The four personas every test of access uses:

- ``alice``: administrator (board) of co-op A;
- ``bob``: member of co-op A;
- ``charlie``: member of co-op B, who must see nothing private of A;
- an anonymous visitor (the plain ``client``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from intercoop.accounts.models import User
from intercoop.core import pagecache
from intercoop.core.i18n import compile_catalogues
from intercoop.organizations.models import Organization, Role
from intercoop.testing.factories import OrganizationFactory, RoleFactory, UserFactory
from intercoop.testing.static_scans import reuse_static_file_scans

pytest_plugins = ["intercoop.testing.browser"]

# Property tests run on a shared two-core machine beside other work: how long one example or its
# generation takes says nothing of its correctness, so neither fails a test here (what each
# property checks is unchanged).
hypothesis_settings.register_profile(
    "shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("shared-machine")


@pytest.fixture(autouse=True)
def _each_test_starts_in_english() -> Iterator[None]:
    # The test client runs requests in this thread, and a request to a /fr/ page leaves French
    # active afterwards; reverse() and gettext in the next test would follow it.
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _each_test_starts_with_no_stored_pages() -> None:
    # A server process never sees committed data rolled back; a test process does, after every
    # test, so the pages it kept for anonymous visitors (intercoop.core.pagecache) go too.
    pagecache.clear_local()


@pytest.fixture(scope="session", autouse=True)
def _collected_static() -> None:
    """Pages use the same hashed, compressed static files as production, so collect them once."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def _static_files_scanned_once(_collected_static: None) -> Iterator[None]:
    """Each test client's WhiteNoise takes the scan of the static files already made
    (``intercoop.testing.static_scans``)."""
    with reuse_static_file_scans():
        yield


@pytest.fixture(scope="session", autouse=True)
def _passwords_hashed_with_fewer_iterations() -> Iterator[None]:
    """PBKDF2 as in production, with fewer iterations (``intercoop.testing.hashers``)."""
    with override_settings(
        PASSWORD_HASHERS=["intercoop.testing.hashers.FewerIterationsPBKDF2PasswordHasher"]
    ):
        yield


@dataclass
class Personas:
    coop_a: Organization
    coop_b: Organization
    alice: User
    bob: User
    charlie: User

    def client_for(self, who: str) -> Client:
        client = Client()
        if who != "anonymous":
            client.force_login(getattr(self, who))
        return client


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()


def make_personas() -> Personas:
    """The personas, written to the database (``personas``, and the worlds of
    ``intercoop.testing.shared_world`` built once per module)."""
    coop_a: Organization = OrganizationFactory.create(name="Co-op A", slug="coop-a")
    coop_b: Organization = OrganizationFactory.create(name="Co-op B", slug="coop-b")
    alice: User = UserFactory.create(email="alice@example.org", name="Alice")
    bob: User = UserFactory.create(email="bob@example.org", name="Bob")
    charlie: User = UserFactory.create(email="charlie@example.org", name="Charlie")
    RoleFactory.create(organization=coop_a, user=alice, role=Role.Name.ADMIN)
    RoleFactory.create(organization=coop_a, user=bob, role=Role.Name.MEMBER)
    RoleFactory.create(organization=coop_b, user=charlie, role=Role.Name.MEMBER)
    return Personas(coop_a=coop_a, coop_b=coop_b, alice=alice, bob=bob, charlie=charlie)


# Fixtures through which a test reaches the database (pytest-django's, and every fixture that
# asks for one of them has it in the test's fixture closure).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


def uses_database(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(item.get_closest_marker("django_db")) or bool(names & DATABASE_FIXTURES)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Files with browser tests first: they take the longest, and pytest-xdist hands out whole
    files in this order, so starting them first lets the workers finish together instead of
    one of them running the last browser file alone.

    With ``INTERCOOP_TEST_DATABASE_ONLY=1`` only the tests that reach the database run: CI sets
    it for its second run of the suite, on PostgreSQL, after the whole suite ran on SQLite; a
    test that never touches the database (the RDFC-1.0 suite, the crypto core, the tools) would
    only repeat itself."""
    if os.environ.get("INTERCOOP_TEST_DATABASE_ONLY") == "1":
        kept = [item for item in items if uses_database(item)]
        dropped = [item for item in items if not uses_database(item)]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept
    has_browser = {item.path for item in items if item.get_closest_marker("browser")}
    items.sort(key=lambda item: item.path not in has_browser)


@pytest.fixture
def compiled_catalogues(settings: Any) -> None:
    """Compile stale catalogues (as `make install` does), then make Django reload them."""
    compile_catalogues()
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)  # clears Django's catalogue cache

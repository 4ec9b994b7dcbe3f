"""A test world built once per test module and seen fresh by every test of it.

The persona tables check hundreds of (route, method, persona) cases against one world each: a
closed order cycle, an election with its keys, a co-op's governance. Built again for every case,
the world costs as much as the case's own requests or more. ``shared_world(build)`` gives two
fixtures::

    _built_world, world = shared_world(build_world)  # build_world(personas) -> World

The first, module-scoped, makes the personas and calls ``build`` once, inside a transaction
that is rolled back when the module's tests are done. Each test (marked ``django_db``) runs
inside its own savepoint within that transaction, as pytest-django does for every test, so
what one test writes is undone before the next: every test starts from the world as it was
built, as Django's ``TestCase.setUpTestData`` does. The second fixture, ``world``, gives each
test a deep copy of the built objects, so a test that changes one in memory does not change it
for the next.

A module using it must not also hold tests that need ``transactional_db`` (they would empty the
tables the world lives in), and ``build`` may take no function-scoped fixture (``settings``,
``tmp_path``): what it needs, it makes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from django.db import transaction

W = TypeVar("W")


def shared_world(build: Callable[[Any], W]) -> tuple[Any, Any]:
    """The module-scoped fixture that builds the world, and the ``world`` fixture each test
    takes; assign both to names of the test module."""
    from intercoop.conftest import make_personas

    @pytest.fixture(scope="module")
    def _built_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[W]:
        with django_db_blocker.unblock(), transaction.atomic():
            built = build(make_personas())
            yield built
            transaction.set_rollback(True)

    @pytest.fixture
    def world(_built_world: W, db: None) -> W:
        return copy.deepcopy(_built_world)

    return _built_world, world

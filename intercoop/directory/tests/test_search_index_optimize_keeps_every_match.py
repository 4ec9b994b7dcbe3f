"""Compacting the search indexes (after an import) changes no answer."""

import pytest

from intercoop.directory.search import parse, search
from intercoop.directory.services import search_index_optimize
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

"""The indexed search returns exactly what a brute-force scan returns: the same organizations,
the same count and the same facet counts, in the order asked for. The suite runs on SQLite and
again on PostgreSQL, so this also shows that both databases behave the same."""

from __future__ import annotations

import random

import pytest

from intercoop.directory.search import planner
from intercoop.directory.search.query import FACETS, parse
from intercoop.directory.search.service import search
from intercoop.directory.tests import search_oracle

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows() -> list[search_oracle.Row]:
    return search_oracle.build()


def all_pages(
    params: dict[str, list[str]],
) -> tuple[list[int], int, dict[str, dict[str, int]], list]:
    ids: list[int] = []
    page = 1
    while True:
        result = search(parse({**params, "page": [str(page)]}, page_size=25))
        ids.extend(o.pk for o in result.organizations)
        if page == 1:
            first = result
        if page >= result.pages:
            break
        page += 1
    facets = {f: dict(values) for f, values in first.facets.items()}
    return ids, first.count, facets, first.organizations


@pytest.mark.parametrize("facet_tokens_from", [0, planner.FACET_TOKENS_FROM, 10**9])
def test_random_queries_agree_with_a_full_scan(
    rows: list[search_oracle.Row], facet_tokens_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Words with facets take the facet tokens from this many matches of the words (on SQLite):
    # always, as the 3M directory would, and never.
    monkeypatch.setattr(planner, "FACET_TOKENS_FROM", facet_tokens_from)
    rng = random.Random(2026)
    non_empty = 0
    for _ in range(120):
        params = search_oracle.random_query(rng)
        query = parse(params)
        matched, facets = search_oracle.expected(rows, query)
        ids, count, got_facets, organizations = all_pages(params)
        assert count == len(matched), params
        assert sorted(ids) == sorted(r.id for r in matched), params
        assert len(ids) == len(set(ids)), params
        for facet in FACETS:
            assert got_facets[facet] == {v: n for v, n in facets[facet].items() if n}, (
                params,
                facet,
            )
        by_id = {r.id: r for r in matched}
        if query.effective_sort == "name":
            assert ids == [r.id for r in sorted(matched, key=lambda r: (r.name, r.id))], params
        if query.effective_sort == "distance":
            assert query.near is not None
            distances = [
                query.near.distance_km(by_id[i].latitude, by_id[i].longitude)  # type: ignore[arg-type]
                for i in ids
            ]
            assert distances == sorted(distances), params
            for org in organizations:
                assert org.distance_km == pytest.approx(
                    query.near.distance_km(org.latitude, org.longitude), abs=1e-6
                )
        non_empty += bool(matched)
    # The random queries must exercise the search, not just agree on empty results.
    assert non_empty >= 40


def test_words_are_found_whatever_their_accents_and_case(rows: list[search_oracle.Row]) -> None:
    written_with_accents = {r.id for r in rows if "cinema" in r.words and not r.dissolved}
    assert written_with_accents
    for spelling in ("cinema", "CINÉMA", "Cinéma", "cinemá"):
        result = search(parse({"q": [spelling]}, page_size=500))
        assert {o.pk for o in result.organizations} == written_with_accents, spelling


def test_relevance_puts_the_name_before_the_description() -> None:
    from intercoop.organizations.models import Organization

    Organization.objects.create(name="Green Valley", slug="a", description="We sell bread.")
    Organization.objects.create(name="Bread Together", slug="b", description="A co-op.")
    result = search(parse({"q": ["bread"]}))
    assert [o.slug for o in result.organizations] == ["b", "a"]


def test_stemming_finds_plurals() -> None:
    from intercoop.organizations.models import Organization

    Organization.objects.create(name="Riverside", slug="a", description="Two bakeries in town.")
    result = search(parse({"q": ["bakery"]}))
    assert [o.slug for o in result.organizations] == ["a"]


def test_relevance_counts_each_word_found_in_the_name() -> None:
    from intercoop.organizations.models import Organization

    # given three bakeries, each with fewer of the words in its name
    Organization.objects.create(name="Riverside", slug="c", description="Bread from a wood oven.")
    Organization.objects.create(name="Bread Co-op", slug="b", description="Our wood oven.")
    Organization.objects.create(name="Bread Oven Co-op", slug="a", description="Since 1950.")
    # when both words are asked for, in relevance order
    result = search(parse({"q": ["bread oven"]}))
    # then each word in the name counts more than the same word in the description
    assert [o.slug for o in result.organizations] == ["a", "b", "c"]

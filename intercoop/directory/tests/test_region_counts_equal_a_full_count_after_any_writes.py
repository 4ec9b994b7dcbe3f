"""The trigger-maintained region counts, facet counts, search rows and search indexes always
agree with a full scan of the organizations, whatever mix of writes happened: single saves,
bulk inserts and updates, queryset updates, deletes, offers added and removed, organizations
moved."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercoop.directory.models import FacetCount, RegionCount
from intercoop.directory.search.query import FACETS, parse, terms
from intercoop.directory.search.service import search
from intercoop.directory.stats import region_stats, regions
from intercoop.organizations import places
from intercoop.organizations.models import (
    PLACE_CELL_FIELDS,
    Offer,
    Organization,
    place_cells,
)

KEY = ("country", "region", "kind", "status", "activity", "structure")
REGIONS = ["Devon", "Cumbria", "Île-de-France"]
ACTIVITIES = ["ICA280", "ICA210", ""]
STATUSES = ["active", "dissolved"]
WORDS = ["bread", "solar", "garden"]
PLACES = {"Cardiff": (51.48, -3.18), "Paris": (48.86, 2.35)}
CARDIFF_BOX = {"bbox": ["-3.3,51.4,-3.0,51.6"]}


def cube() -> Counter[tuple[str, ...]]:
    return Counter(
        {
            tuple(getattr(rc, k) for k in KEY): rc.count
            for rc in RegionCount.objects.filter(count__gt=0)
        }
    )


def scan() -> Counter[tuple[str, ...]]:
    rows = Organization.objects.values(*KEY).annotate(n=Count("id"))
    return Counter({tuple(r[k] for k in KEY): r["n"] for r in rows})


write = st.one_of(
    st.tuples(st.just("create"), st.sampled_from(REGIONS), st.sampled_from(ACTIVITIES)),
    st.tuples(st.just("bulk_create"), st.integers(1, 4), st.sampled_from(REGIONS)),
    st.tuples(st.just("move"), st.sampled_from(REGIONS), st.sampled_from(REGIONS)),
    st.tuples(st.just("dissolve_one"), st.sampled_from(REGIONS), st.just("")),
    st.tuples(st.just("reclassify"), st.sampled_from(ACTIVITIES), st.sampled_from(ACTIVITIES)),
    st.tuples(st.just("delete_one"), st.sampled_from(REGIONS), st.just("")),
    st.tuples(st.just("rename_only"), st.sampled_from(REGIONS), st.just("")),
    st.tuples(st.just("describe"), st.sampled_from(REGIONS), st.sampled_from(WORDS)),
    st.tuples(st.just("offer"), st.sampled_from(REGIONS), st.sampled_from(WORDS)),
    st.tuples(st.just("withdraw_offers"), st.sampled_from(REGIONS), st.just("")),
    st.tuples(st.just("relocate"), st.sampled_from(REGIONS), st.sampled_from(sorted(PLACES))),
)


def apply(op: tuple[str, object, object], n: int) -> None:
    name, a, b = op
    if name == "create":
        Organization.objects.create(
            name=f"o{n}", slug=f"o{n}", country="GB", region=str(a), activity=str(b)
        )
    elif name == "bulk_create":
        cells = dict(zip(PLACE_CELL_FIELDS, place_cells(*PLACES["Cardiff"]), strict=True))
        Organization.objects.bulk_create(
            [
                Organization(
                    name=f"b{n}-{i}",
                    slug=f"b{n}-{i}",
                    country="GB",
                    region=str(b),
                    latitude=PLACES["Cardiff"][0],
                    longitude=PLACES["Cardiff"][1],
                    **cells,
                )
                for i in range(int(str(a)))
            ]
        )
    elif name == "move":
        Organization.objects.filter(region=a).update(region=str(b))
    elif name == "dissolve_one":
        org = Organization.objects.filter(region=a).first()
        if org:
            org.status = Organization.Status.DISSOLVED
            org.save()
    elif name == "reclassify":
        orgs = list(Organization.objects.filter(activity=a)[:2])
        for org in orgs:
            org.activity = str(b)
        Organization.objects.bulk_update(orgs, ["activity"])
    elif name == "delete_one":
        org = Organization.objects.filter(region=a).first()
        if org:
            org.delete()
    elif name == "rename_only":
        Organization.objects.filter(region=a).update(name="renamed")
    elif name == "describe":
        Organization.objects.filter(region=a).update(description=f"We make {b}.")
    elif name == "offer":
        org = Organization.objects.filter(region=a).first()
        if org:
            Offer.objects.create(organization=org, text=f"Fresh {b}", tags="local")
    elif name == "withdraw_offers":
        Offer.objects.filter(organization__region=a).delete()
    elif name == "relocate":
        org = Organization.objects.filter(region=a).first()
        if org:
            org.latitude, org.longitude = PLACES[str(b)]
            org.save()


def facet_table() -> Counter[tuple[str, ...]]:
    return Counter(
        {
            (fc.country, fc.region, fc.facet, fc.value): fc.count
            for fc in FacetCount.objects.filter(count__gt=0)
        }
    )


def facet_scan() -> Counter[tuple[str, ...]]:
    counts: Counter[tuple[str, ...]] = Counter()
    for org in Organization.objects.exclude(status="dissolved"):
        for facet in FACETS:
            counts[(org.country, org.region, facet, getattr(org, facet))] += 1
    return counts


SEARCH_ROW_COLUMNS = ("id", "latitude", "longitude", "status", "name", *FACETS)


def assert_search_rows_match_a_scan() -> None:
    """The search's row table and the full-text index hold every organization under its search
    key (its place key above its id), whatever moved it (migration 0008 on SQLite, 0009 on
    PostgreSQL, where the row holds the document and the name's part of it)."""
    expected = {
        places.search_key(o["place_key"], o["id"]): tuple(o[c] for c in SEARCH_ROW_COLUMNS)
        for o in Organization.objects.values("place_key", *SEARCH_ROW_COLUMNS)
    }
    with connection.cursor() as cursor:
        columns = ", ".join(SEARCH_ROW_COLUMNS)  # constants, not input
        cursor.execute(f"SELECT key, {columns} FROM directory_search_row")  # noqa: S608
        rows = {r[0]: tuple(r[1:]) for r in cursor.fetchall()}
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid FROM directory_search_fts")
        else:
            # Every row has a document, and its name part is the document's weight A.
            cursor.execute(
                "SELECT key FROM directory_search_row WHERE document <> ''::tsvector "
                "AND name_document = ts_filter(document, '{a}') AND name_document <> ''"
            )
        documents = [r[0] for r in cursor.fetchall()]
    assert rows == expected
    assert sorted(documents) == sorted(expected)
    located = Organization.objects.filter(latitude__isnull=False)
    assert all(
        o.place_key == places.place_key(o.latitude, o.longitude) is not None for o in located
    )


def found(params: dict[str, list[str]]) -> set[int]:
    return {o.pk for o in search(parse(params, page_size=500)).organizations}


def assert_search_matches_a_scan() -> None:
    live = list(Organization.objects.exclude(status="dissolved").prefetch_related("offers"))
    words_of = {
        o.pk: set(terms(" ".join([o.name, o.description, *(f.text for f in o.offers.all())])))
        for o in live
    }
    for word in {"renamed", "o0", "o1", "b0", *WORDS}:
        assert found({"q": [word]}) == {pk for pk, words in words_of.items() if word in words}, word
    cardiff = {o.pk for o in live if (o.latitude, o.longitude) == PLACES["Cardiff"]}
    assert found(CARDIFF_BOX) == cardiff
    for word in WORDS:
        in_cardiff = {pk for pk in cardiff if word in words_of[pk]}
        assert found({**CARDIFF_BOX, "q": [word]}) == in_cardiff


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(write, max_size=12))
def test_counts_match_a_scan(ops: list[tuple[str, object, object]]) -> None:
    Organization.objects.all().delete()
    for n, op in enumerate(ops):
        apply(op, n)
    assert cube() == scan()
    assert facet_table() == facet_scan()
    assert_search_rows_match_a_scan()
    assert_search_matches_a_scan()


@pytest.mark.django_db
def test_region_stats_count_living_organizations_by_kind_activity_and_structure() -> None:
    def org(slug: str, **kw: str) -> None:
        Organization.objects.create(name=slug, slug=slug, country="GB", region="Devon", **kw)

    org("a", activity="ICA280", structure="OS130")
    org("b", activity="ICA280", structure="OS50")
    org("c", activity="ICA210", structure="OS130", kind="ally", ally_category="nonprofit")
    org("d", activity="ICA210", status="dissolved")
    Organization.objects.create(name="e", slug="e", country="GB", region="Cumbria")

    stats = region_stats(country="GB", region="Devon")
    assert stats.total == 3
    assert stats.by_kind == {"coop": 2, "ally": 1}
    assert stats.by_activity == {"ICA280": 2, "ICA210": 1}
    assert stats.by_structure == {"OS130": 2, "OS50": 1}
    assert regions(country="GB") == [("Devon", 3), ("Cumbria", 1)]

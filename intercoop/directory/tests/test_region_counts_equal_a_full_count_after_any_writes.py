"""The trigger-maintained region counts always equal a GROUP BY over organizations, whatever
mix of writes happened: single saves, bulk inserts and updates, queryset updates, deletes."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercoop.directory.models import RegionCount
from intercoop.directory.stats import region_stats, regions
from intercoop.organizations.models import Organization

KEY = ("country", "region", "kind", "status", "activity", "structure")
REGIONS = ["Devon", "Cumbria", "Île-de-France"]
ACTIVITIES = ["ICA280", "ICA210", ""]
STATUSES = ["active", "dissolved"]


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
)


def apply(op: tuple[str, object, object], n: int) -> None:
    name, a, b = op
    if name == "create":
        Organization.objects.create(
            name=f"o{n}", slug=f"o{n}", country="GB", region=str(a), activity=str(b)
        )
    elif name == "bulk_create":
        Organization.objects.bulk_create(
            [
                Organization(name=f"b{n}-{i}", slug=f"b{n}-{i}", country="GB", region=str(b))
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

"""Runs a SearchQuery on the database's indexes: FTS5 and R*Tree on SQLite, GIN and GiST on
PostgreSQL, and the maintained facet table on both. ``planner`` decides where to start.

The SQL is assembled from fixed pieces: table, column and facet names come from constants and
the planner, never from the request; every value from the request is a bound parameter.
"""

# ruff: noqa: S608  (see above: only constant identifiers are formatted into SQL)

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from math import ceil
from typing import Any

from django.db import connection, transaction
from django.db.models import Avg, Sum, Value
from django.db.models.functions import Lower
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from intercoop.directory.models import FacetCount
from intercoop.directory.search import planner
from intercoop.directory.search.query import (
    EARTH_RADIUS_KM,
    FACETS,
    LABEL,
    BBox,
    Near,
    QueryError,
    SearchQuery,
    gettext_noop,
)
from intercoop.directory.search.tokens import facet_token
from intercoop.labels.models import Achievement, Credential
from intercoop.organizations import places
from intercoop.organizations.models import Organization, Relationship

ORG = "organizations_organization"
FTS = "directory_search_fts"
GEO = "directory_search_geo"
MAP_POINTS = 2000
# Facet values listed per facet (the largest); the counts of the others are still exact.
FACET_VALUES = 50
# Relevance weights of a word found in the name, or only in the other texts (SQLite and
# PostgreSQL alike; the H3 cell tokens weigh nothing).
NAME_WEIGHT, TEXT_WEIGHT = "1.0", "0.4"
# PostgreSQL: one word, under each configuration the document is indexed with.
_PG_WORD = (
    "(plainto_tsquery('simple', %s) || plainto_tsquery('english', %s) "
    "|| plainto_tsquery('french', %s))"
)
# SQLite: the id, coordinates, status and facet columns of every organization, so that a
# search checks its matches without reading their rows (directory migration 0006)...
SEARCH_ROW_INDEX = "org_search_row"
# ...and the same with the name under the search key, the full-text index's rowid (migration
# 0008; see organizations.places.search_key): the matches of an area are neighbours there.
# PostgreSQL has the same table, which also holds the full-text document (migration 0009).
SEARCH_ROWS = "directory_search_row"
# The R*Tree stores single-precision boxes; look a little wider, then check exactly.
RTREE_SLACK = 1e-4
# Index used to start from each facet (see organizations.models.Organization.Meta.indexes).
FACET_INDEX = {
    "activity": "org_activity",
    "structure": "org_structure",
    "membership_type": "org_membership_type",
    "legal_form": "org_legal_form",
    "country": "org_place",
}
FACET_COLUMNS = ", ".join(f"o.{f}" for f in FACETS)
# What a list of results shows (the page, the widget, the API, attributions): the rest of a
# profile stays in the database.
LISTED_FIELDS = (
    "slug",
    "name",
    "kind",
    "status",
    "description",
    "description_language",
    "website",
    "legal_form",
    "activity",
    "structure",
    "membership_type",
    "locality",
    "region",
    "country",
    "latitude",
    "longitude",
    "source",
    "source_licence",
    "source_attribution",
)
# The columns of ``SearchResult.rows``: none needs converting from what the database gives
# (text, and floating-point numbers or NULL), as Django would not convert them either.
_LISTED_COLUMNS = ("id", *LISTED_FIELDS)
# Labels: the credentials issued to organizations, and their achievements.
CREDENTIAL = Credential._meta.db_table
ACHIEVEMENT = Achievement._meta.db_table
FACET_COUNTS = FacetCount._meta.db_table
# A label an organization holds and that is valid now: not revoked, not suspended, not expired
# (its ``now`` is the search's). The first two conditions are also those of the partial unique
# index on (achievement, recipient_organization) (labels' constraint
# credential_once_per_organization), which SQLite reads only when a query repeats them; that
# index gives the labels of some achievements, and also that each organization holds at most
# one of each, so counting credentials counts organizations.
VALID_LABEL = (
    "c.recipient_organization_id IS NOT NULL AND c.revoked_at IS NULL "
    "AND c.suspended_at IS NULL AND (c.valid_until IS NULL OR c.valid_until > %s)"
)
# How long a process trusts what it last found of whether any organization holds a label.
LABELS_RECHECK_SECONDS = 60.0
# Typed NULLs, so that the parts of one UNION agree on PostgreSQL.
_TEXT, _INT, _REAL = "CAST(NULL AS TEXT)", "CAST(NULL AS BIGINT)", "CAST(NULL AS DOUBLE PRECISION)"


@dataclass
class SearchResult:
    query: SearchQuery
    count: int
    page: int
    pages: int
    # The page's organizations, in order; each has ``distance_km`` (None without ``near``).
    # Empty when the search was asked for ``rows``: they are then in ``rows``.
    organizations: list[Organization]
    # Facet name → [(value, count)], largest count first, over every result (not one page);
    # the FACETS, then LABEL (an achievement's uuid → the results holding its valid label).
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # Every result's (id, latitude, longitude) with a place, at most MAP_POINTS of them.
    points: list[tuple[int, float, float]] = field(default_factory=list)
    explain: str = ""
    # With ``rows``: the page's organizations, in order, each as a dict of its id, its
    # LISTED_FIELDS and ``distance_km`` (None without ``near``).
    rows: list[dict[str, Any]] = field(default_factory=list)


def search(query: SearchQuery, *, rows: bool = False) -> SearchResult:
    """The search's count, facets, points and page. With ``rows``, the page's organizations
    are plain rows instead of models: making 50 models took twice as long as the rest of
    reading them, and an answer written as JSON needs only their values."""
    return _Run(resolve_place(query)).execute(with_page=True, rows=rows)


def facet_counts(query: SearchQuery) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """The number of results and the facet counts, without fetching a page."""
    result = _Run(resolve_place(query)).execute(with_page=False)
    return result.count, result.facets


def matching_ids(query: SearchQuery) -> list[int]:
    """The id of every result of the search (all pages), in id order: what an export of the
    search holds."""
    return _Run(resolve_place(query)).ids()


def map_cells(
    query: SearchQuery, *, box: BBox, lat_step: float, lon_step: float
) -> list[tuple[int, float, float, int]]:
    """The results with a place in ``box``, counted per cell of a grid of ``lat_step`` by
    ``lon_step`` degrees: (count, mean latitude, mean longitude, smallest id) of each cell. The
    map draws these when a search has more than MAP_POINTS results, so that its counts are
    those of every result, not of the first MAP_POINTS."""
    area = box if query.bbox is None else query.bbox.intersect(box)
    if area is None:
        return []
    return _Run(resolve_place(replace(query, bbox=area))).grid(lat_step, lon_step)


# (when it was looked, whether any organization held a label not revoked), or None.
_labels_held: tuple[float, bool] | None = None


def organizations_hold_labels() -> bool:
    """Whether any organization holds a label that is not revoked, as this process last found
    it (at most LABELS_RECHECK_SECONDS ago, or since a credential was saved here).

    Most directories have no labels, and the part of a search's statement that counts them
    cost PostgreSQL about 0.2 ms of planning on every search (1.5 ms for a small one), while
    looking whether there are any costs a round trip. So the search counts labels only when
    there are some. Validity is still decided by each search: a label revoked, suspended or
    expired drops out at once. Only the first labels of a directory, issued in another process
    or in bulk (which sends no signal), may take until the next look to be counted; asked for
    by ``label``, they are found at once."""
    global _labels_held
    now = time.monotonic()
    if _labels_held is None or now - _labels_held[0] >= LABELS_RECHECK_SECONDS:
        held = Credential.objects.filter(
            recipient_organization__isnull=False, revoked_at__isnull=True
        ).exists()
        _labels_held = (now, held)
    return _labels_held[1]


def forget_labels_held(**_kwargs: object) -> None:
    """A credential was written: look again at the next search, and again once the write is
    committed (a search of another thread may have looked in between)."""
    global _labels_held
    _labels_held = None

    def forget() -> None:
        global _labels_held
        _labels_held = None

    transaction.on_commit(forget)


post_save.connect(forget_labels_held, sender=Credential, dispatch_uid="directory-labels-held")
post_delete.connect(forget_labels_held, sender=Credential, dispatch_uid="directory-labels-held")


def resolve_place(query: SearchQuery) -> SearchQuery:
    """A town asked for by name becomes the centre of the organizations of the directory in a
    locality of that name (case ignored by the database's own lower())."""
    if not query.near_place:
        return query
    name = query.near_place.strip()
    centre = (
        Organization.objects.annotate(place=Lower("locality"))
        .filter(place=Lower(Value(name)), latitude__isnull=False, longitude__isnull=False)
        .aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
    )
    if centre["lat"] is None:
        raise QueryError(
            "near",
            gettext_noop("No organization of the directory is in a place called %(place)s."),
            place=name,
        )
    near = Near(float(centre["lat"]), float(centre["lon"]), query.near_radius_km)
    return replace(query, near=near, near_place="")


class _Run:
    def __init__(self, query: SearchQuery) -> None:
        self.query = query
        self.vendor = connection.vendor
        self.ranked = False
        if self.vendor not in ("sqlite", "postgresql"):
            raise NotImplementedError(f"search has no indexes on {self.vendor}")
        self.area = query.area
        self.cells = (
            places.cover(self.area.min_lon, self.area.min_lat, self.area.max_lon, self.area.max_lat)
            if self.area
            else None
        )
        self.member_of_id: int | None = None
        if query.member_of:
            org_id = (
                Organization.objects.filter(slug=query.member_of)
                .values_list("pk", flat=True)
                .first()
            )
            if org_id is None:
                raise QueryError("member_of", gettext_noop("No organization has this short name."))
            self.member_of_id = org_id
        self.label_ids = self._label_ids(query.labels)
        # What "valid now" compares a label's end with, as the database stores dates.
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.shape = planner.Shape(
            has_text=bool(query.terms),
            has_area=self.area is not None,
            area_cells=self.cells is not None,
            facets=frozenset(query.filters),
            has_members=self.member_of_id is not None,
            has_labels=bool(self.label_ids),
        )

    @staticmethod
    def _label_ids(labels: Sequence[str]) -> list[int]:
        """The ids of the achievements asked for by uuid; one that is not of this site is
        refused by its uuid, as an unknown network is."""
        if not labels:
            return []
        found = dict(Achievement.objects.filter(uuid__in=labels).values_list("uuid", "pk"))
        for value in labels:
            if uuid.UUID(value) not in found:
                raise QueryError(
                    LABEL,
                    gettext_noop("No label of this site has the identifier %(value)s."),
                    value=value,
                )
        return sorted(found.values())

    def _label_condition(self) -> tuple[str, list[Any]]:
        """The valid labels of the achievements asked for, as conditions on ``c``."""
        marks = ", ".join(["%s"] * len(self.label_ids))
        return f"c.achievement_id IN ({marks}) AND {VALID_LABEL}", [*self.label_ids, self.now]

    # --- planning -------------------------------------------------------------------------

    def estimates(self) -> planner.Estimates:
        facets = {}
        for name, values in self.query.filters.items():
            facets[name] = int(
                FacetCount.objects.filter(facet=name, value__in=values).aggregate(n=Sum("count"))[
                    "n"
                ]
                or 0
            )
        members = None
        if self.member_of_id is not None:
            members = Relationship.objects.filter(
                object_id=self.member_of_id,
                predicate=Relationship.Predicate.MEMBER_OF,
                confirmed_at__isnull=False,
            ).count()
        labels = None
        if self.label_ids:
            condition, params = self._label_condition()
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT COUNT(DISTINCT c.recipient_organization_id) "
                    f"FROM {CREDENTIAL} c WHERE {condition}",
                    params,
                )
                labels = int(cursor.fetchone()[0])
        area = None
        if self.area is not None:
            sizes = [n for n in (members, labels) if n is not None]
            cap = min([*facets.values(), *sizes], default=0)
            area = self._area_count(cap + 1) if self.vendor == "sqlite" else None
        return planner.Estimates(area=area, facets=facets, members=members, labels=labels)

    def _text_matches(self, cap: int) -> int:
        """The words' matches in the area's cells (without the facet tokens), counted in the
        full-text index up to ``cap``."""
        probe = planner.plan(replace(self.shape, facets=frozenset()))
        sql = f"SELECT COUNT(*) FROM (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s LIMIT %s)"
        with connection.cursor() as cursor:
            cursor.execute(sql, [self._fts_match(probe), cap])
            return int(cursor.fetchone()[0])

    def _area_count(self, cap: int) -> int:
        """Organizations in the area, counted in the R*Tree, stopping at ``cap``."""
        sql = (
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {GEO} WHERE min_lon >= %s AND max_lon <= %s "
            "AND min_lat >= %s AND max_lat <= %s LIMIT %s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self._rtree_params(), cap])
            return int(cursor.fetchone()[0])

    def _rtree_params(self) -> list[float]:
        a = self.area
        if a is None:
            raise ValueError("no area")
        return [
            a.min_lon - RTREE_SLACK,
            a.max_lon + RTREE_SLACK,
            a.min_lat - RTREE_SLACK,
            a.max_lat + RTREE_SLACK,
        ]

    # --- execution ------------------------------------------------------------------------

    def _plan(self) -> planner.Plan:
        shape = self.shape
        estimates = self.estimates() if planner.needs_estimates(shape) else None
        if shape.has_text and shape.facets and self.vendor == "sqlite":
            estimates = planner.Estimates(text=self._text_matches(planner.FACET_TOKENS_FROM))
        return planner.plan(shape, estimates)

    def ids(self) -> list[int]:
        """Every match's id, in id order."""
        sources, where, params, _score, _score_params = self._matches(self._plan())
        distance_params: list[Any] = []
        distance = self._distance_sql(distance_params)
        sql = (
            f"SELECT o.id AS id, {distance} AS distance FROM {sources} WHERE {' AND '.join(where)}"
        )
        params = distance_params + params
        if self.query.near is not None:
            sql = f"SELECT id, distance FROM ({sql}) AS c WHERE c.distance <= %s"
            params.append(self.query.near.radius_km)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM ({sql}) AS m ORDER BY id", params)
            return [int(row[0]) for row in cursor.fetchall()]

    def execute(self, *, with_page: bool, rows: bool = False) -> SearchResult:
        # Ranking every match costs; only a page in relevance order needs it.
        self.ranked = with_page and self.query.effective_sort == "relevance"
        plan = self._plan()
        query = self.query
        if plan.counts_from_table:
            count, facets = self._counts_from_table()
            found: list[tuple[Any, ...]] = []
            if with_page:
                found = self._select(plan, count_and_facets=False, with_page=True)
        else:
            found = self._select(plan, count_and_facets=True, with_page=with_page)
            count, facets = _read_counts(found)
        pages = max(1, ceil(count / query.page_size))
        hits = [(int(r[3]), r[4] if query.near else None) for r in found if r[0] == "hit"]
        points = [(int(r[3]), float(r[4]), float(r[5])) for r in found if r[0] == "pt"]
        organizations = []
        listed = []
        if rows:
            by_id = _listed_rows([pk for pk, _ in hits])
            for pk, distance in hits:
                row = by_id.get(pk)
                if row is not None:
                    row["distance_km"] = distance
                    listed.append(row)
        else:
            orgs = (
                Organization.objects.only(*LISTED_FIELDS).in_bulk([pk for pk, _ in hits])
                if hits
                else {}
            )
            for pk, distance in hits:
                org = orgs.get(pk)
                if org is not None:
                    org.distance_km = distance  # type: ignore[attr-defined]
                    organizations.append(org)
        return SearchResult(
            query=query,
            count=count,
            page=query.page,
            pages=pages,
            organizations=organizations,
            facets=facets,
            points=points,
            explain=plan.explain(),
            rows=listed,
        )

    def grid(self, lat_step: float, lon_step: float) -> list[tuple[int, float, float, int]]:
        """See map_cells."""
        shape = self.shape
        estimates = self.estimates() if planner.needs_estimates(shape) else None
        if shape.has_text and shape.facets and self.vendor == "sqlite":
            estimates = planner.Estimates(text=self._text_matches(planner.FACET_TOKENS_FROM))
        plan = planner.plan(shape, estimates)
        sources, where, where_params, _score, _score_params = self._matches(plan)
        params: list[Any] = []
        distance = self._distance_sql(params)
        matches = (
            f"SELECT o.id AS id, o.latitude AS lat, o.longitude AS lon, {distance} AS distance "
            f"FROM {sources} WHERE {' AND '.join(where)}"
        )
        params += where_params
        if self.query.near is not None:
            matches = f"SELECT * FROM ({matches}) AS c WHERE c.distance <= %s"
            params.append(self.query.near.radius_km)
        sql = (
            f"SELECT COUNT(*), AVG(lat), AVG(lon), MIN(id) FROM ({matches}) AS m "
            "WHERE lat IS NOT NULL GROUP BY floor(lat / %s), floor(lon / %s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, lat_step, lon_step])
            return [(int(n), float(lat), float(lon), int(pk)) for n, lat, lon, pk in cursor]

    def _counts_from_table(self) -> tuple[int, dict[str, list[tuple[str, int]]]]:
        """The count and facet counts of the whole directory, a country or a region, from the
        maintained table; the labels' counts, in the same query, from the valid labels of the
        organizations there (nothing to read when no organization holds a label)."""
        in_place = {"f": "", "o": ""}  # the same conditions on the table and on organizations
        place_params: list[Any] = []
        for name in ("country", "region"):
            if name in self.query.filters:
                values = self.query.filters[name]
                for table in in_place:
                    in_place[table] += f" AND {table}.{name} IN ({', '.join(['%s'] * len(values))})"
                place_params.extend(values)
        sql = (
            f"SELECT f.facet, f.value, SUM(f.count) FROM {FACET_COUNTS} f "
            f"WHERE f.count > 0{in_place['f']} GROUP BY f.facet, f.value"
        )
        params = list(place_params)
        if organizations_hold_labels():
            # The holder is looked up by id for each valid label (a correlated EXISTS, not a
            # join: SQLite would otherwise build a Bloom filter over every organization).
            sql += (
                f" UNION ALL SELECT '{LABEL}', CAST(a.uuid AS TEXT), COUNT(*) FROM {CREDENTIAL} c "
                f"{self._join()} {ACHIEVEMENT} a ON a.id = c.achievement_id WHERE {VALID_LABEL} "
                f"AND EXISTS (SELECT 1 FROM {ORG} o WHERE o.id = c.recipient_organization_id "
                f"AND o.status <> 'dissolved'{in_place['o']}) GROUP BY a.uuid"
            )
            params += [self.now, *place_params]
        facets: dict[str, dict[str, int]] = {f: {} for f in (*FACETS, LABEL)}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for facet, value, n in cursor.fetchall():
                if facet == LABEL:
                    value = str(uuid.UUID(value))
                facets.setdefault(facet, {})[value] = int(n)
        count = sum(facets["kind"].values())
        return count, {f: _top(v) for f, v in facets.items()}

    def _join(self) -> str:
        """An inner join that SQLite takes in the order written (its CROSS JOIN)."""
        return "CROSS JOIN" if self.vendor == "sqlite" else "JOIN"

    def _select(
        self, plan: planner.Plan, *, count_and_facets: bool, with_page: bool
    ) -> list[tuple[Any, ...]]:
        sources, where, where_params, score, score_params = self._matches(plan)
        distance_params: list[Any] = []
        distance = self._distance_sql(distance_params)
        query = self.query
        # The name is read only to sort by it: every other column here is in the covering
        # index that a SQLite plan reads instead of the (much wider) organization rows.
        name = "o.name" if query.effective_sort == "name" else _TEXT
        matches = (
            f"SELECT o.id AS id, {score} AS score, {distance} AS distance, o.latitude AS lat, "
            f"o.longitude AS lon, {name} AS name, {FACET_COLUMNS} FROM {sources} "
            f"WHERE {' AND '.join(where)}"
        )
        params = score_params + distance_params + where_params
        if query.near is not None:
            matches = f"SELECT * FROM ({matches}) AS c WHERE c.distance <= %s"
            params.append(query.near.radius_km)
        parts: list[str] = []
        part_params: list[Any] = []
        no_facets = ", ".join([_TEXT] * len(FACETS))
        if count_and_facets:
            # One grouping by every facet at once, summed up per facet by _read_counts: the
            # combinations of a search's results are far fewer than its results, and one pass
            # takes about half the time of one pass per facet (the Hamburg query at 300k).
            facet_list = ", ".join(FACETS)
            parts.append(
                f"SELECT 'facets', {_TEXT}, COUNT(*), {_INT}, {_REAL}, {_REAL}, {facet_list} "
                f"FROM m GROUP BY {facet_list}"
            )
        if count_and_facets and (self.label_ids or organizations_hold_labels()):
            # The labels' counts start from the valid labels, not from the results. On SQLite
            # the results' ids are gathered (once) only when there is a label to look up, and
            # the unary + keeps them from being the loop instead.
            plus = "+" if self.vendor == "sqlite" else ""
            parts.append(
                f"SELECT '{LABEL}', CAST(a.uuid AS TEXT), COUNT(*), {_INT}, {_REAL}, {_REAL}, "
                f"{no_facets} FROM {CREDENTIAL} c {self._join()} {ACHIEVEMENT} a "
                f"ON a.id = c.achievement_id WHERE {VALID_LABEL} "
                f"AND {plus}c.recipient_organization_id IN (SELECT id FROM m) GROUP BY a.uuid"
            )
            part_params.append(self.now)
        if with_page:
            order = {
                "relevance": "score, id",
                "distance": "distance, id",
                "name": "name, id",
            }[query.effective_sort]
            parts.append(
                f"SELECT * FROM (SELECT 'hit', {_TEXT}, {_INT}, id, distance, {_REAL}, "
                f"{no_facets} FROM m ORDER BY {order} LIMIT %s OFFSET %s) AS h"
            )
            part_params += [query.page_size, (query.page - 1) * query.page_size]
            parts.append(
                f"SELECT * FROM (SELECT 'pt', {_TEXT}, {_INT}, id, lat, lon, {no_facets} FROM m "
                f"WHERE lat IS NOT NULL ORDER BY {order} LIMIT %s) AS p"
            )
            part_params.append(MAP_POINTS)
        # Counting reads every match once, so the matches are materialized; a page alone is
        # left to the database to fold into its ORDER BY … LIMIT (an index on name, say).
        materialized = "MATERIALIZED" if count_and_facets else "NOT MATERIALIZED"
        sql = f"WITH m AS {materialized} ({matches}) " + " UNION ALL ".join(parts)
        with connection.cursor() as cursor:
            cursor.execute(sql, params + part_params)
            return list(cursor.fetchall())

    def _distance_sql(self, params: list[Any]) -> str:
        near = self.query.near
        if near is None:
            return _REAL
        least = "min" if self.vendor == "sqlite" else "least"
        params += [near.lat, near.lat, near.lon]
        return (
            f"(2 * {EARTH_RADIUS_KM} * asin({least}(1.0, sqrt("
            "power(sin(radians(o.latitude - %s) / 2), 2) + cos(radians(%s)) * "
            "cos(radians(o.latitude)) * power(sin(radians(o.longitude - %s) / 2), 2)))))"
        )

    def _matches(self, plan: planner.Plan) -> tuple[str, list[str], list[Any], str, list[Any]]:
        """(FROM clause, WHERE conditions, their parameters, score expression, its
        parameters)."""
        if self.vendor == "sqlite":
            return self._sqlite_matches(plan)
        return self._postgres_matches(plan)

    def _common(self, plan: planner.Plan, where: list[str], params: list[Any]) -> None:
        """Conditions checked on the organization's own row."""
        where.append("o.status <> 'dissolved'")
        for name, values in sorted(self.query.filters.items()):
            if plan.driver == "facet" and plan.driver_facet == name and self.vendor == "sqlite":
                continue  # already the starting point
            column = f"o.{name}"
            if plan.driver == "text" and self.vendor == "postgresql":
                # Not indexable on purpose: PostgreSQL would otherwise AND the bitmap of a
                # facet's B-tree (tens of thousands of rows, 300,000 for a common value at 3M)
                # with the few full-text matches, which costs ten times the matches themselves.
                column = f"({column} || '')"
            where.append(f"{column} IN ({', '.join(['%s'] * len(values))})")
            params.extend(values)
        if self.area is not None and not (plan.driver == "area" and self.vendor == "postgresql"):
            where.append("o.latitude BETWEEN %s AND %s AND o.longitude BETWEEN %s AND %s")
            a = self.area
            params.extend([a.min_lat, a.max_lat, a.min_lon, a.max_lon])
        # On SQLite a plan that starts from the members joins them already (_sqlite_matches).
        if self.member_of_id is not None and (plan.driver != "members" or self.vendor != "sqlite"):
            where.append(
                "o.id IN (SELECT subject_id FROM organizations_relationship "
                "WHERE object_id = %s AND predicate = 'member_of' AND confirmed_at IS NOT NULL)"
            )
            params.append(self.member_of_id)
        # Likewise for the labels.
        if self.label_ids and (plan.driver != "labels" or self.vendor != "sqlite"):
            condition, label_params = self._label_condition()
            where.append(
                f"o.id IN (SELECT c.recipient_organization_id FROM {CREDENTIAL} c "
                f"WHERE {condition})"
            )
            params.extend(label_params)

    def _sqlite_matches(
        self, plan: planner.Plan
    ) -> tuple[str, list[str], list[Any], str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        score = "0.0"
        score_params: list[Any] = []
        if plan.driver == "text":
            # CROSS JOIN fixes the order: the full-text index first, then each match's facets,
            # coordinates (and name) from the search's rows under the same key, never the
            # organization's wide row.
            sources = f"{FTS} f CROSS JOIN {SEARCH_ROWS} o ON o.key = f.rowid"
            where.append(f"{FTS} MATCH %s")
            params.append(self._fts_match(plan))
            if self.ranked:
                score, score_params = self._sqlite_score(plan)
        elif plan.driver == "area":
            sources = f"{GEO} g CROSS JOIN {self._sqlite_org()} ON o.id = g.id"
            where.append(
                "g.min_lon >= %s AND g.max_lon <= %s AND g.min_lat >= %s AND g.max_lat <= %s"
            )
            params.extend(self._rtree_params())
        elif plan.driver == "facet":
            name = plan.driver_facet
            values = self.query.filters[name]
            index = FACET_INDEX.get(name)
            sources = f"{ORG} o INDEXED BY {index}" if index else f"{ORG} o"
            where.append(f"o.{name} IN ({', '.join(['%s'] * len(values))})")
            params.extend(values)
        elif plan.driver == "members":
            sources = (
                f"organizations_relationship r CROSS JOIN {self._sqlite_org()} "
                "ON o.id = r.subject_id"
            )
            where.append(
                "r.object_id = %s AND r.predicate = 'member_of' AND r.confirmed_at IS NOT NULL"
            )
            params.append(self.member_of_id)
        elif plan.driver == "labels":
            # An organization may hold several of the labels asked for: each is one result.
            condition, label_params = self._label_condition()
            sources = (
                f"(SELECT DISTINCT c.recipient_organization_id AS id FROM {CREDENTIAL} c "
                f"WHERE {condition}) AS held CROSS JOIN {self._sqlite_org()} ON o.id = held.id"
            )
            params.extend(label_params)  # before any of the WHERE clause: FROM comes first
        else:
            sources = f"{ORG} o"
        self._common(plan, where, params)
        return sources, where, params, score, score_params

    def _sqlite_org(self) -> str:
        """The organizations, looked up by id in the covering index unless the rows are
        needed anyway (to sort by name)."""
        if self.query.effective_sort == "name":
            return f"{ORG} o"
        return f"{ORG} o INDEXED BY {SEARCH_ROW_INDEX}"

    def _fts_match(self, plan: planner.Plan, words: str = "{name body}") -> str:
        # Words are \w+ only (query.terms), so quoting them is enough to keep FTS5 syntax out.
        quoted = " ".join(f'"{t}"' for t in self.query.terms)
        return f"{words} : ({quoted})" + self._fts_narrowing(plan)

    def _fts_narrowing(self, plan: planner.Plan) -> str:
        """The area's cell tokens and the facet values' tokens, ANDed to the words (tokens are
        ASCII letters and digits, so quoting them keeps FTS5 syntax out)."""
        return "".join(
            " AND cells : (" + " OR ".join(f'"{t}"' for t in tokens) + ")"
            for tokens in self._narrowing_tokens(plan)
        )

    def _narrowing_tokens(self, plan: planner.Plan) -> list[list[str]]:
        """Alternatives of tokens: a match has at least one token of each list."""
        lists = []
        if plan.text_with_cells and self.cells:
            lists.append(self.cells)
        if plan.text_with_facets:
            for name, values in sorted(self.query.filters.items()):
                lists.append([facet_token(name, v) for v in values])
        return lists

    def _sqlite_score(self, plan: planner.Plan) -> tuple[str, list[Any]]:
        """Relevance as PostgreSQL's ts_rank weighs it here: each word counts 1 when it is in
        the name, 0.4 when it is only in the other texts. FTS5's bm25 is not used: its inverse
        document frequency reads every row that holds a word, a million for a common word at
        3M organizations, whatever the area. Each word's "in the name" set is one more lookup
        in the full-text index, narrowed by the same cell and facet tokens (o is
        directory_search_row, whose key is the rowid)."""
        cases = []
        params = []
        for term in self.query.terms:
            cases.append(
                f"CASE WHEN o.key IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s) "
                f"THEN {NAME_WEIGHT} ELSE {TEXT_WEIGHT} END"
            )
            params.append(f'name : "{term}"' + self._fts_narrowing(plan))
        # Lower sorts first.
        return f"-({' + '.join(cases)})", params

    def _postgres_matches(
        self, plan: planner.Plan
    ) -> tuple[str, list[str], list[Any], str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        score = "0.0"
        score_params: list[Any] = []
        sources = f"{ORG} o"
        if plan.driver == "text":
            words = " && ".join(_PG_WORD for _ in self.query.terms)
            tsquery = f"({words})"
            word_params = [t for t in self.query.terms for _ in range(3)]
            for tokens in self._narrowing_tokens(plan):
                tsquery += " && to_tsquery('simple', %s)"
                word_params.append(" | ".join(tokens))
            # The search's own rows (directory migration 0009), in search-key order: the
            # matches of an area share a few pages. GIN answers a query without weights
            # exactly, so the documents themselves are not checked again.
            sources = f"{SEARCH_ROWS} o CROSS JOIN (SELECT {tsquery} AS query) AS q"
            params.extend(word_params)
            where.append("o.document @@ q.query")
            if self.ranked:
                # As on SQLite (see _sqlite_score): a word in the name (weight A of the
                # document, kept in line as name_document) counts 1, a word only in the other
                # texts 0.4.
                score = (
                    "-("
                    + " + ".join(
                        f"CASE WHEN o.name_document @@ {_PG_WORD} "
                        f"THEN {NAME_WEIGHT} ELSE {TEXT_WEIGHT} END"
                        for _ in self.query.terms
                    )
                    + ")"
                )
                score_params = [t for t in self.query.terms for _ in range(3)]
        if self.area is not None and plan.driver in ("area", "all", "facet", "members", "labels"):
            a = self.area
            where.append(
                "o.latitude IS NOT NULL AND o.longitude IS NOT NULL AND "
                "point(o.longitude, o.latitude) <@ box(point(%s, %s), point(%s, %s))"
            )
            params.extend([a.min_lon, a.min_lat, a.max_lon, a.max_lat])
        self._common(plan, where, params)
        return sources, where, params, score, score_params


def _listed_rows(ids: list[int]) -> dict[int, dict[str, Any]]:
    """The id and LISTED_FIELDS of these organizations, by id, as dicts."""
    if not ids:
        return {}
    columns = ", ".join(f"o.{c}" for c in _LISTED_COLUMNS)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {ORG} AS o WHERE o.id IN ({marks})", ids)
        return {row[0]: dict(zip(_LISTED_COLUMNS, row, strict=True)) for row in cursor.fetchall()}


def _read_counts(rows: Sequence[tuple[Any, ...]]) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """The number of results and each facet's counts, summed from the results' combinations
    of facet values (the 'facets' rows of _Run._select), and the labels' counts (its 'label'
    rows)."""
    count = 0
    facets: dict[str, dict[str, int]] = {f: {} for f in (*FACETS, LABEL)}
    for row in rows:
        if row[0] == LABEL:
            facets[LABEL][str(uuid.UUID(row[1]))] = int(row[2])
        if row[0] != "facets":
            continue
        n = int(row[2])
        count += n
        for facet, value in zip(FACETS, row[6:], strict=True):
            facets[facet][value] = facets[facet].get(value, 0) + n
    return count, {f: _top(v) for f, v in facets.items()}


def _top(counts: dict[str, int]) -> list[tuple[str, int]]:
    ranked = sorted(((v, n) for v, n in counts.items() if n > 0), key=lambda vn: (-vn[1], vn[0]))
    return ranked[:FACET_VALUES]

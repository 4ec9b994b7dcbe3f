"""The search indexes and the facet counts, kept by database triggers.

SQLite: an FTS5 table (porter stemming, accents folded) with one row per organization holding
its names, its other texts with its offers, and the search tokens of its H3 cells; an R*Tree of
coordinates. PostgreSQL: a ``search_document`` tsvector column (simple, English and French
configurations over unaccented text, plus the H3 tokens) with a GIN index, and a GiST index on
``point(longitude, latitude)``. Both: ``directory_facetcount``, the facet counts of every
region. See docs/directory.md, "Search".
"""

from django.db import migrations, models

ORG = "organizations_organization"
OFFER = "organizations_offer"
FTS = "directory_search_fts"
GEO = "directory_search_geo"
FACETS = "directory_facetcount"
FACET_COLUMNS = ["activity", "structure", "membership_type", "legal_form", "kind", "region", "country"]
TEXT_COLUMNS = ["name", "nickname", "legal_name", "description", "mission", "locality",
                "region", "postal_code", "legal_form", "geo_cells"]
PLACE_COLUMNS = ["country", "region", "status"]


def _facet_rows(row: str) -> str:
    first, *rest = FACET_COLUMNS
    return " UNION ALL ".join(
        [f"SELECT '{first}' AS facet, {row}.{first} AS value"]
        + [f"SELECT '{f}', {row}.{f}" for f in rest]
    )


def _facets_add(row: str, delta: int) -> str:
    return (
        f"INSERT INTO {FACETS} (country, region, facet, value, count) "
        f"SELECT {row}.country, {row}.region, f.facet, f.value, {delta} "
        f"FROM ({_facet_rows(row)}) AS f WHERE {row}.status <> 'dissolved' "
        f"ON CONFLICT (country, region, facet, value) DO UPDATE SET count = {FACETS}.count + ({delta});"
    )


# --- SQLite -------------------------------------------------------------------------------

_SQLITE_DOC = (
    f"INSERT INTO {FTS} (rowid, name, body, cells) "
    f"SELECT o.id, o.name || ' ' || o.nickname, "
    f"o.legal_name || ' ' || o.description || ' ' || o.mission || ' ' || o.locality || ' ' || "
    f"o.region || ' ' || "
    f"o.postal_code || ' ' || o.legal_form || ' ' || coalesce(("
    f"SELECT group_concat(x.text || ' ' || x.tags, ' ') FROM {OFFER} x "
    f"WHERE x.organization_id = o.id), ''), o.geo_cells "
    f"FROM {ORG} o WHERE o.id = {{id}};"
)


def _sqlite_reindex(id_expr: str) -> str:
    return f"DELETE FROM {FTS} WHERE rowid = {id_expr}; " + _SQLITE_DOC.format(id=id_expr)


_GEO_INSERT = (
    f"INSERT INTO {GEO} (id, min_lon, max_lon, min_lat, max_lat) "
    "SELECT NEW.id, NEW.longitude, NEW.longitude, NEW.latitude, NEW.latitude "
    "WHERE NEW.latitude IS NOT NULL AND NEW.longitude IS NOT NULL;"
)
_facet_changed_sqlite = " OR ".join(
    f"OLD.{c} IS NOT NEW.{c}" for c in dict.fromkeys([*FACET_COLUMNS, *PLACE_COLUMNS])
)

SQLITE = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(name, body, cells, "
    "tokenize = 'porter unicode61 remove_diacritics 2');",
    # Names weigh four times the other texts in relevance; the cell tokens not at all.
    f"INSERT INTO {FTS} ({FTS}, rank) VALUES ('rank', 'bm25(4.0, 1.0, 0.0)');",
    f"CREATE VIRTUAL TABLE {GEO} USING rtree(id, min_lon, max_lon, min_lat, max_lat);",
    f"CREATE TRIGGER search_org_insert AFTER INSERT ON {ORG} BEGIN "
    f"{_SQLITE_DOC.format(id='NEW.id')} {_GEO_INSERT} {_facets_add('NEW', 1)} END;",
    f"CREATE TRIGGER search_org_delete AFTER DELETE ON {ORG} BEGIN "
    f"DELETE FROM {FTS} WHERE rowid = OLD.id; DELETE FROM {GEO} WHERE id = OLD.id; "
    f"{_facets_add('OLD', -1)} END;",
    f"CREATE TRIGGER search_org_text AFTER UPDATE OF {', '.join(TEXT_COLUMNS)} ON {ORG} "
    f"BEGIN {_sqlite_reindex('NEW.id')} END;",
    f"CREATE TRIGGER search_org_place AFTER UPDATE OF latitude, longitude ON {ORG} "
    f"WHEN OLD.latitude IS NOT NEW.latitude OR OLD.longitude IS NOT NEW.longitude "
    f"BEGIN DELETE FROM {GEO} WHERE id = OLD.id; {_GEO_INSERT} END;",
    f"CREATE TRIGGER search_org_facets AFTER UPDATE ON {ORG} WHEN {_facet_changed_sqlite} "
    f"BEGIN {_facets_add('OLD', -1)} {_facets_add('NEW', 1)} END;",
    f"CREATE TRIGGER search_offer_insert AFTER INSERT ON {OFFER} BEGIN "
    f"{_sqlite_reindex('NEW.organization_id')} END;",
    f"CREATE TRIGGER search_offer_update AFTER UPDATE ON {OFFER} BEGIN "
    f"{_sqlite_reindex('OLD.organization_id')} {_sqlite_reindex('NEW.organization_id')} END;",
    f"CREATE TRIGGER search_offer_delete AFTER DELETE ON {OFFER} BEGIN "
    f"{_sqlite_reindex('OLD.organization_id')} END;",
    # Fill from what is there.
    _SQLITE_DOC.replace(" WHERE o.id = {id};", ";"),
    f"INSERT INTO {GEO} (id, min_lon, max_lon, min_lat, max_lat) "
    f"SELECT id, longitude, longitude, latitude, latitude FROM {ORG} "
    "WHERE latitude IS NOT NULL AND longitude IS NOT NULL;",
]
SQLITE_DROP = [
    *(
        f"DROP TRIGGER IF EXISTS {t};"
        for t in [
            "search_org_insert", "search_org_delete", "search_org_text", "search_org_place",
            "search_org_facets", "search_offer_insert", "search_offer_update",
            "search_offer_delete",
        ]
    ),
    f"DROP TABLE IF EXISTS {FTS};",
    f"DROP TABLE IF EXISTS {GEO};",
]

# --- PostgreSQL ---------------------------------------------------------------------------

_facet_changed_pg = " OR ".join(
    f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in dict.fromkeys([*FACET_COLUMNS, *PLACE_COLUMNS])
)

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent;",
    f"ALTER TABLE {ORG} ADD COLUMN search_document tsvector NOT NULL DEFAULT ''::tsvector;",
    f"""
    CREATE FUNCTION directory_search_document() RETURNS trigger AS $$
    DECLARE
        names text := unaccent(NEW.name || ' ' || NEW.nickname);
        body text := unaccent(concat_ws(' ', NEW.legal_name, NEW.description, NEW.mission,
            NEW.locality,
            NEW.region, NEW.postal_code, NEW.legal_form,
            (SELECT string_agg(x.text || ' ' || x.tags, ' ') FROM {OFFER} x
             WHERE x.organization_id = NEW.id)));
    BEGIN
        NEW.search_document :=
            setweight(to_tsvector('simple', names), 'A')
            || setweight(to_tsvector('english', names), 'A')
            || setweight(to_tsvector('french', names), 'A')
            || setweight(to_tsvector('simple', body), 'B')
            || setweight(to_tsvector('english', body), 'B')
            || setweight(to_tsvector('french', body), 'B')
            || setweight(to_tsvector('simple', NEW.geo_cells), 'D');
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"CREATE TRIGGER search_document BEFORE INSERT OR UPDATE OF {', '.join(TEXT_COLUMNS)} "
    f"ON {ORG} FOR EACH ROW EXECUTE FUNCTION directory_search_document();",
    f"""
    CREATE FUNCTION directory_search_offer() RETURNS trigger AS $$
    BEGIN
        -- Setting the name to itself runs search_document again, now with the offers.
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE {ORG} SET name = name WHERE id = OLD.organization_id;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
            UPDATE {ORG} SET name = name WHERE id = NEW.organization_id;
        END IF;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"CREATE TRIGGER search_offer AFTER INSERT OR UPDATE OR DELETE ON {OFFER} "
    "FOR EACH ROW EXECUTE FUNCTION directory_search_offer();",
    f"""
    CREATE FUNCTION directory_facetcount_maintain() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN {_facets_add('OLD', -1)} END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN {_facets_add('NEW', 1)} END IF;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"CREATE TRIGGER facetcount_insert_delete AFTER INSERT OR DELETE ON {ORG} "
    "FOR EACH ROW EXECUTE FUNCTION directory_facetcount_maintain();",
    f"CREATE TRIGGER facetcount_update AFTER UPDATE ON {ORG} "
    f"FOR EACH ROW WHEN ({_facet_changed_pg}) EXECUTE FUNCTION directory_facetcount_maintain();",
    f"UPDATE {ORG} SET name = name;",
    f"CREATE INDEX org_search_document ON {ORG} USING gin (search_document);",
    f"CREATE INDEX org_point ON {ORG} USING gist (point(longitude, latitude)) "
    "WHERE latitude IS NOT NULL AND longitude IS NOT NULL;",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS facetcount_update ON {ORG};",
    f"DROP TRIGGER IF EXISTS facetcount_insert_delete ON {ORG};",
    "DROP FUNCTION IF EXISTS directory_facetcount_maintain();",
    f"DROP TRIGGER IF EXISTS search_offer ON {OFFER};",
    "DROP FUNCTION IF EXISTS directory_search_offer();",
    f"DROP TRIGGER IF EXISTS search_document ON {ORG};",
    "DROP FUNCTION IF EXISTS directory_search_document();",
    "DROP INDEX IF EXISTS org_point;",
    f"ALTER TABLE {ORG} DROP COLUMN IF EXISTS search_document;",
]

FACETS_BACKFILL = [
    f"DELETE FROM {FACETS};",
    f"INSERT INTO {FACETS} (country, region, facet, value, count) "
    + " UNION ALL ".join(
        f"SELECT country, region, '{f}', {f}, COUNT(*) FROM {ORG} "
        f"WHERE status <> 'dissolved' GROUP BY country, region, {f}"
        for f in FACET_COLUMNS
    )
    + ";",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise RuntimeError(f"the search index has no triggers for {vendor}")
        for statement in statements_by_vendor[vendor]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_import_warnings"),
        ("organizations", "0007_mission"),
    ]

    operations = [
        migrations.CreateModel(
            name="FacetCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("country", models.CharField(max_length=2)),
                ("region", models.CharField(max_length=200)),
                ("facet", models.CharField(max_length=16)),
                ("value", models.CharField(max_length=200)),
                ("count", models.IntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("country", "region", "facet", "value"), name="facetcount_key")
                ],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE + FACETS_BACKFILL, "postgresql": POSTGRES + FACETS_BACKFILL}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]

"""PostgreSQL: the search's own table, in search-key order, as SQLite has had since 0008.

Until now a search with words read each match's row of ``organizations_organization`` to check
its area, status and facets: one heap page per match, since an area's organizations lie all
over that wide table, and a cold page each when the directory is larger than memory.
``directory_search_row`` holds, under the search key (organizations.places.search_key: the
place key above the id), what a search checks (id, coordinates, status, facet values), the
name it may sort by, the name's words for relevance (``name_document``, weight A of the
document) and the full-text document itself, moved here from the organization's
``search_document`` column with its GIN index. The matches of an area then share a few pages,
as long as the table is in key order: it is filled in that order here, and
``directory.services.search_index_optimize`` clusters it again after a bulk write that left
it out of order. (A row is about as wide as an organization's without the document: most
documents are under the 2 kB from which PostgreSQL moves values out of line, so they stay in
line; it is the order that counts.) The trigger that wrote ``search_document`` now writes the
search row. SQLite is unchanged. See docs/directory.md, "PostgreSQL's search rows".
"""

import importlib

from django.db import migrations

first = importlib.import_module("intercoop.directory.migrations.0005_search_index")
tokens = importlib.import_module("intercoop.directory.migrations.0007_search_facet_tokens")
keyed = importlib.import_module("intercoop.directory.migrations.0008_spatial_search_keys")

ORG = first.ORG
ROWS = keyed.ROWS
# As in organizations.places when this migration was written.
ID_BITS = keyed.ID_BITS
NO_PLACE_KEY = keyed.NO_PLACE_KEY
ROW_COLUMNS = keyed.ROW_COLUMNS  # id, latitude, longitude, status, name, facets
SHORT_TEXT = ["status", "name", *first.FACET_COLUMNS]
# A change of any of these rewrites the organization's search row.
WRITTEN_BY = list(dict.fromkeys([*keyed.TEXT_COLUMNS, *ROW_COLUMNS[1:]]))


def key(row: str) -> str:
    return f"((coalesce({row}.place_key, {NO_PLACE_KEY})::bigint << {ID_BITS}) | {row}.id)"


CREATE_TABLE = [
    # Short columns are never compressed nor moved out of line (PLAIN: their maximum lengths
    # fit a page); the name's words stay in line if they can (MAIN). A row longer than
    # PostgreSQL's fixed threshold (about 2 kB) has its whole document moved out of line
    # (EXTERNAL, with a tuple target of 128 bytes), where no search reads it; below that
    # threshold PostgreSQL leaves every value in line whatever the settings.
    f"CREATE TABLE {ROWS} (key bigint PRIMARY KEY, id bigint NOT NULL, "
    "latitude double precision, longitude double precision, "
    + ", ".join(f"{c} varchar NOT NULL" for c in SHORT_TEXT)
    + ", name_document tsvector NOT NULL, document tsvector NOT NULL) "
    "WITH (toast_tuple_target = 128);",
    f"ALTER TABLE {ROWS} "
    + ", ".join(f"ALTER COLUMN {c} SET STORAGE PLAIN" for c in SHORT_TEXT)
    + ", ALTER COLUMN name_document SET STORAGE MAIN, "
    "ALTER COLUMN document SET STORAGE EXTERNAL;",
]
_VALUES = ", ".join(f"NEW.{c}" for c in ROW_COLUMNS)
_SET = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*ROW_COLUMNS, "name_document", "document"])

# 0007's function computed the document into NEW.search_document; this one computes the same
# document and writes the organization's search row with it.
_BEFORE = tokens._PG_FUNCTION
_DOCUMENT_FUNCTION = (
    _BEFORE.replace(
        "CREATE OR REPLACE FUNCTION directory_search_document() RETURNS trigger AS $$\n"
        "    DECLARE\n",
        "CREATE FUNCTION directory_search_row_write() RETURNS trigger AS $$\n"
        "    DECLARE\n        doc tsvector;\n",
    )
    .replace("NEW.search_document :=", "doc :=")
    .replace(
        "RETURN NEW;",
        f"IF TG_OP = 'UPDATE' AND {key('OLD')} <> {key('NEW')} THEN "
        f"DELETE FROM {ROWS} WHERE key = {key('OLD')}; END IF; "
        f"INSERT INTO {ROWS} (key, {', '.join(ROW_COLUMNS)}, name_document, document) "
        f"VALUES ({key('NEW')}, {_VALUES}, ts_filter(doc, '{{a}}'), doc) "
        f"ON CONFLICT (key) DO UPDATE SET {_SET}; RETURN NULL;",
    )
)
assert _DOCUMENT_FUNCTION.count("doc :=") == 1 and "RETURN NULL" in _DOCUMENT_FUNCTION
assert "directory_search_row_write" in _DOCUMENT_FUNCTION and "search_document" not in (
    _DOCUMENT_FUNCTION
)

TRIGGERS = [
    _DOCUMENT_FUNCTION,
    f"CREATE TRIGGER search_row_write AFTER INSERT OR UPDATE OF {', '.join(WRITTEN_BY)} "
    f"ON {ORG} FOR EACH ROW EXECUTE FUNCTION directory_search_row_write();",
    f"CREATE FUNCTION directory_search_row_delete() RETURNS trigger AS $$ BEGIN "
    f"DELETE FROM {ROWS} WHERE key = {key('OLD')}; RETURN NULL; END; $$ LANGUAGE plpgsql;",
    f"CREATE TRIGGER search_row_delete AFTER DELETE ON {ORG} "
    "FOR EACH ROW EXECUTE FUNCTION directory_search_row_delete();",
    # TRUNCATE fires no row trigger (Django's flush truncates every model's table, and this
    # table is not a model's): the search rows go with the organizations.
    f"CREATE FUNCTION directory_search_row_truncate() RETURNS trigger AS $$ BEGIN "
    f"TRUNCATE {ROWS}; RETURN NULL; END; $$ LANGUAGE plpgsql;",
    f"CREATE TRIGGER search_row_truncate AFTER TRUNCATE ON {ORG} "
    "FOR EACH STATEMENT EXECUTE FUNCTION directory_search_row_truncate();",
]

INDEX = [
    # The GIN index is built once the rows are in; a larger working memory than the default
    # 64 MB makes that build several times faster on a large directory.
    "SET LOCAL maintenance_work_mem = '256MB';",
    f"CREATE INDEX {ROWS}_document ON {ROWS} USING gin (document);",
    f"ANALYZE {ROWS};",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    statements = [
        *CREATE_TABLE,
        # Filling in key order sorts every row once: with more than the default 4 MB, a
        # large directory's sort merges far fewer runs from disk.
        "SET LOCAL work_mem = '256MB';",
        f"INSERT INTO {ROWS} (key, {', '.join(ROW_COLUMNS)}, name_document, document) "
        f"SELECT {key('o')}, {', '.join(f'o.{c}' for c in ROW_COLUMNS)}, "
        f"ts_filter(o.search_document, '{{a}}'), o.search_document FROM {ORG} o ORDER BY 1;",
        f"DROP TRIGGER search_document ON {ORG};",
        "DROP FUNCTION directory_search_document();",
        # Its GIN index goes with it.
        f"ALTER TABLE {ORG} DROP COLUMN search_document;",
        *TRIGGERS,
        *INDEX,
    ]
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    statements = [
        f"DROP TRIGGER search_row_write ON {ORG};",
        f"DROP TRIGGER search_row_delete ON {ORG};",
        f"DROP TRIGGER search_row_truncate ON {ORG};",
        "DROP FUNCTION directory_search_row_write();",
        "DROP FUNCTION directory_search_row_delete();",
        "DROP FUNCTION directory_search_row_truncate();",
        f"ALTER TABLE {ORG} ADD COLUMN search_document tsvector NOT NULL DEFAULT ''::tsvector;",
        f"UPDATE {ORG} o SET search_document = r.document FROM {ROWS} r WHERE r.id = o.id;",
        tokens._PG_FUNCTION.replace("CREATE OR REPLACE FUNCTION", "CREATE FUNCTION"),
        tokens._pg_trigger(tokens.TEXT_COLUMNS),
        f"DROP TABLE {ROWS};",
        f"CREATE INDEX org_search_document ON {ORG} USING gin (search_document);",
    ]
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_spatial_search_keys")]

    operations = [migrations.RunPython(forwards, backwards)]

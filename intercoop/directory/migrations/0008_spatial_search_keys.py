"""SQLite: the search index keyed by place. Each organization's full-text document gets the
organization's search key as its rowid instead of its id: the place key (organizations.places,
the organization's resolution-7 H3 cell) above the id, which the key's low 35 bits still hold.
Beside it, ``directory_search_row`` holds, under the same key, what a search checks on each
match (id, coordinates, status, facet values) and the name it may sort by. The organizations
of one area then have neighbouring keys, so the matches of a search in an area are read from a
few neighbouring pages of that table instead of one page each, and the full-text index skips
from one area's range to the next. Both are kept by triggers; the full-text table is rebuilt once. PostgreSQL
is unchanged. See docs/directory.md, "Spatial search keys".
"""

import importlib

from django.db import migrations

first = importlib.import_module("intercoop.directory.migrations.0005_search_index")
tokens = importlib.import_module("intercoop.directory.migrations.0007_search_facet_tokens")

ORG = first.ORG
FTS = first.FTS
ROWS = "directory_search_row"
# As in organizations.places when this migration was written.
ID_BITS = 35
NO_PLACE_KEY = (1 << 28) - 1
ROW_COLUMNS = ["id", "latitude", "longitude", "status", "name", *first.FACET_COLUMNS]
# A change of any of these rewrites the organization's document (0007's list, and the key).
TEXT_COLUMNS = [*tokens.TEXT_COLUMNS, "place_key"]


def key(row: str) -> str:
    """The search key of ``row`` (NEW, OLD, or an alias of the organizations table)."""
    return f"((ifnull({row}.place_key, {NO_PLACE_KEY}) << {ID_BITS}) | {row}.id)"


# The document of migration 0007 (words, cells, facet tokens), filed under the search key.
assert tokens._SQLITE_DOC.count("SELECT o.id, ") == 1
_DOC = tokens._SQLITE_DOC.replace("SELECT o.id, ", f"SELECT {key('o')}, ")


def _reindex(id_expr: str) -> str:
    """Rewrite the document of the organization ``id_expr`` (whose key has not changed)."""
    return (
        f"DELETE FROM {FTS} WHERE rowid = (SELECT {key('k')} FROM {ORG} k WHERE k.id = {id_expr}); "
        + _DOC.format(id=id_expr)
    )


def _row_insert(row: str) -> str:
    return (
        f"INSERT INTO {ROWS} (key, {', '.join(ROW_COLUMNS)}) "
        f"VALUES ({key(row)}, {', '.join(f'{row}.{c}' for c in ROW_COLUMNS)});"
    )


TRIGGERS = {
    "search_org_insert": (
        f"CREATE TRIGGER search_org_insert AFTER INSERT ON {ORG} BEGIN "
        f"{_DOC.format(id='NEW.id')} {first._GEO_INSERT} {first._facets_add('NEW', 1)} END;"
    ),
    "search_org_delete": (
        f"CREATE TRIGGER search_org_delete AFTER DELETE ON {ORG} BEGIN "
        f"DELETE FROM {FTS} WHERE rowid = {key('OLD')}; DELETE FROM {first.GEO} WHERE id = OLD.id; "
        f"{first._facets_add('OLD', -1)} END;"
    ),
    "search_org_text": (
        f"CREATE TRIGGER search_org_text AFTER UPDATE OF {', '.join(TEXT_COLUMNS)} ON {ORG} "
        f"BEGIN DELETE FROM {FTS} WHERE rowid = {key('OLD')}; {_DOC.format(id='NEW.id')} END;"
    ),
    "search_offer_insert": (
        f"CREATE TRIGGER search_offer_insert AFTER INSERT ON {first.OFFER} BEGIN "
        f"{_reindex('NEW.organization_id')} END;"
    ),
    "search_offer_update": (
        f"CREATE TRIGGER search_offer_update AFTER UPDATE ON {first.OFFER} BEGIN "
        f"{_reindex('OLD.organization_id')} {_reindex('NEW.organization_id')} END;"
    ),
    "search_offer_delete": (
        f"CREATE TRIGGER search_offer_delete AFTER DELETE ON {first.OFFER} BEGIN "
        f"{_reindex('OLD.organization_id')} END;"
    ),
    "search_row_insert": (
        f"CREATE TRIGGER search_row_insert AFTER INSERT ON {ORG} BEGIN {_row_insert('NEW')} END;"
    ),
    "search_row_delete": (
        f"CREATE TRIGGER search_row_delete AFTER DELETE ON {ORG} BEGIN "
        f"DELETE FROM {ROWS} WHERE key = {key('OLD')}; END;"
    ),
    "search_row_update": (
        f"CREATE TRIGGER search_row_update AFTER UPDATE OF place_key, "
        f"{', '.join(ROW_COLUMNS[1:])} ON {ORG} BEGIN "
        f"DELETE FROM {ROWS} WHERE key = {key('OLD')}; {_row_insert('NEW')} END;"
    ),
}
# The triggers of 0005 and 0007 that these replace (the others stay).
REPLACED = [t for t in TRIGGERS if t.startswith("search_org_") or t.startswith("search_offer_")]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    statements = [
        *(f"DROP TRIGGER {t};" for t in REPLACED),
        f"CREATE TABLE {ROWS} (key INTEGER PRIMARY KEY, id INTEGER NOT NULL, latitude REAL, "
        "longitude REAL, status TEXT NOT NULL, name TEXT NOT NULL, "
        + ", ".join(f"{c} TEXT NOT NULL" for c in first.FACET_COLUMNS)
        + ");",
        f"INSERT INTO {ROWS} (key, {', '.join(ROW_COLUMNS)}) "
        f"SELECT {key('o')}, {', '.join(f'o.{c}' for c in ROW_COLUMNS)} FROM {ORG} o "
        "ORDER BY 1;",
        *TRIGGERS.values(),
        *tokens._sqlite_rebuild(_DOC),
    ]
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    before = {
        name: next(s for s in (*tokens.SQLITE, *first.SQLITE) if s.startswith(f"CREATE TRIGGER {name} "))
        for name in REPLACED
    }
    statements = [
        *(f"DROP TRIGGER {t};" for t in TRIGGERS),
        f"DROP TABLE {ROWS};",
        *before.values(),
        *tokens._sqlite_rebuild(tokens._SQLITE_DOC),
    ]
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_search_facet_tokens"),
        ("organizations", "0009_place_key"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

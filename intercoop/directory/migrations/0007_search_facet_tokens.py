"""The facet values in the full-text index: beside the H3 cell tokens, each organization's
document holds one token per non-empty facet value (``intercoop.directory.search.tokens``:
a prefix naming the facet, the value's UTF-8 bytes in hexadecimal, then ``x``), so that words,
an area and facet values are one intersection inside the full-text index. The triggers that
write the document are replaced, and every document is rewritten once: on SQLite the FTS5 table
is rebuilt (then compacted), on PostgreSQL every ``search_document`` is recomputed. See
docs/directory.md, "Search".
"""

import importlib

from django.db import migrations

before = importlib.import_module("intercoop.directory.migrations.0005_search_index")

ORG = before.ORG
OFFER = before.OFFER
FTS = before.FTS
# As in intercoop.directory.search.tokens when this migration was written (a later change of
# prefixes needs a migration of its own).
TOKEN_PREFIX = {
    "activity": "fac",
    "structure": "fst",
    "membership_type": "fmt",
    "legal_form": "flf",
    "kind": "fki",
    "region": "frg",
    "country": "fco",
}
# A change of any of these rewrites the document.
TEXT_COLUMNS = list(dict.fromkeys([*before.TEXT_COLUMNS, *TOKEN_PREFIX]))

# --- SQLite -------------------------------------------------------------------------------

# SQLite's hex() of a text is the hexadecimal of its UTF-8 bytes (the database's encoding), in
# capitals, which the tokenizer folds as it folds every word.
_SQLITE_TOKENS = " || ".join(
    f"CASE WHEN o.{facet} <> '' THEN ' {prefix}' || hex(o.{facet}) || 'x' ELSE '' END"
    for facet, prefix in TOKEN_PREFIX.items()
)
# The document of migration 0005, with the tokens after the cells.
assert before._SQLITE_DOC.count("o.geo_cells ") == 1
_SQLITE_DOC = before._SQLITE_DOC.replace("o.geo_cells ", f"o.geo_cells || {_SQLITE_TOKENS} ")


DOC_TRIGGERS = [
    "search_org_insert",
    "search_org_text",
    "search_offer_insert",
    "search_offer_update",
    "search_offer_delete",
]

def _with_tokens(statement: str) -> str:
    """A trigger of migration 0005 that writes the document, now with the tokens (and, for the
    update trigger, fired by a change of the facet columns too)."""
    changed = statement.replace("o.geo_cells ", f"o.geo_cells || {_SQLITE_TOKENS} ").replace(
        f"UPDATE OF {', '.join(before.TEXT_COLUMNS)} ON", f"UPDATE OF {', '.join(TEXT_COLUMNS)} ON"
    )
    assert changed != statement
    return changed


SQLITE = [
    *(f"DROP TRIGGER {t};" for t in DOC_TRIGGERS),
    *(
        _with_tokens(s)
        for s in before.SQLITE
        if any(s.startswith(f"CREATE TRIGGER {t} ") for t in DOC_TRIGGERS)
    ),
]


def _sqlite_rebuild(doc: str) -> list[str]:
    """The FTS5 table made anew from every organization (dropping it is much faster than
    deleting its rows one by one), then compacted into one segment."""
    create, rank = before.SQLITE[0], before.SQLITE[1]
    assert create.startswith(f"CREATE VIRTUAL TABLE {FTS} ") and "'rank'" in rank
    return [
        f"DROP TABLE {FTS};",
        create,
        rank,
        doc.replace(" WHERE o.id = {id};", ";"),
        f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize');",
    ]


def _sqlite_before() -> list[str]:
    return [
        *(f"DROP TRIGGER {t};" for t in DOC_TRIGGERS),
        *(
            s
            for s in before.SQLITE
            if any(s.startswith(f"CREATE TRIGGER {t} ") for t in DOC_TRIGGERS)
        ),
    ]


# --- PostgreSQL ---------------------------------------------------------------------------

_PG_TOKENS = ", ".join(
    f"CASE WHEN NEW.{facet} <> '' THEN "
    f"'{prefix}' || encode(convert_to(NEW.{facet}, 'UTF8'), 'hex') || 'x' END"
    for facet, prefix in TOKEN_PREFIX.items()
)
_PG_FUNCTION_BEFORE = next(
    s for s in before.POSTGRES if "CREATE FUNCTION directory_search_document()" in s
)
_PG_CELLS_BEFORE = "setweight(to_tsvector('simple', NEW.geo_cells), 'D')"
assert _PG_CELLS_BEFORE in _PG_FUNCTION_BEFORE
_PG_FUNCTION = _PG_FUNCTION_BEFORE.replace(
    "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
).replace(
    _PG_CELLS_BEFORE,
    f"setweight(to_tsvector('simple', concat_ws(' ', NEW.geo_cells, {_PG_TOKENS})), 'D')",
)


def _pg_trigger(columns: list[str]) -> str:
    return (
        f"CREATE TRIGGER search_document BEFORE INSERT OR UPDATE OF {', '.join(columns)} "
        f"ON {ORG} FOR EACH ROW EXECUTE FUNCTION directory_search_document();"
    )


def _pg(function: str, columns: list[str]) -> list[str]:
    return [
        function,
        f"DROP TRIGGER search_document ON {ORG};",
        _pg_trigger(columns),
        # Setting the name to itself runs the trigger, so every document is recomputed.
        f"UPDATE {ORG} SET name = name;",
    ]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = SQLITE + _sqlite_rebuild(_SQLITE_DOC)
    elif vendor == "postgresql":
        statements = _pg(_PG_FUNCTION, TEXT_COLUMNS)
    else:
        raise RuntimeError(f"the search index has no triggers for {vendor}")
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = _sqlite_before() + _sqlite_rebuild(before._SQLITE_DOC)
    elif vendor == "postgresql":
        statements = _pg(
            _PG_FUNCTION_BEFORE.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"),
            before.TEXT_COLUMNS,
        )
    else:
        raise RuntimeError(f"the search index has no triggers for {vendor}")
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_search_row_index")]

    operations = [migrations.RunPython(forwards, backwards)]

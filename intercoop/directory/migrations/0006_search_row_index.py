"""SQLite: the full-text index compacted once, and a covering index of what a search checks on
each match (coordinates, status, facet values), so that checking tens of thousands of
full-text matches reads this narrow index rather than the organizations' wide rows.
PostgreSQL reads the rows from its bitmap heap scan and has no use for it. See
docs/directory.md, "Search".
"""

from django.db import migrations

INDEX = "org_search_row"
COLUMNS = ["id", "latitude", "longitude", "status", "activity", "structure", "membership_type",
           "legal_form", "kind", "region", "country"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON organizations_organization ({', '.join(COLUMNS)});"
        )
        # A directory filled before imports compacted the full-text index (see
        # directory.services.search_index_optimize) gets it compacted once here.
        schema_editor.execute(
            "INSERT INTO directory_search_fts (directory_search_fts) VALUES ('optimize');"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX};")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_search_index"),
        ("organizations", "0008_relationship_confirmation"),
    ]

    operations = [migrations.RunPython(create, drop)]

"""On PostgreSQL, a closing's result (17 MB of text for a cycle of 30,000 order lines) is
compressed with LZ4 rather than the default pglz when it is stored out of line: the text and its
digest are unchanged, and storing it takes a fraction of the time (docs/benchmarks.md). Only
where the server was built with LZ4 (PostgreSQL 14 and later); elsewhere, and on SQLite, nothing
changes."""

from django.db import migrations

TABLE = "exchange_cycleclosing"


def _lz4_available(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
            "AND 'lz4' = ANY(enumvals)"
        )
        return cursor.fetchone() is not None


def _set_compression(method: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql" or not _lz4_available(schema_editor):
            return
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN result SET COMPRESSION {method}"
        )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0004_closing_result_text"),
    ]

    operations = [
        # Rows stored before keep their compression until rewritten; new ones take LZ4.
        migrations.RunPython(_set_compression("lz4"), _set_compression("pglz")),
    ]

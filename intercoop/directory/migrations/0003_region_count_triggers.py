"""Triggers that keep directory_regioncount equal to a GROUP BY over organizations."""

from django.db import migrations

KEY = ["country", "region", "kind", "status", "activity", "structure"]
ORG = "organizations_organization"
CUBE = "directory_regioncount"

_cols = ", ".join(KEY)
_changed = " OR ".join(f"OLD.{k} IS DISTINCT FROM NEW.{k}" for k in KEY)


def _add(row: str, delta: int) -> str:
    values = ", ".join(f"{row}.{k}" for k in KEY)
    return (
        f"INSERT INTO {CUBE} ({_cols}, count) VALUES ({values}, {delta}) "
        f"ON CONFLICT ({_cols}) DO UPDATE SET count = {CUBE}.count + ({delta});"
    )


SQLITE = [
    f"CREATE TRIGGER regioncount_insert AFTER INSERT ON {ORG} BEGIN {_add('NEW', 1)} END;",
    f"CREATE TRIGGER regioncount_delete AFTER DELETE ON {ORG} BEGIN {_add('OLD', -1)} END;",
    f"CREATE TRIGGER regioncount_update AFTER UPDATE OF {_cols} ON {ORG} "
    f"WHEN {_changed.replace('IS DISTINCT FROM', 'IS NOT')} "
    f"BEGIN {_add('OLD', -1)} {_add('NEW', 1)} END;",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS regioncount_insert;",
    "DROP TRIGGER IF EXISTS regioncount_delete;",
    "DROP TRIGGER IF EXISTS regioncount_update;",
]

POSTGRES = [
    f"""
    CREATE FUNCTION regioncount_maintain() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN {_add('OLD', -1)} END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN {_add('NEW', 1)} END IF;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"CREATE TRIGGER regioncount_insert_delete AFTER INSERT OR DELETE ON {ORG} "
    "FOR EACH ROW EXECUTE FUNCTION regioncount_maintain();",
    f"CREATE TRIGGER regioncount_update AFTER UPDATE ON {ORG} "
    f"FOR EACH ROW WHEN ({_changed}) EXECUTE FUNCTION regioncount_maintain();",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS regioncount_update ON {ORG};",
    f"DROP TRIGGER IF EXISTS regioncount_insert_delete ON {ORG};",
    "DROP FUNCTION IF EXISTS regioncount_maintain();",
]

BACKFILL = [
    f"DELETE FROM {CUBE};",
    f"INSERT INTO {CUBE} ({_cols}, count) SELECT {_cols}, COUNT(*) FROM {ORG} GROUP BY {_cols};",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise RuntimeError(f"region counts have no triggers for {vendor}")
        for statement in statements_by_vendor[vendor]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_region_count"),
        ("organizations", "0002_registryidentifier_organization_activity_and_more"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE + BACKFILL, "postgresql": POSTGRES + BACKFILL}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]

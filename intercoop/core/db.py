from __future__ import annotations

from django.conf import settings
from django.db import connection


def describe_database() -> str:
    """Where the database is, for error messages; never includes a password."""
    db = settings.DATABASES["default"]
    if str(db["ENGINE"]).endswith("sqlite3"):
        return f"SQLite file {db['NAME']}"
    host = db.get("HOST") or "localhost"
    return f"PostgreSQL {db.get('USER') or ''}@{host}:{db.get('PORT') or 5432}/{db.get('NAME')}"


def check_database() -> None:
    """Raise OperationalError now if the database cannot be reached."""
    connection.ensure_connection()

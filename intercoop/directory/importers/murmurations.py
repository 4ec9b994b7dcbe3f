"""Reader for one Murmurations organization profile (JSON, schema ``organizations_schema-v1.0.0``),
checked against the official schema. Pure Python. One profile is one record, identified by its
primary URL, or by the address it was fetched from when it has none."""

from __future__ import annotations

import json
from typing import IO

from intercoop.directory import murmurations
from intercoop.directory.importers.records import OrgRecord, Parsed, RowError
from intercoop.directory.importers.validate import FileRefused

SOURCE = "murmurations"
# Murmurations profiles are published for anyone to index, but under no stated licence.
LICENCE = ""
ATTRIBUTION = "From a Murmurations profile"
# The fields a profile carries besides those every import owns.
EXTRA_FIELDS = (
    "nickname",
    "description",
    "mission",
    "email",
    "phone",
    "status",
    "geographic_scope",
    "founded_on",
)
# A profile may be fetched from an address, up to this size.
URL_MAX_BYTES = 1024 * 1024
BUNDLED = None  # no copy ships with Intercoop


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def parse(stream: IO[str], *, url: str = "") -> Parsed:
    """The profile as one record, or as one bad row (line 1) with the schema's complaints."""
    try:
        profile = json.load(stream, parse_constant=_refuse_constant)
    except (json.JSONDecodeError, ValueError) as exc:
        raise FileRefused(f"not a JSON document: {exc}") from None
    except RecursionError:
        raise FileRefused("not a JSON document this reader accepts: nested too deeply") from None
    source_id = ""
    if isinstance(profile, dict) and isinstance(profile.get("primary_url"), str):
        source_id = profile["primary_url"]
    parsed = Parsed(rows=1)
    try:
        fields = murmurations.profile_to_fields(profile, url=url)
    except murmurations.ProfileRefused as exc:
        reason = "not a valid Murmurations organization profile: " + "; ".join(exc.errors)
        parsed.errors.append(RowError(line=1, source_id=source_id or url, reason=reason))
        return parsed
    parsed.records.append(OrgRecord(**fields))
    return parsed

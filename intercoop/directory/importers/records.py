"""What every importer produces: validated organization records, and the rows it refused.
Pure Python, so importers can be tested and reused without Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class OrgRecord:
    source_id: str
    name: str
    legal_form: str = ""
    structure: str = ""
    activity: str = ""
    membership_type: str = ""
    street_address: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None
    website: str = ""
    registry_ids: tuple[tuple[str, str], ...] = ()  # (scheme, value)
    # Written only by the readers that name them in their EXTRA_FIELDS: a source that does not
    # carry them (Co-operatives UK) leaves what was written on Intercoop.
    nickname: str = ""
    description: str = ""
    email: str = ""
    phone: str = ""
    status: str = "active"
    geographic_scope: str = ""
    founded_on: date | None = None
    legal_name: str = ""
    description_language: str = ""
    mission: str = ""
    mission_language: str = ""


@dataclass(frozen=True)
class RowError:
    line: int  # the line of the file where the row starts
    source_id: str
    reason: str

    def __str__(self) -> str:
        who = f" ({self.source_id})" if self.source_id else ""
        return f"line {self.line}{who}: {self.reason}"


@dataclass
class Parsed:
    records: list[OrgRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

"""The licences imported data comes under: code (as stored in ``Organization.source_licence``)
→ full name and the address of its text. Names are the licences' own, not translated."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    code: str
    name: str
    url: str


LICENCES = {
    licence.code: licence
    for licence in (
        Licence(
            "ODC-By-1.0",
            "Open Data Commons Attribution License v1.0",
            "https://opendatacommons.org/licenses/by/1-0/",
        ),
        Licence(
            "ODbL-1.0",
            "Open Data Commons Open Database License v1.0",
            "https://opendatacommons.org/licenses/odbl/1-0/",
        ),
        Licence(
            "CC-BY-4.0",
            "Creative Commons Attribution 4.0 International",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        Licence(
            "CC0-1.0",
            "Creative Commons Zero v1.0 Universal",
            "https://creativecommons.org/publicdomain/zero/1.0/",
        ),
    )
}


def licence(code: str) -> Licence | None:
    """The licence of that code, or None for an empty or unknown code."""
    return LICENCES.get(code)

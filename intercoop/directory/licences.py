"""The licences the directory's records come under: code (as stored in
``Organization.source_licence`` for an imported record) → full name and the address of its text.
Names are the licences' own, not translated.

A record entered on Intercoop itself comes under ``ENTERED_LICENCE``, CC0 1.0: anyone may reuse
it without conditions, as in Karte von morgen and Wikidata, so that federations and other
directories can merge it with their own data without carrying a notice per record
(docs/directory.md, "Licences").
"""

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


ENTERED_LICENCE = "CC0-1.0"


def licence_code(*, source: str, source_licence: str) -> str:
    """The licence code of a record: its source's for an imported one, ``ENTERED_LICENCE`` for
    one entered on Intercoop."""
    return source_licence if source else ENTERED_LICENCE


def entered_licence() -> Licence:
    return LICENCES[ENTERED_LICENCE]

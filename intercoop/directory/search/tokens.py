"""Facet tokens: each organization's facet values as words of the full-text index.

The full-text index (FTS5's ``cells`` column on SQLite, weight D of the search row's
``document`` on PostgreSQL) holds, beside the H3 cell tokens, one token per non-empty facet
value: a prefix naming the facet, the value's UTF-8 bytes in hexadecimal, and ``x``. So "these
words, in this area, with this activity" is one intersection inside the full-text index, and a
common word in a dense city yields only the matches that have the activity instead of every
match to check.

A token is made only of ASCII letters and digits (the tokenizers keep it whole, and quoting it
keeps FTS5's query syntax out), ends with ``x`` (no suffix that SQLite's Porter stemmer removes
ends with it) and stands for exactly one value (hexadecimal is unambiguous, whatever the value's
case, accents, spaces or punctuation). The triggers of migration ``directory.0007`` write the
same tokens in SQL; ``test_the_index_holds_a_token_of_each_facet_value`` keeps both in step.
"""

from __future__ import annotations

FACET_TOKEN_PREFIX: dict[str, str] = {
    "activity": "fac",
    "structure": "fst",
    "membership_type": "fmt",
    "legal_form": "flf",
    "kind": "fki",
    "region": "frg",
    "country": "fco",
}


def facet_token(facet: str, value: str) -> str:
    if not value:
        raise ValueError("an empty facet value has no token")
    return f"{FACET_TOKEN_PREFIX[facet]}{value.encode('utf-8').hex()}x"

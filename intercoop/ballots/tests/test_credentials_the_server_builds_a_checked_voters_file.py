"""The server builds the voters file with ``voters_file``: the authority's tool reads back
exactly the voters, in the given order, with the same ``voters_hash``; a roll the tool would
refuse (a voter twice, a bad id, text too long, a formula, a bad college) is refused when built."""

from __future__ import annotations

from typing import Any

import pytest

from intercoop.ballots.tests.test_credentials_helpers import (
    DESCRIPTION_HASH,
    ELECTION_ID,
    VOTERS,
    VOTERS_HASH,
)
from intercoop_tools.credentials import (
    CredentialFileError,
    parse_voters_file,
    voters_file,
    voters_hash,
)
from intercoop_tools.record.encoding import hash_json


def _build(voters: list[dict[str, Any]]) -> dict[str, Any]:
    return voters_file(election_id=ELECTION_ID, description_hash=DESCRIPTION_HASH, voters=voters)


def test_the_tool_reads_back_the_servers_voters_in_order() -> None:
    built = _build(VOTERS)

    assert built["format"] == "intercoop-credential-voters"
    assert built["version"] == 1
    assert built["description_hash"] == DESCRIPTION_HASH.hex()
    parsed = parse_voters_file(built)
    assert parsed.election_id == ELECTION_ID
    assert parsed.description_hash == DESCRIPTION_HASH
    assert list(parsed.voters) == VOTERS
    assert parsed.voters_hash == VOTERS_HASH == hash_json(VOTERS)


def test_the_voters_hash_depends_on_every_field_and_the_order() -> None:
    hashes = {
        voters_hash(VOTERS),
        voters_hash(list(reversed(VOTERS))),
        voters_hash([{**VOTERS[0], "name": "Ana Lima "}, *VOTERS[1:]]),
        voters_hash([{**VOTERS[0], "email": "ana@example.com"}, *VOTERS[1:]]),
        voters_hash([{**VOTERS[0], "college": "users"}, *VOTERS[1:]]),
        voters_hash([{**VOTERS[0], "voter": 18}, *VOTERS[1:]]),
    }

    assert len(hashes) == 6


BAD: dict[str, tuple[list[dict[str, Any]], str]] = {
    "no voters": ([], "voters: there are no voters"),
    "a voter twice": ([VOTERS[0], {**VOTERS[1], "voter": 17}], "voter 17 is listed twice"),
    "a voter id of 0": ([{**VOTERS[0], "voter": 0}], "voters[0].voter: expected an integer"),
    "a voter id that is a bool": (
        [{**VOTERS[0], "voter": True}],
        "voters[0].voter: expected an integer",
    ),
    "a name of 301 characters": (
        [{**VOTERS[0], "name": "é" * 301}],
        "at most 300 characters",
    ),
    "an email of 301 characters": (
        [{**VOTERS[0], "email": "a" * 289 + "@example.org"}],
        "voters[0].email: expected a string of at most 300",
    ),
    "a formula": ([{**VOTERS[0], "name": "+1"}], "must not start with"),
    "a tab": ([{**VOTERS[0], "name": "Ana\tLima"}], "control characters"),
    "a college with a capital": ([{**VOTERS[0], "college": "Users"}], "expected an identifier"),
    "a missing field": (
        [{"voter": 1, "name": "x", "college": "users"}],
        "missing key(s) email",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_a_roll_the_tool_would_refuse_is_refused_when_built(case: str) -> None:
    voters, message = BAD[case]

    with pytest.raises(CredentialFileError) as refused:
        _build(voters)

    assert refused.value.message.startswith("voters file: ")
    assert message in refused.value.message


def test_names_and_emails_of_0_to_300_characters_are_accepted() -> None:
    voters = [
        {**VOTERS[0], "name": "é" * 300, "email": "a" * 288 + "@example.org"},
        {**VOTERS[1], "name": "", "email": ""},
    ]

    assert list(parse_voters_file(_build(voters)).voters) == voters


def test_a_bad_election_id_or_hash_is_refused_when_built() -> None:
    with pytest.raises(CredentialFileError, match="election_id: expected an identifier"):
        voters_file(election_id="Coop Vote", description_hash=DESCRIPTION_HASH, voters=VOTERS)
    with pytest.raises(CredentialFileError, match="description_hash: expected 32 bytes"):
        voters_file(election_id=ELECTION_ID, description_hash=b"\0" * 31, voters=VOTERS)

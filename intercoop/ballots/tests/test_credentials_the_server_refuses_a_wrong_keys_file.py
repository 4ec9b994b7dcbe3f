"""The server accepts a keys file only if it is the authority's file for this election and this
list of voters, with exactly one valid, distinct public key per voter; otherwise it refuses it
with a ``CredentialFileError`` that says why and names the voter."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from intercoop.ballots.tests.helpers import SMALL_ORDER_POINTS
from intercoop.ballots.tests.test_credentials_helpers import (
    DESCRIPTION_HASH,
    ELECTION_ID,
    VOTER_IDS,
    VOTERS_HASH,
    read_json,
    server_reads,
    server_voters_file,
)
from intercoop_tools.credentials import (
    CredentialFileError,
    make_credentials,
    parse_json,
    parse_keys_file,
    parse_voters_file,
)
from intercoop_tools.record.encoding import hash_json

Change = Callable[[dict[str, Any]], None]


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Any]:
    made, _rows = make_credentials(parse_voters_file(read_json(server_voters_file(tmp_path))))
    return made


def _changed(keys: dict[str, Any], change: Change) -> dict[str, Any]:
    value = copy.deepcopy(keys)
    change(value)
    return value


def _set(index: int, field: str, new: object) -> Change:
    def change(value: dict[str, Any]) -> None:
        value["credentials"][index][field] = new

    return change


def test_the_untouched_file_is_accepted(keys: dict[str, Any]) -> None:
    accepted = server_reads(keys)

    assert accepted == {c["voter"]: bytes.fromhex(c["credential"]) for c in keys["credentials"]}


def test_the_credentials_may_come_in_any_order(keys: dict[str, Any]) -> None:
    reordered = _changed(keys, lambda value: value["credentials"].reverse())

    assert server_reads(reordered) == server_reads(keys)


CASES: dict[str, tuple[Change, str, int | None]] = {
    "a missing voter": (
        lambda v: v["credentials"].pop(2),
        f"1 voter(s) have no credential: {VOTER_IDS[2]}",
        VOTER_IDS[2],
    ),
    "every voter missing": (
        lambda v: v["credentials"].clear(),
        f"4 voter(s) have no credential: {', '.join(map(str, VOTER_IDS))}",
        VOTER_IDS[0],
    ),
    "an extra voter": (
        lambda v: v["credentials"].append(
            {"voter": 99, "credential": v["credentials"][0]["credential"]}
        ),
        "voter 99 is not on the list of voters",
        99,
    ),
    "a duplicate voter": (
        _set(1, "voter", VOTER_IDS[0]),
        f"voter {VOTER_IDS[0]} has more than one credential",
        VOTER_IDS[0],
    ),
    "two voters with the same key": (
        lambda v: v["credentials"][3].update(credential=v["credentials"][1]["credential"]),
        f"voters {VOTER_IDS[1]} and {VOTER_IDS[3]} have the same credential",
        VOTER_IDS[3],
    ),
    "the identity as a key": (
        _set(1, "credential", SMALL_ORDER_POINTS[0]),
        f"voter {VOTER_IDS[1]}'s credential is not a valid public key: "
        "credentials[1].credential: the identity point is not allowed here",
        VOTER_IDS[1],
    ),
    "a point of order 2 as a key": (
        _set(1, "credential", SMALL_ORDER_POINTS[1]),
        f"voter {VOTER_IDS[1]}'s credential is not a valid public key",
        VOTER_IDS[1],
    ),
    "a point of order 8 as a key": (
        _set(2, "credential", SMALL_ORDER_POINTS[3]),
        f"voter {VOTER_IDS[2]}'s credential is not a valid public key",
        VOTER_IDS[2],
    ),
    "a non-canonical encoding as a key": (
        _set(0, "credential", "ed" + "ff" * 30 + "7f"),
        f"voter {VOTER_IDS[0]}'s credential is not a valid public key",
        VOTER_IDS[0],
    ),
    "a short key": (
        _set(0, "credential", "ab" * 31),
        f"voter {VOTER_IDS[0]}'s credential is not a valid public key: "
        "credentials[0].credential: expected 32 bytes",
        VOTER_IDS[0],
    ),
    "an upper-case key": (
        lambda v: v["credentials"][0].update(credential=v["credentials"][0]["credential"].upper()),
        f"voter {VOTER_IDS[0]}'s credential is not a valid public key",
        VOTER_IDS[0],
    ),
    "a voter id that is a string": (
        _set(0, "voter", str(VOTER_IDS[0])),
        "credentials[0].voter: expected an integer",
        None,
    ),
    "a voter id that is true": (_set(0, "voter", True), "expected an integer", None),
    "an extra field in an entry": (_set(0, "note", "x"), "unknown key(s) note", None),
    "credentials that are not a list": (
        lambda v: v.update(credentials={}),
        "credentials: expected a list",
        None,
    ),
    "another list of voters": (
        lambda v: v.update(voters_hash=hash_json([]).hex()),
        f"voters_hash is {hash_json([]).hex()}, expected {VOTERS_HASH.hex()}",
        None,
    ),
    "another election": (
        lambda v: v.update(election_id="other-vote"),
        f"this file is for election 'other-vote', not {ELECTION_ID!r}",
        None,
    ),
    "another description": (
        lambda v: v.update(description_hash="00" * 32),
        f"description_hash is {'00' * 32}, expected {DESCRIPTION_HASH.hex()}",
        None,
    ),
    "another format": (
        lambda v: v.update(format="intercoop-credential-voters"),
        "this is not a keys file",
        None,
    ),
    "another version": (lambda v: v.update(version=2), "version 2 is not supported", None),
    "a version that is a string": (
        lambda v: v.update(version="1"),
        "version '1' is not supported",
        None,
    ),
    "an unknown top-level field": (
        lambda v: v.update(codes=[]),
        "top level: unknown key(s) codes",
        None,
    ),
    "a missing top-level field": (
        lambda v: v.pop("voters_hash"),
        "top level: missing key(s) voters_hash",
        None,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_wrong_keys_file_is_refused(keys: dict[str, Any], case: str) -> None:
    change, message, voter = CASES[case]

    with pytest.raises(CredentialFileError) as refused:
        server_reads(_changed(keys, change))

    assert refused.value.message.startswith("keys file: ")
    assert message in refused.value.message
    assert refused.value.voter == voter


def test_the_server_must_expect_the_voters_the_file_was_made_for(keys: dict[str, Any]) -> None:
    with pytest.raises(CredentialFileError, match="voter 4 is not on the list") as refused:
        parse_keys_file(
            keys,
            election_id=ELECTION_ID,
            description_hash=DESCRIPTION_HASH,
            voters_hash=VOTERS_HASH,
            voters=[17, 9, 23],
        )
    assert refused.value.voter == 4


def test_a_keys_file_with_a_duplicate_json_key_is_not_read(keys: dict[str, Any]) -> None:
    text = json.dumps(keys)
    doubled = text.replace('"version": 1', '"version": 1, "version": 1', 1)
    assert doubled != text

    assert server_reads(parse_json(text, label="keys file")) == server_reads(keys)
    with pytest.raises(CredentialFileError, match=r"keys file: not valid JSON \(duplicate key"):
        server_reads(parse_json(doubled, label="keys file"))


def test_not_an_object_is_refused() -> None:
    with pytest.raises(CredentialFileError, match="keys file: expected a JSON object"):
        server_reads([])

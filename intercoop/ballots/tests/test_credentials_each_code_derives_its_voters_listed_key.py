"""The authority makes the credentials with ``intercoop-credentials make``; the server accepts
the keys file, and every code in the CSV derives (as the booth derives it) exactly the public key
listed for its voter, so each voter can vote and no one else holds a code."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import nacl.signing
import pytest

from intercoop.ballots.tests.test_credentials_helpers import (
    DESCRIPTION_HASH,
    ELECTION_ID,
    VOTER_IDS,
    VOTERS,
    VOTERS_HASH,
    read_codes,
    read_json,
    run,
    server_reads,
    server_voters_file,
)
from intercoop_tools.credentials import (
    credential_code,
    credential_seed,
    make_credentials,
    parse_voters_file,
)
from intercoop_tools.crypto.group import Point

BOOTH = Path(__file__).resolve().parents[1] / "static" / "ballots" / "booth.js"


def _key_of(code: str) -> bytes:
    return bytes(nacl.signing.SigningKey(credential_seed(code)).verify_key)


def test_the_server_accepts_the_keys_and_each_code_derives_its_voters_key(
    tmp_path: Path,
) -> None:
    voters = server_voters_file(tmp_path)
    keys_path, codes_path = tmp_path / "keys.json", tmp_path / "codes.csv"

    assert run("make", voters, "--keys", keys_path, "--codes", codes_path) == 0

    keys_file = read_json(keys_path)
    assert keys_file["election_id"] == ELECTION_ID
    assert keys_file["description_hash"] == DESCRIPTION_HASH.hex()
    assert keys_file["voters_hash"] == VOTERS_HASH.hex()
    assert [c["voter"] for c in keys_file["credentials"]] == VOTER_IDS
    accepted = server_reads(keys_file)
    assert sorted(accepted) == sorted(VOTER_IDS)
    for key in accepted.values():
        Point.from_bytes(key)

    rows = read_codes(codes_path)
    assert [(r["name"], r["email"], r["college"]) for r in rows] == [
        (v["name"], v["email"], v["college"]) for v in VOTERS
    ]
    for voter, row in zip(VOTERS, rows, strict=True):
        assert _key_of(row["code"]) == accepted[voter["voter"]]
    assert len({row["code"] for row in rows}) == len(rows)
    assert len(set(accepted.values())) == len(accepted)


def test_the_csv_has_exactly_the_documented_header(tmp_path: Path) -> None:
    codes_path = tmp_path / "codes.csv"
    run("make", server_voters_file(tmp_path), "--keys", tmp_path / "k.json", "--codes", codes_path)

    assert codes_path.read_bytes().splitlines()[0] == b"name,email,college,code"


def test_two_runs_make_different_credentials(tmp_path: Path) -> None:
    voters = parse_voters_file(read_json(server_voters_file(tmp_path)))

    first, first_rows = make_credentials(voters)
    second, second_rows = make_credentials(voters)

    assert first["voters_hash"] == second["voters_hash"] == VOTERS_HASH.hex()
    assert {c["credential"] for c in first["credentials"]}.isdisjoint(
        c["credential"] for c in second["credentials"]
    )
    assert {r["code"] for r in first_rows}.isdisjoint(r["code"] for r in second_rows)
    for rows, keys in ((first_rows, first), (second_rows, second)):
        for row, credential in zip(rows, keys["credentials"], strict=True):
            assert row["voter"] == credential["voter"]
            assert _key_of(row["code"]).hex() == credential["credential"]


def _booth_seeds(codes: list[str]) -> list[str | None]:
    """The booth's own ``seedFromCode`` (booth.js, run in Node) on each code: hex, or None."""
    source = BOOTH.read_text()
    alphabet = re.search(r"^const BASE32 = .*;$", source, re.MULTILINE)
    function = re.search(r"^function seedFromCode\(code\) \{$.*?^\}$", source, re.M | re.S)
    assert alphabet is not None and function is not None
    script = (
        f"{alphabet.group(0)}\n{function.group(0)}\n"
        "const codes = JSON.parse(process.argv[1]);\n"
        "console.log(JSON.stringify(codes.map((c) => {\n"
        "  const s = seedFromCode(c);\n"
        "  return s === null ? null : Buffer.from(s).toString('hex');\n"
        "})));\n"
    )
    node = shutil.which("node")
    assert node is not None
    result = subprocess.run(  # noqa: S603 - Node on our own script
        [node, "-e", script, json.dumps(codes)], capture_output=True, text=True, check=True
    )
    seeds: list[str | None] = json.loads(result.stdout)
    return seeds


def test_the_booth_reads_every_code_as_its_seed() -> None:
    seeds = [bytes(range(32)), bytes(32), b"\xff" * 32, *(os.urandom(32) for _ in range(20))]
    codes = [credential_code(seed) for seed in seeds]

    assert _booth_seeds(codes) == [seed.hex() for seed in seeds]
    assert _booth_seeds([" " + c.lower().replace("-", " - ") for c in codes[:3]]) == [
        seed.hex() for seed in seeds[:3]
    ]


def test_the_code_is_base32_in_groups_of_four() -> None:
    seed = bytes(range(32))

    code = credential_code(seed)

    # RFC 4648 base32 of the bytes 0 to 31, without its padding.
    assert code.replace("-", "") == "AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQTCQKRMFYYDENBWHA5DYPQ"
    assert [len(group) for group in code.split("-")] == [4] * 13
    assert credential_seed(code) == seed
    assert credential_seed(" " + code.lower().replace("-", " - ") + " ") == seed
    assert credential_seed(code.replace("-", "")) == seed


@pytest.mark.parametrize("code", ["", "ABCD-EFGH", "A" * 51, "A" * 53, "1" * 52])
def test_a_code_of_the_wrong_length_is_refused(code: str) -> None:
    with pytest.raises(ValueError, match="52 letters"):
        credential_seed(code)
    assert _booth_seeds([code]) == [None]
